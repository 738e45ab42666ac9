// The plain `lint` command-line reader (src/args.ts) against yargs: on generated command lines,
// whenever the reader answers, yargs runs the lint command with the same arguments and reports
// no failure.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainLintArgs } from '../../src/cli/args.js';
import { runYargs, type Commands, type LintArgs } from '../../src/cli/main.js';

/** What yargs does with `argv`: the lint arguments, or which other command ran, or its failure. */
async function viaYargs(argv: string[]): Promise<{ lint?: LintArgs; other?: string; failure?: string; error?: string }> {
  let lint: LintArgs | undefined;
  let other: string | undefined;
  const commands: Commands = {
    lint: async (a) => {
      lint = a;
      return 0;
    },
    graph: async () => {
      other = 'graph';
      return 0;
    },
    rules: async () => {
      other = 'rules';
      return 0;
    },
    explain: async () => {
      other = 'explain';
      return 0;
    },
  };
  try {
    const { failure } = await runYargs(argv, commands);
    return { lint, other, failure };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/** Whether the two readers agree on `argv`; true when the plain reader declines. */
async function agrees(argv: string[]): Promise<boolean> {
  const plain = plainLintArgs(argv);
  if (!plain) return false;
  const y = await viaYargs(argv);
  expect({ failure: y.failure, other: y.other, error: y.error }, JSON.stringify(argv)).toEqual({ failure: undefined, other: undefined, error: undefined });
  expect(plain, JSON.stringify(argv)).toEqual(y.lint);
  return true;
}

const TOKENS = [
  'lint', 'lint', 'graph', 'rules', './k8s', 'a.yaml', 'dir/b.yml', '-', '80', '0777', 'x=y', 'lint',
  '--format', '-f', 'json', 'sarif', 'text', 'github', 'markdown', 'bogus', '--format=json', '--format=', '-f=json',
  '--output', '-o', 'out.txt', '--output=report.sarif', '-q', '--quiet', '--quiet=true', '--color', '--no-color', '--no-quiet',
  '--max-warnings', '3', '-1', '010', '1e3', '--max-warnings=0', '--maxWarnings', '--config', '-c', 'cfg.yaml',
  '--context', '--cluster', 'east=clusters/east', '--crds', 'crds.yaml', '--stdin-filename', 'in.yaml',
  '--baseline', 'b.json', '--write-baseline', '--report-unused-suppressions', '--fix', '--fix-dry-run',
  '--linkerd-version', '2.18', '--emissary-version=3.9', '--', '--unknown', '-qf', '--format.x', '--context=ctx',
];

describe('the plain lint command-line reader', () => {
  it('reads generated command lines as yargs does, or declines', async () => {
    let taken = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...TOKENS), { maxLength: 7 }), async (argv) => {
        if (await agrees(argv)) taken++;
      }),
      { numRuns: Number(process.env.ARGS_RUNS ?? 1500) },
    );
    // It must take a fair share of them, not only decline.
    expect(taken).toBeGreaterThan(100);
  });

  it('takes the command lines of the README and the pre-commit hook', async () => {
    const lines = [
      [],
      ['lint', './k8s'],
      ['./k8s'],
      ['lint', './k8s', '--format', 'sarif', '--output', 'meshlint.sarif'],
      ['lint', '-', '--stdin-filename', 'prod.yaml'],
      ['lint', 'staged.yaml', '--context', '.'],
      ['lint', '--cluster', 'east=clusters/east', '--cluster', 'west=clusters/west'],
      ['lint', 'a.yaml', 'b.yaml', '-q', '--max-warnings', '0', '--no-color'],
    ];
    for (const argv of lines) expect(await agrees(argv), JSON.stringify(argv)).toBe(true);
  });

  it('leaves help, version, other commands and unknown options to yargs', () => {
    for (const argv of [['--help'], ['-h'], ['--version'], ['lint', '--help'], ['graph', '.'], ['rules'], ['explain', 'probe-path'], ['lint', '--formta', 'json'], ['lint', '--format', 'xml'], ['lint', '--', 'a.yaml']]) {
      expect(plainLintArgs(argv), JSON.stringify(argv)).toBeUndefined();
    }
  });
});
