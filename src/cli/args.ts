// The common `lint` command line, read without yargs. Loading and running yargs is about a
// quarter of a one-file run (~55 ms of ~235 ms), and a pre-commit hook or a CI step passes a
// handful of plain options. Anything this reader does not know for certain (help, version,
// other commands, an unknown or repeated option, a value that looks like an option, `--`,
// `--opt.sub`, camel-case spellings, a bad choice) goes to yargs, which reads, validates and
// reports it as before. A test compares both readers on generated command lines: whenever
// this one answers, yargs gives the same arguments.

import type { LintArgs } from './main.js';
import { FORMATS, type Format } from '../report/index.js';

type Kind = 'string' | 'strings' | 'boolean' | 'number' | 'format';

/**
 * The `lint` options this reader takes, by spelling, with the LintArgs field they set (a
 * boolean flag sets `value`, true unless given).
 */
const OPTIONS = new Map<string, { key: keyof LintArgs; kind: Kind; value?: boolean }>([
  ['--format', { key: 'format', kind: 'format' }],
  ['-f', { key: 'format', kind: 'format' }],
  ['--output', { key: 'output', kind: 'string' }],
  ['-o', { key: 'output', kind: 'string' }],
  ['--config', { key: 'config', kind: 'string' }],
  ['-c', { key: 'config', kind: 'string' }],
  ['--linkerd-version', { key: 'linkerdVersion', kind: 'string' }],
  ['--emissary-version', { key: 'emissaryVersion', kind: 'string' }],
  ['--stdin-filename', { key: 'stdinFilename', kind: 'string' }],
  ['--namespace', { key: 'namespace', kind: 'string' }],
  ['-n', { key: 'namespace', kind: 'string' }],
  ['--baseline', { key: 'baseline', kind: 'string' }],
  ['--write-baseline', { key: 'writeBaseline', kind: 'string' }],
  ['--context', { key: 'context', kind: 'strings' }],
  ['--cluster', { key: 'cluster', kind: 'strings' }],
  ['--crds', { key: 'crds', kind: 'strings' }],
  ['--max-warnings', { key: 'maxWarnings', kind: 'number' }],
  ['--quiet', { key: 'quiet', kind: 'boolean' }],
  ['-q', { key: 'quiet', kind: 'boolean' }],
  ['--color', { key: 'color', kind: 'boolean' }],
  ['--no-color', { key: 'color', kind: 'boolean', value: false }],
  ['--report-unused-suppressions', { key: 'reportUnusedSuppressions', kind: 'boolean' }],
  ['--fix', { key: 'fix', kind: 'boolean' }],
  ['--fix-dry-run', { key: 'fixDryRun', kind: 'boolean' }],
]);

const COMMANDS = new Set(['lint', 'graph', 'rules', 'explain']);

const INTEGER = /^-?(?:0|[1-9][0-9]{0,14})$/;

/**
 * The arguments of a plain `meshlint [lint] ...` command line, as yargs would give them to the
 * lint command; undefined when the line is anything else.
 */
export function plainLintArgs(argv: readonly string[]): LintArgs | undefined {
  const out: LintArgs = { paths: [], context: [], cluster: [], crds: [], format: 'text', maxWarnings: -1, quiet: false };
  const seen = new Set<keyof LintArgs>();
  // `lint` first, or no command (lint is the default). Where yargs finds a command name that
  // comes later depends on what it knows of the options before it: left to yargs.
  const named = argv[0] === 'lint';
  for (let i = named ? 1 : 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '-' || !token.startsWith('-')) {
      if (!named && COMMANDS.has(token)) return undefined;
      out.paths.push(token);
      continue;
    }
    const eq = token.startsWith('--') ? token.indexOf('=') : -1;
    const name = eq < 0 ? token : token.slice(0, eq);
    const option = OPTIONS.get(name);
    if (!option) return undefined;
    const { key, kind } = option;
    if (kind === 'boolean') {
      if (eq >= 0 || seen.has(key)) return undefined;
      seen.add(key);
      (out as unknown as Record<string, unknown>)[key] = option.value ?? true;
      continue;
    }
    let value: string;
    if (eq >= 0) value = token.slice(eq + 1);
    else if (i + 1 < argv.length) value = argv[++i];
    else return undefined;
    // A number is a plain integer (negative ones included); any other value that is empty or
    // looks like an option is left to yargs' rules.
    if (kind === 'number' ? !INTEGER.test(value) : value === '' || value.startsWith('-')) return undefined;
    if (kind === 'strings') {
      (out[key] as string[]).push(value);
      continue;
    }
    if (seen.has(key)) return undefined;
    seen.add(key);
    if (kind === 'format') {
      if (!(FORMATS as readonly string[]).includes(value)) return undefined;
      out.format = value as Format;
    } else if (kind === 'number') {
      out.maxWarnings = Number(value);
    } else {
      (out as unknown as Record<string, unknown>)[key] = value;
    }
  }
  return out;
}
