// The js-yaml-based locator (src/locate-fast.ts) against the `yaml`-based one (src/locate.ts):
// for every YAML file of the fixtures, the examples and the test data, every path of every
// document (keys and values, plus a missing key under each mapping and a missing index under
// each sequence) gets the same region from both, whenever the fast locator takes the file.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import jsyaml from 'js-yaml';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FastLocator, locatorFor } from '../../src/yaml/locate-fast.js';
import { FileLocator } from '../../src/yaml/locate.js';
import { JSYAML_SCHEMA } from '../../src/yaml/yaml11.js';
import type { Path } from '../../src/yaml/types.js';
import { ROOT } from '../helpers.js';

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...yamlFiles(p));
    else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out;
}

function pathsOf(value: unknown, base: Path = [], out: Path[] = []): Path[] {
  out.push(base);
  if (Array.isArray(value)) {
    value.forEach((v, i) => pathsOf(v, [...base, i], out));
    out.push([...base, value.length]);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) pathsOf(v, [...base, k], out);
    out.push([...base, 'no-such-key']);
  }
  return out;
}

const files = ['fixtures', 'examples', 'test/data'].flatMap((d) => yamlFiles(path.join(ROOT, d)));

/**
 * Compare the fast locators (built from the subset reader's nodes and from js-yaml's events,
 * each when it takes the file) with FileLocator on every path of `text`; the number of
 * comparisons (0: not taken).
 */
function compareAll(text: string): number {
  if (!(locatorFor(text) instanceof FastLocator)) return 0;
  let compared = 0;
  for (const fast of [FastLocator.fromSubset(text), FastLocator.build(text)]) if (fast) compared += compareWith(fast, text);
  return compared;
}

function compareWith(fast: FastLocator, text: string): number {
  const slow = new FileLocator(text);
  const docs = jsyaml.loadAll(text, undefined, { schema: JSYAML_SCHEMA }) as unknown[];
  let compared = 0;
  docs.forEach((doc, i) => {
    const o = doc as { kind?: unknown; metadata?: { name?: unknown } } | null;
    const verify = o && typeof o === 'object' && typeof o.kind === 'string' ? { kind: o.kind, name: String(o.metadata?.name) } : undefined;
    for (const p of pathsOf(doc)) {
      for (const target of ['key', 'value'] as const) {
        const want = slow.locate(i, p, target, verify);
        const got = fast.locate(i, p, target, verify);
        expect({ doc: i, path: p, target, ...got }, text).toEqual({ doc: i, path: p, target, ...want });
        compared++;
      }
    }
  });
  return compared;
}

/** Layouts the fixtures may not cover. */
const SAMPLES = [
  'a: one\n  two\n  three\nb: 1\n',
  'a: "one\n  two"\nb: \'it\'\'s\'\nc:   x   # trailing\n',
  'a:\r\n  b: 1\r\n  c: [1, {d: 2}]\r\n---\r\ne: f\r\n',
  'a:\n  b:\n  c: 1\n',
  'a:\n  b: # nothing\n  c: 1\n',
  'a:\n- x\n- y: 1\n  z: 2\n- [1, 2]\n',
  '- - a\n  - b\n- - c\n',
  '"quoted key": 1\n\'single\': 2\n3: three\ntrue: yes\nnull: ~\n',
  'a: {b: [1, 2], c: {d: e}}\nf: [ {g: h},\n  {i: j} ]\n',
  '# head\n\n---\n# only a comment then\na: 1\n...\n---\nb: 2\n',
  'a:\tb\nc:    \n  d: 1\n',
  'ключ: значение\nemoji: "🙂 x"\nb: 1\n',
  'a: 1\nb:\n  - 1\n  -   2\n  - c: 3\n    d:\n      e: 4\n',
  'apiVersion: v1\nkind: List\nitems:\n  - kind: Service\n    metadata: {name: a}\n  - kind: Service\n    metadata:\n      name: b\n',
];

describe('the fast locator gives the regions of the yaml locator', () => {
  it('takes most files', () => {
    const taken = files.filter((f) => locatorFor(readFileSync(f, 'utf8')) instanceof FastLocator);
    expect(files.length).toBeGreaterThan(100);
    expect(taken.length).toBeGreaterThan(files.length / 2);
    // Built from the subset reader's nodes for most of them, so both builders are compared.
    const fromSubset = files.filter((f) => FastLocator.fromSubset(readFileSync(f, 'utf8')));
    expect(fromSubset.length).toBeGreaterThan(taken.length * 0.8);
  });

  // Files the fast locator declines are located by the yaml locator alone: nothing to compare.
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    if (!(locatorFor(text) instanceof FastLocator)) continue;
    it(path.relative(ROOT, f), () => {
      expect(compareAll(text)).toBeGreaterThan(0);
    });
  }

  it('on hand-written layouts (multi-line scalars, CRLF, flow, empty values, lists)', () => {
    let taken = 0;
    for (const text of SAMPLES) if (compareAll(text) > 0) taken++;
    expect(taken).toBeGreaterThan(SAMPLES.length / 2);
  });

  it('on random documents as a YAML writer lays them out', () => {
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.oneof(fc.string({ maxLength: 30 }), fc.integer(), fc.constant(null), fc.boolean(), fc.constantFrom('yes', '0777', 'a: b', '- x', '# c', "it's", 'x\ny')),
        tie('arr'),
        tie('obj'),
      ),
      arr: fc.array(tie('tree'), { maxLength: 4 }),
      // Keys both parsers read as the same text: the `yaml` package's YAML 1.1 floats take `.`,
      // `e0` and the like, which js-yaml reads as strings, so keys do not start with `e`.
      obj: fc.dictionary(fc.oneof(fc.stringMatching(/^[a-df-z][a-z0-9 /-]{0,7}$/), fc.constantFrom('yes', '80', 'null', '"q"')), tie('tree'), { maxKeys: 4 }),
    }));
    let taken = 0;
    let fromSubset = 0;
    fc.assert(
      fc.property(
        fc.array(tree, { minLength: 1, maxLength: 3 }),
        fc.record({ flowLevel: fc.integer({ min: -1, max: 3 }), noArrayIndent: fc.boolean(), quotingType: fc.constantFrom("'", '"'), forceQuotes: fc.boolean(), condenseFlow: fc.boolean(), noCompatMode: fc.boolean() }),
        (docs, opts) => {
          const text = docs.map((d) => jsyaml.dump(d, { ...opts, lineWidth: -1 })).join('---\n');
          if (compareAll(text) > 0) taken++;
          if (FastLocator.fromSubset(text)) fromSubset++;
        },
      ),
      { numRuns: 600 },
    );
    expect(taken).toBeGreaterThan(100);
    expect(fromSubset).toBeGreaterThan(50);
  });
});
