// --fix: every fixtures/<id>/fix/<case> turns into <case>.fixed.<ext> with that rule's fixes,
// and the fixed file lints clean for the rule. Plus the edit machinery and the unified diff.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyFixes, renderQuoted, renderScalar } from '../../src/fix/apply.js';
import { diffLines, unifiedDiff } from '../../src/fix/diff.js';
import { fixAll } from '../../src/fix/index.js';
import { lint } from '../../src/lint.js';
import { RULES } from '../../src/engine/registry.js';
import type { ResolvedFixEdit } from '../../src/engine/types.js';
import { caseRequest, FIXTURES, lintCase, runMeshlint, tempDir } from '../helpers.js';

const FIXED = /\.fixed\.(ya?ml|json)$/;
const CASE = /\.(ya?ml|json)$/;

function fixedName(name: string): string {
  return name.replace(/\.(ya?ml|json)$/, '.fixed.$1');
}

const ids = new Set(RULES.map((r) => r.meta.id));
const fixDirs = readdirSync(FIXTURES).filter((id) => existsSync(path.join(FIXTURES, id, 'fix')));

describe('fix fixtures', () => {
  it('belong to registered rules and come in pairs', () => {
    expect(fixDirs.filter((id) => !ids.has(id))).toEqual([]);
    for (const id of fixDirs) {
      const names = readdirSync(path.join(FIXTURES, id, 'fix'));
      for (const n of names.filter((x) => CASE.test(x) && !FIXED.test(x))) expect(names, `fixtures/${id}/fix/${n}`).toContain(fixedName(n));
      for (const n of names.filter((x) => FIXED.test(x))) expect(names, `fixtures/${id}/fix/${n}`).toContain(n.replace('.fixed.', '.'));
    }
  });

  for (const id of fixDirs) {
    const dir = path.join(FIXTURES, id, 'fix');
    for (const name of readdirSync(dir).filter((x) => CASE.test(x) && !FIXED.test(x)).sort()) {
      it(`${id}: fix/${name}`, async () => {
        const req = caseRequest(path.join(dir, name));
        const before = await lint(req);
        const fixable = before.findings.filter((f) => f.ruleId === id && f.fix);
        expect(fixable.length, `fixtures/${id}/fix/${name} has no fixable ${id} finding`).toBeGreaterThan(0);

        const out = await fixAll((overlay) => lint({ ...req, overlay }), req.cwd, { rules: new Set([id]) });
        expect(out.skipped.map((x) => x.reason)).toEqual([]);
        expect(out.files.map((f) => f.file)).toEqual([name]);
        const expected = readFileSync(path.join(dir, fixedName(name)), 'utf8');
        expect(out.files[0].after).toBe(expected);
        expect(out.result.findings.filter((f) => f.ruleId === id)).toEqual([]);

        // The expected file itself lints clean for the rule, and parses.
        const fixed = await lint({ ...req, paths: [fixedName(name)] });
        expect(fixed.findings.filter((f) => f.ruleId === id || f.ruleId === 'yaml-syntax' || f.ruleId === 'manifest-shape')).toEqual([]);
      });
    }
  }
});

const edit = (p: ResolvedFixEdit['path'], value: ResolvedFixEdit['value'], docIndex = 0): ResolvedFixEdit => ({ file: 'x.yaml', docIndex, path: p, value });

describe('applying edits', () => {
  it('renders scalars in the style of the value they replace, quoting when YAML would misread them', () => {
    expect(renderScalar('/api/')).toBe('/api/');
    expect(renderScalar('true')).toBe('"true"');
    expect(renderScalar('yes')).toBe('"yes"');
    expect(renderScalar('4143')).toBe('"4143"');
    expect(renderScalar('0777')).toBe('"0777"');
    expect(renderScalar('a: b')).toBe('"a: b"');
    expect(renderScalar(4143)).toBe('4143');
    expect(renderScalar(true)).toBe('true');
    const docs = applyFixes("a: 'x'\nb: \"y\"\nc: z\n", [[edit(['a'], "it's")], [edit(['b'], 'q"q')], [edit(['c'], 'on')]]);
    expect(docs.after).toBe("a: 'it''s'\nb: \"q\\\"q\"\nc: \"on\"\n");
  });

  it('replaces only the value, keeping comments and layout', () => {
    const text = '# head\nkind: Service   # trailing\nmetadata:\n  annotations:\n    a.io/x: true  # keep me\n    b.io/y: "1"\nspec: {ports: [{name: mc_gateway, port: 4143}]}\n';
    const r = applyFixes(text, [[edit(['metadata', 'annotations', 'a.io/x'], 'true')], [edit(['spec', 'ports', 0, 'name'], 'mc-gateway')]]);
    expect(r.skipped).toEqual([]);
    expect(r.after).toBe(text.replace('a.io/x: true', 'a.io/x: "true"').replace('name: mc_gateway', 'name: mc-gateway'));
    const commas = applyFixes(text, [[edit(['spec', 'ports', 0, 'name'], 'a,b')]]);
    expect(commas.after).toContain('{name: "a,b", port: 4143}');
  });

  it('adds a missing key to a block map, and missing maps below it', () => {
    const text = 'metadata:\n  name: gw\n  labels:\n    app: gw # the app\nspec: {}\n';
    const r = applyFixes(text, [[edit(['metadata', 'annotations', 'mirror.linkerd.io/gateway-identity'], 'a.b.serviceaccount.identity.linkerd.cluster.local')]]);
    expect(r.after).toBe('metadata:\n  name: gw\n  labels:\n    app: gw # the app\n  annotations:\n    mirror.linkerd.io/gateway-identity: a.b.serviceaccount.identity.linkerd.cluster.local\nspec: {}\n');
    const flow = applyFixes(text, [[edit(['spec', 'x'], 'y')]]);
    expect(flow.skipped[0].reason).toMatch(/flow style/);
  });

  it('finds the document by index, in multi-document files and lists', () => {
    const text = 'kind: A\nv: 1\n---\nkind: B\nitems:\n  - v: 2\n  - v: 3\n';
    const r = applyFixes(text, [[edit(['items', 1, 'v'], 'four', 1)]]);
    expect(r.after).toBe(text.replace('v: 3', 'v: four'));
  });

  it('refuses what it cannot do safely', () => {
    const alias = applyFixes('a: &x 1\nb: *x\n', [[edit(['b'], '2')]]);
    expect(alias.skipped[0].reason).toMatch(/alias/);
    const notScalar = applyFixes('a:\n  b: 1\n', [[edit(['a'], '2')]]);
    expect(notScalar.skipped[0].reason).toMatch(/not a single value/);
    const overlap = applyFixes('a: 1\n', [[edit(['a'], 'two')], [edit(['a'], 'three')]]);
    expect(overlap.after).toBe('a: two\n');
    expect(overlap.skipped[0].reason).toMatch(/overlaps/);
    const same = applyFixes('a: 1\n', [[edit(['a'], '2')], [edit(['a'], '2')]]);
    expect(same.applied).toEqual([0, 1]);
  });

  it('keeps CRLF line ends', () => {
    const r = applyFixes('a:\r\n  b: 1\r\n', [[edit(['a', 'c'], 'x')]]);
    expect(r.after).toBe('a:\r\n  b: 1\r\n  c: x\r\n');
  });
});

describe('quote edits', () => {
  const quote = (p: ResolvedFixEdit['path'], docIndex = 0): ResolvedFixEdit => ({ file: 'x.yaml', docIndex, path: p, quote: true });

  it('turn a plain scalar into a double-quoted string of its source text', () => {
    expect(renderQuoted('on')).toBe('"on"');
    expect(renderQuoted('')).toBe('""');
    expect(renderQuoted('a"b\\c')).toBe('"a\\"b\\\\c"');
    const text = 'a: on   # keep\nb: 0777\nc: 1.10\nd: 0x1F\ne: ~\nf:\ng: {h: Yes, i: -3}\n';
    const r = applyFixes(text, ['a', 'b', 'c', 'd', 'e', 'f'].map((k) => [quote([k])]).concat([[quote(['g', 'h'])], [quote(['g', 'i'])]]));
    expect(r.skipped).toEqual([]);
    expect(r.after).toBe('a: "on"   # keep\nb: "0777"\nc: "1.10"\nd: "0x1F"\ne: "~"\nf: ""\ng: {h: "Yes", i: "-3"}\n');
  });

  it('quote JSON values as JSON strings', () => {
    const r = applyFixes('{"a": true, "b": 12}', [[quote(['a'])], [quote(['b'])]]);
    expect(r.after).toBe('{"a": "true", "b": "12"}');
    expect(JSON.parse(r.after)).toEqual({ a: 'true', b: '12' });
  });

  it('refuse a tagged, quoted, block or missing value', () => {
    const reasons = (text: string, p: ResolvedFixEdit['path']) => applyFixes(text, [[quote(p)]]).skipped.map((x) => x.reason);
    expect(reasons('a: !!int "3"\n', ['a'])[0]).toMatch(/explicit tag/);
    expect(reasons("a: 'x'\n", ['a'])[0]).toMatch(/already quoted/);
    expect(reasons('a: |\n  x\n', ['a'])[0]).toMatch(/block scalar/);
    expect(reasons('a: 1\n', ['b'])[0]).toMatch(/gone/);
    expect(reasons('a: [1]\n', ['a'])[0]).toMatch(/not a single value/);
  });
});

describe('findings without a mechanical fix', () => {
  const tmp = tempDir('nofix');
  const fixesOf = async (casePath: string, id: string) =>
    (await lintCase(casePath)).findings.filter((f) => f.ruleId === id).map((f) => ({ line: f.line, fix: Boolean(f.fix) }));

  it('annotation-value-type: a list or mapping value has none, scalars do', async () => {
    const out = await fixesOf(path.join(FIXTURES, 'annotation-value-type', 'fail', 'namespace-and-list.yaml'), 'annotation-value-type');
    expect(out.filter((f) => !f.fix).map((f) => f.line)).toEqual([29]);
    expect(out.filter((f) => f.fix).length).toBe(5);
  });

  it('probe-path: an empty path has none', async () => {
    const out = await fixesOf(path.join(FIXTURES, 'probe-path', 'fail', 'empty.yaml'), 'probe-path');
    expect(out).toEqual([{ line: 48, fix: false }]);
  });

  it('gateway-identity: pods with different identities have none', async () => {
    const out = await fixesOf(path.join(FIXTURES, 'gateway-identity', 'fail', 'mixed-service-accounts.yaml'), 'gateway-identity');
    expect(out).toEqual([{ line: 72, fix: false }]);
  });

  it('gateway-ports: a near miss is renamed only when it is the only one', async () => {
    const src = readFileSync(path.join(FIXTURES, 'gateway-ports', 'fix', 'near-miss.yaml'), 'utf8');
    const file = path.join(tmp, 'two.yaml');
    writeFileSync(file, src.replace('    - name: "mcprobe"\n', '    - name: mcgateway\n      port: 4144\n    - name: "mcprobe"\n'));
    const out = await fixesOf(file, 'gateway-ports');
    // mc_gateway and mcgateway both miss mc-gateway narrowly: no rename. mcprobe is alone: renamed.
    expect(out).toEqual([
      { line: 47, fix: false },
      { line: 51, fix: true },
    ]);
  });
});

describe('unified diff', () => {
  it('is the shortest edit script', () => {
    const lcs = (a: string[], b: string[]) => {
      const dp = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
      for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) dp[i][j] = a[i] === b[j] ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
      return dp[0][0];
    };
    const lines = fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 14 });
    fc.assert(
      fc.property(lines, lines, (a, b) => {
        const ops = diffLines(a, b);
        expect(ops.filter((o) => o.kind !== '+').map((o) => o.line)).toEqual(a);
        expect(ops.filter((o) => o.kind !== '-').map((o) => o.line)).toEqual(b);
        expect(ops.filter((o) => o.kind === ' ').length).toBe(lcs(a, b));
      }),
      { numRuns: 400 },
    );
  });

  it('prints hunks with three lines of context, like diff -u', () => {
    const before = Array.from({ length: 20 }, (_, i) => `l${i + 1}`).join('\n') + '\n';
    const after = before.replace('l3\n', 'L3\n').replace('l18\n', '');
    expect(unifiedDiff('f.yaml', before, after)).toBe(
      ['--- a/f.yaml', '+++ b/f.yaml', '@@ -1,6 +1,6 @@', ' l1', ' l2', '-l3', '+L3', ' l4', ' l5', ' l6', '@@ -15,6 +15,5 @@', ' l15', ' l16', ' l17', '-l18', ' l19', ' l20', ''].join('\n'),
    );
    expect(unifiedDiff('f.yaml', 'a\n', 'a\n')).toBe('');
    expect(unifiedDiff('f.yaml', 'a', 'a\n')).toBe(['--- a/f.yaml', '+++ b/f.yaml', '@@ -1,1 +1,1 @@', '-a', '\\ No newline at end of file', '+a', ''].join('\n'));
  });

  it('agrees with diff -u when it is installed', (ctx) => {
    if (spawnSync('diff', ['--version']).status !== 0) ctx.skip('diff is not installed');
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'meshlint-diff-'));
    try {
      const before = 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\n';
      const after = 'a\nB\nc\nd\ne\nf\ng\nh\ni\nk\nl\n';
      writeFileSync(path.join(tmp, 'a'), before);
      writeFileSync(path.join(tmp, 'b'), after);
      const gnu = spawnSync('diff', ['-u', 'a', 'b'], { cwd: tmp, encoding: 'utf8' }).stdout.split('\n').slice(2).join('\n');
      expect(unifiedDiff('x', before, after).split('\n').slice(2).join('\n')).toBe(gnu);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('meshlint lint --fix', () => {
  const tmp = tempDir('fix');
  const run = (args: string[], input?: string) => runMeshlint(args, { cwd: tmp, input });
  const src = readFileSync(path.join(FIXTURES, 'mapping-prefix', 'fix', 'styles.yaml'), 'utf8');
  const want = readFileSync(path.join(FIXTURES, 'mapping-prefix', 'fix', 'styles.fixed.yaml'), 'utf8');

  it('--fix-dry-run prints a unified diff and changes nothing', () => {
    writeFileSync(path.join(tmp, 'm.yaml'), src);
    const r = run(['lint', 'm.yaml', '--fix-dry-run']);
    expect(r.stdout).toBe(unifiedDiff('m.yaml', src, want));
    expect(r.stdout).toContain('-  prefix: api/   # the public API\n+  prefix: /api/   # the public API\n');
    expect(r.stderr).toContain('would fix 3 problems in 1 file');
    expect(readFileSync(path.join(tmp, 'm.yaml'), 'utf8')).toBe(src);
  });

  it('--fix writes the fixed file and reports what is left', () => {
    const r = run(['lint', 'm.yaml', '--fix']);
    expect(readFileSync(path.join(tmp, 'm.yaml'), 'utf8')).toBe(want);
    expect(r.stderr).toContain('fixed 3 problems in 1 file');
    expect(r.stdout).not.toContain('mapping-prefix');
    expect(run(['lint', 'm.yaml', '--fix']).stderr).toContain('fixed 0 problems in 0 files');
  });

  it('does not fix suppressed findings, nor standard input', () => {
    writeFileSync(path.join(tmp, 's.yaml'), src.replace('  prefix: api/', '  # meshlint-disable-next-line mapping-prefix -- on purpose\n  prefix: api/'));
    run(['lint', 's.yaml', '--fix']);
    expect(readFileSync(path.join(tmp, 's.yaml'), 'utf8')).toContain('  prefix: api/');
    const stdin = run(['lint', '-', '--fix'], src);
    expect(stdin.status).toBe(2);
  });
});
