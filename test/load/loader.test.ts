// Loading: multi-document YAML, kind: List, JSON, BOM, CRLF, YAML 1.1 scalars, and bad input
// that becomes findings with positions while everything else is still linted.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/lint.js';
import { loadFiles } from '../../src/load/resources.js';
import { parseFast, parseSlow } from '../../src/yaml/parse.js';
import { runEngine } from '../../src/engine/run.js';
import { defineRule } from '../../src/engine/rule.js';
import { makeSettings } from '../../src/model/settings.js';
import mappingPrefix from '../../rules/mapping-prefix.js';
import type { SourceFile } from '../../src/load/types.js';
import { tempDir, writeIn } from '../helpers.js';

const dir = tempDir('load');

function write(rel: string, text: string | Buffer): string {
  writeIn(dir, rel, text);
  return rel;
}

const mapping = (name: string, prefix: string) => `apiVersion: getambassador.io/v3alpha1
kind: Mapping
metadata:
  name: ${name}
  namespace: shop
spec:
  hostname: "*"
  prefix: ${prefix}
  service: localhost:8080
`;

const file = (text: string, p = 'x.yaml'): SourceFile => ({ path: p, text, reported: true });

describe('parsing', () => {
  it('reads scalars as Kubernetes does (YAML 1.1), on both paths', () => {
    const text = 'a: yes\nb: "yes"\nc: on\nd: 0777\ne: 2001-12-14\nf: 1:20\ng: ~\nh: y\n';
    const fast = parseFast(text)!.docs[0].value;
    const slow = parseSlow(text).docs[0].value;
    expect(fast).toEqual({ a: true, b: 'yes', c: true, d: 511, e: '2001-12-14', f: '1:20', g: null, h: true });
    expect(slow).toEqual(fast);
  });

  it('reads numbers as Kubernetes does, on both paths', () => {
    const text = 'a: .\nb: ._\nc: e0\nd: 1_000\ne: 1.5e3\nf: .5\ng: -.5\nh: 1_0.5\ni: 0o17\nj: 0x1F\nk: 0b101\n';
    const fast = parseFast(text)!.docs[0].value;
    const slow = parseSlow(text).docs[0].value;
    expect(fast).toEqual({ a: '.', b: '._', c: 'e0', d: 1000, e: 1500, f: 0.5, g: -0.5, h: 10.5, i: 15, j: 31, k: 5 });
    expect(slow).toEqual(fast);
  });

  it('reads the corners of numbers as Kubernetes does: underscores anywhere, prefixes in any case, no overflow', () => {
    const cases: Array<[string, unknown]> = [
      ['0_', 0],
      ['0_17', 15],
      ['-0', 0],
      ['0X1F', 31],
      ['0x_1f_', 31],
      ['0o7_', 7],
      ['0B1_1', 3],
      ['0x_', '0x_'],
      ['0b_', '0b_'],
      ['9e919', '9e919'],
      ['0x1FFFFFFFFFFFFFFFF', '0x1FFFFFFFFFFFFFFFF'],
      ['0xFFFFFFFFFFFFFFFF', 18446744073709551615],
    ];
    const text = cases.map(([v], i) => `k${i}: ${v}`).join('\n') + '\n';
    const want = Object.fromEntries(cases.map(([, w], i) => [`k${i}`, w]));
    expect(parseFast(text)!.docs[0].value).toEqual(want);
    expect(parseSlow(text).docs[0].value).toEqual(want);
  });

  it('reads random plain scalars the same on both paths (booleans, octals, numbers, words)', () => {
    const scalar = fc
      .array(fc.constantFrom('y', 'Y', 'n', 'N', 'o', 'O', 'ff', 'n', 'es', 'rue', 'alse', 'e', 'E', '.', '0', '1', '7', '9', '-', '+', '_', 'x', 'X', 'o', 'b', 'B', 'c', 'F', 'inf', 'nan', 'NaN', '~', 'a', '99999999999'), { minLength: 1, maxLength: 6 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(scalar, (v) => {
        const text = `k: ${v}\n`;
        const fast = parseFast(text);
        const slow = parseSlow(text);
        if (!fast || slow.problems.length > 0) return;
        expect(fast.docs[0].value, v).toEqual(slow.docs[0].value);
      }),
      { numRuns: Number(process.env.SCALAR_RUNS ?? 3000) },
    );
  });

  it('takes the slow path for anchors, and bounds alias expansion', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill('*' + String.fromCharCode(96 + i)).join(',')}]`);
    const text = bomb.join('\n') + '\n';
    expect(parseFast(text)).toBeUndefined();
    const r = parseSlow(text);
    expect(r.docs).toEqual([]);
    expect(r.problems[0].message).toMatch(/alias bomb/);
    expect(r.problems[0].region.line).toBe(1);
  });

  it('keeps the documents around a broken one', () => {
    const text = `${mapping('a', 'x/')}---\nkind: [\n---\n${mapping('b', 'y/')}`;
    const r = parseSlow(text);
    expect(r.docs.map((d) => d.index)).toEqual([0, 2]);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0].region.line).toBeGreaterThanOrEqual(11);
  });
});

describe('loading resources', () => {
  it('unpacks kind: List and locates items at their own lines', async () => {
    write('list/list.yaml', `apiVersion: v1
kind: List
items:
  - apiVersion: getambassador.io/v3alpha1
    kind: Mapping
    metadata:
      name: one
      namespace: shop
    spec:
      hostname: "*"
      prefix: one/
      service: localhost:8080
`);
    const r = await lint({ cwd: dir, paths: ['list'] });
    expect(r.findings.map((f) => [f.ruleId, f.file, f.line, f.column])).toEqual([['mapping-prefix', 'list/list.yaml', 11, 15]]);
  });

  it('reads JSON, BOM and CRLF files with correct positions', async () => {
    write('fmt/a.json', JSON.stringify({ apiVersion: 'getambassador.io/v3alpha1', kind: 'Mapping', metadata: { name: 'j', namespace: 'shop' }, spec: { hostname: '*', prefix: 'json/', service: 'localhost:1' } }, null, 2));
    write('fmt/b.yaml', '\ufeff' + mapping('bom', 'bom/'));
    write('fmt/c.yaml', mapping('crlf', 'crlf/').replace(/\n/g, '\r\n'));
    const r = await lint({ cwd: dir, paths: ['fmt'] });
    expect(r.findings.map((f) => [f.file, f.line, f.column])).toEqual([
      ['fmt/a.json', 10, 15],
      ['fmt/b.yaml', 8, 11],
      ['fmt/c.yaml', 8, 11],
    ]);
  });

  it('skips Helm values and CI files, and reports objects that are half manifests', async () => {
    write('skip/values.yaml', 'replicaCount: 2\nimage:\n  tag: latest\n');
    write('skip/ci.yml', 'on:\n  push: {}\njobs: {}\n');
    write('skip/half.yaml', 'kind: Mapping\nmetadata:\n  name: x\n');
    const r = await lint({ cwd: dir, paths: ['skip'] });
    expect(r.findings.map((f) => [f.ruleId, f.file, f.line])).toEqual([['manifest-shape', 'skip/half.yaml', 1]]);
  });

  it('turns bad files into findings and lints the rest', async () => {
    write('bad/dup.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  name: b\n');
    write('bad/broken.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: x\n');
    write('bad/big.yaml', mapping('big', '/ok/') + '#'.repeat(2000) + '\n');
    write('bad/good.yaml', mapping('g', 'g/'));
    const r = await lint({ cwd: dir, paths: ['bad'], config: { maxFileBytes: 1000 } });
    const got = r.findings.map((f) => [f.ruleId, f.file, f.line]);
    expect(got).toContainEqual(['yaml-syntax', 'bad/dup.yaml', 5]);
    expect(got).toContainEqual(['yaml-syntax', 'bad/big.yaml', 1]);
    expect(got).toContainEqual(['mapping-prefix', 'bad/good.yaml', 8]);
    expect(got.some(([rule, f]) => rule === 'yaml-syntax' && f === 'bad/broken.yaml')).toBe(true);
    expect(r.findings.find((f) => f.file === 'bad/big.yaml')!.message).toMatch(/over the 1000-byte limit/);
  });

  it('gives the same findings on the fast and the slow parsing path', () => {
    const texts = [mapping('a', 'a/'), `${mapping('b', 'b/')}---\n${mapping('c', '/c/')}`, 'apiVersion: v1\nkind: List\nitems: []\n'];
    for (const t of texts) {
      const fast = loadFiles([file(t)], 'auto');
      const slow = loadFiles([file(t)], 'slow');
      expect(fast.resources.map((r) => [r.ref, r.docIndex, r.obj])).toEqual(slow.resources.map((r) => [r.ref, r.docIndex, r.obj]));
    }
  });
});

describe('engine', () => {
  it('keeps the other rules findings when one rule throws, and names the rule', () => {
    const boom = defineRule({
      meta: { id: 'boom', severity: 'error', section: 'E', description: 'Throws.', remediation: 'None.', kinds: ['Mapping'] },
      check() {
        throw new Error('kaput');
      },
    });
    const loaded = loadFiles([file(mapping('a', 'a/'))]);
    const r = runEngine([{ name: '', resources: loaded.resources, problems: loaded.problems }], { rules: [boom, mappingPrefix], settings: makeSettings() });
    expect(r.crashed).toEqual(['boom']);
    expect(r.findings.map((f) => f.ruleId).sort()).toEqual(['internal-error', 'mapping-prefix']);
    expect(r.findings.find((f) => f.ruleId === 'internal-error')!.message).toMatch(/Rule boom failed.*kaput/);
  });

  it('sorts and de-duplicates findings', () => {
    const twice = defineRule({
      meta: { id: 'twice', severity: 'warning', section: 'E', description: 'Twice.', remediation: 'None.', kinds: ['Mapping'] },
      check(ctx) {
        for (const m of [...ctx.graph.mappings].reverse()) {
          ctx.report({ resource: m.resource, path: ['spec', 'prefix'], message: 'x' });
          ctx.report({ resource: m.resource, path: ['spec', 'prefix'], message: 'x' });
        }
      },
    });
    const loaded = loadFiles([file(`${mapping('a', '/a/')}---\n${mapping('b', '/b/')}`)]);
    const r = runEngine([{ name: '', resources: loaded.resources, problems: [] }], { rules: [twice], settings: makeSettings() });
    expect(r.findings.map((f) => f.line)).toEqual([8, 18]);
  });
});
