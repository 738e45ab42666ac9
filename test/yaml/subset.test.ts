// The subset reader (src/load/subset.ts) against js-yaml with the same schema: whenever the
// reader returns values they must be js-yaml's, key order included; when js-yaml fails the
// reader must give up. Generated texts explore block structure, scalars, block scalars, flow,
// comments and markers, then random one-character edits break them.

import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import jsyaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { parseFast, parseSlow } from '../../src/yaml/parse.js';
import { parseSubset, resolvePlain } from '../../src/yaml/subset.js';
import { JSYAML_SCHEMA } from '../../src/yaml/yaml11.js';

const MAX_DEPTH = 201;

function jsyamlOf(text: string): unknown[] | Error {
  try {
    return jsyaml.loadAll(text, undefined, { schema: JSYAML_SCHEMA }) as unknown[];
  } catch (err) {
    return err as Error;
  }
}

/**
 * Values with every mapping's keys listed in order (so that key order is compared too) and
 * numbers spelled out (so that -0, NaN and the type of every scalar are compared exactly).
 */
function ordered(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(ordered);
  if (v !== null && typeof v === 'object') return { map: Object.entries(v).map(([k, x]) => [k, ordered(x)]) };
  if (typeof v === 'number') return `number ${Object.is(v, -0) ? '-0' : String(v)}`;
  return v;
}

/** Whether the reader agrees with js-yaml on `text`; true when it gives up. */
function agrees(text: string): { accepted: boolean } {
  const mine = parseSubset(text, MAX_DEPTH);
  if (mine === undefined) return { accepted: false };
  const theirs = jsyamlOf(text);
  expect(theirs instanceof Error ? `js-yaml fails: ${theirs.message}` : 'ok', JSON.stringify(text)).toBe('ok');
  expect(ordered(mine), JSON.stringify(text)).toEqual(ordered(theirs));
  return { accepted: true };
}

// A small seeded generator of YAML-like texts.
class Gen {
  constructor(
    private s: number,
    /** How often odd keys, scalars, headers and indentation are picked. */
    readonly odd: number,
  ) {}
  next(): number {
    // mulberry32
    this.s = (this.s + 0x6d2b79f5) | 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  /** From `usual`, or from `odd` now and then. */
  mostly<T>(usual: readonly T[], odd: readonly T[]): T {
    return this.chance(this.odd) ? this.pick(odd) : this.pick(usual);
  }
}

const KEYS = ['name', 'kind', 'a', 'b', 'c', 'spec', 'x-y', 'a.b/c', 'metadata', 'app.kubernetes.io/name', '"quoted"', 'port'];
const ODD_KEYS = ['true', 'yes', 'on', '1', '0x1F', '1.0', '~', 'null', '"quoted"', "'single'", '"a b"', 'a b', '__proto__', 'constructor', 'toString', '-k', 'k[0]', 'k#x', '"k": "v"', 'é', '.5', '+1', 'n', 'Y', 'o', 'f'];
const SCALARS = ['web', 'app-1', '80', '-1', '0', 'true', 'yes', '~', '"q"', "'q'", '{a: 1}', '[1, 2]', '[]', '{}', '1.5', 'http://x:80/a', 'a#b', '"a\\"b"', "'it''s'", 'x # c', '100m', '{cpu: 100m, memory: 128Mi}'];
const ODD_SCALARS = [
  'web', 'app-1', '80', '-1', '0', '007', '0o17', '0x1F', '0b11', '1_000', '1e3', '9e919', '.5', '-.5', '.inf', '-.Inf', '.NaN', '.nan', '~', 'null', 'Null',
  'NULL', 'true', 'False', 'yes', 'No', 'on', 'OFF', 'y', 'n', '2001-12-14', '1:20', 'http://x:80/a', 'a:b', 'a: b', 'a #b', 'a#b', 'a  b', ':x', '?x', '-x', '- x',
  '-', '?', ':', '---x', '...', '%x', '@x', '`x', '!x', '!!str 1', '&a x', '*a', '"q"', "'q'", '"a\\"b"', '"\\x41\\u00e9\\U0001F600"', '"\\q"', '"\\/\\ \\_\\N"',
  "'it''s'", '"unterminated', "'unterminated", '"a" b', '"a"#c', '"a" #c', '{a: 1}', '[1, 2]', '{a}', '[a, b: c]', '[]', '{}', '[ ]', '{ }', '[a, ]', '[a,, b]',
  '{a: [1, {b: c}]}', '{"a": \'b\'}', '[-1, -x]', '[a:b]', '{a: b:c}', '{a: b: c}', '{a: }', '[a #c]', '[[a], [b, [c]]]', '{a: 1, a: 2}', '[a] x', 'x]', 'x[',
  '[a, "b, c", \'d\']', '{k: "v"}', '{1: 2, true: x}', '"é"', 'é', 'a\u2028b', '0_', '0_17', '-0', '0X1F', '+.5', '1.', '._', 'e0', 'x: y: z', 'a,b', 'a]',
];
const HEADERS = ['|', '|-', '|+', '>', '>-', '>+', '| # c'];
const ODD_HEADERS = ['|2', '|-1', '>+2', '|#c', '|  ', '| x', '||'];
const COMMENTS = ['# c', '#', '#: x', '# - y'];
const MARKERS = ['---', '--- # c', '---  ', '--- x', '--- |', '...', '%YAML 1.1\n---', '---x'];

function scalarText(g: Gen): string {
  let s = g.mostly(SCALARS, ODD_SCALARS);
  if (g.chance(0.1)) s += ' # c';
  if (g.chance(g.odd / 3)) s += '#c';
  if (g.chance(0.1)) s += g.pick([' ', '  ']);
  return s;
}

function blockScalar(g: Gen, lines: string[], ind: number, header: string): void {
  lines[lines.length - 1] += ' ' + header;
  const base = ind + g.mostly([1, 2, 2, 3], [0, 1]);
  const n = g.int(0, 5);
  for (let i = 0; i < n; i++) {
    const r = g.next();
    if (r < 0.15) lines.push('');
    else if (r < 0.15 + g.odd / 2) lines.push(' '.repeat(g.int(1, base + 2)));
    else if (r < 0.35) lines.push(' '.repeat(base + g.int(1, 3)) + 'more');
    else if (r < 0.42) lines.push(' '.repeat(base) + '# not a comment');
    else if (r < 0.42 + g.odd / 3) lines.push(' '.repeat(Math.max(0, base - 1)) + 'less');
    else lines.push(' '.repeat(base) + g.pick(['text', 'a: b', '- x', 'x  ', '"q"']));
  }
}

function mapping(g: Gen, lines: string[], ind: number, depth: number, firstPrefix?: string): void {
  const n = g.int(1, 4);
  const used = new Set<string>();
  for (let i = 0; i < n; i++) {
    let key = g.mostly(KEYS, ODD_KEYS);
    if (used.has(key) && !g.chance(g.odd)) continue; // duplicates, now and then
    used.add(key);
    const sep = g.mostly([':', ':  '], [' :', ':']);
    const lead = i === 0 && firstPrefix !== undefined ? firstPrefix : ' '.repeat(ind);
    lines.push(lead + key + sep);
    const r = g.next();
    if (r < 0.45 || depth > 4) lines[lines.length - 1] += ' ' + scalarText(g);
    else if (r < 0.65) {
      if (g.chance(0.2)) lines[lines.length - 1] += ' # c';
      decorate(g, lines, ind);
      node(g, lines, ind + g.mostly([1, 2, 2, 4], [0, -1]), depth + 1);
    } else if (r < 0.8) {
      decorate(g, lines, ind);
      sequence(g, lines, ind, depth + 1);
    } else if (r < 0.92) blockScalar(g, lines, ind, g.mostly(HEADERS, ODD_HEADERS));
    // else: no value
    decorate(g, lines, ind);
  }
}

function sequence(g: Gen, lines: string[], ind: number, depth: number): void {
  const n = g.int(1, 3);
  for (let i = 0; i < n; i++) {
    const r = g.next();
    const gap = g.mostly([1, 1, 2], [0]);
    const dash = ' '.repeat(Math.max(0, ind)) + '-' + ' '.repeat(gap);
    if (r < 0.35 || depth > 4) lines.push(dash + scalarText(g));
    else if (r < 0.7) mapping(g, lines, ind + 1 + gap, depth + 1, dash);
    else if (r < 0.85) {
      lines.push(dash.trimEnd() + (g.chance(0.2) ? ' # c' : ''));
      decorate(g, lines, ind);
      node(g, lines, ind + g.mostly([1, 2, 2], [0]), depth + 1);
    } else if (r < 0.95) {
      lines.push(dash.trimEnd());
      blockScalar(g, lines, ind, g.mostly(HEADERS, ODD_HEADERS));
    } else lines.push(dash + '- nested');
    decorate(g, lines, ind);
  }
}

function node(g: Gen, lines: string[], ind: number, depth: number): void {
  if (ind < 0) ind = 0;
  if (g.chance(0.6)) mapping(g, lines, ind, depth);
  else sequence(g, lines, ind, depth);
}

/** Comment and blank lines, sometimes, at any indentation. */
function decorate(g: Gen, lines: string[], ind: number): void {
  if (g.chance(0.08)) lines.push(' '.repeat(g.int(0, ind + 3)) + g.pick(COMMENTS));
  if (g.chance(0.05)) lines.push('');
  if (g.chance(g.odd / 5)) lines.push('   ');
}

function generate(seed: number, odd: number): string {
  const g = new Gen(seed, odd);
  const lines: string[] = [];
  const docs = g.int(1, 3);
  for (let d = 0; d < docs; d++) {
    if (d > 0 || g.chance(0.3)) lines.push(g.mostly(['---', '--- # c'], MARKERS));
    if (g.chance(0.1)) lines.push(g.pick(COMMENTS));
    if (g.chance(0.1)) continue; // an empty document
    node(g, lines, g.chance(g.odd / 5) ? 1 : 0, 0);
  }
  let text = lines.join('\n');
  if (g.chance(0.9)) text += '\n';
  if (g.chance(g.odd / 5)) text = '\n' + text;
  return text;
}

/** One to three random edits: characters inserted or deleted. */
function mutate(text: string, seed: number): string {
  const g = new Gen(seed ^ 0x5bd1e995, 0);
  for (let i = g.int(1, 3); i > 0; i--) {
    const at = g.int(0, text.length);
    if (g.chance(0.4) && text.length > 0) text = text.slice(0, at) + text.slice(at + 1);
    else text = text.slice(0, at) + g.pick([' ', '\n', ':', '-', '#', '"', "'", '  ', '|', '[', '}', ',', '\t', '\r']) + text.slice(at);
  }
  return text;
}

const RUNS = Number(process.env.SUBSET_RUNS ?? 4000);

describe('subset reader', () => {
  it('reads generated texts as js-yaml does, or gives up', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.integer(), fc.constantFrom(0.02, 0.1, 0.4), (seed, odd) => {
        if (agrees(generate(seed, odd)).accepted) accepted++;
      }),
      { numRuns: RUNS },
    );
    // The generator must reach the reader's paths, not only make it give up (about 23 % do).
    expect(accepted).toBeGreaterThan(RUNS * 0.15);
  });

  it('reads texts with random edits as js-yaml does, or gives up', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        if (agrees(mutate(generate(seed, 0.05), seed)).accepted) accepted++;
      }),
      { numRuns: RUNS },
    );
    // About 11 % are taken; the bound leaves room for the random seeds.
    expect(accepted).toBeGreaterThan(RUNS * 0.05);
  });

  it('gives the values the slow path (the yaml package) gives, wherever it reads a text', () => {
    // The one difference left: a stream of only comments and blank lines is one empty
    // document for this reader and js-yaml and none for `yaml`, no resource either way.
    let compared = 0;
    fc.assert(
      fc.property(fc.integer(), fc.boolean(), (seed, edited) => {
        const text = edited ? mutate(generate(seed, 0.05), seed) : generate(seed, 0.2);
        if (parseSubset(text, MAX_DEPTH) === undefined) return;
        const slow = parseSlow(text);
        const fast = parseFast(text); // undefined where `&`, `*` or `<<` send the text to the slow path
        if (!fast || slow.problems.length > 0 || slow.docs.length === 0) return;
        compared++;
        const docs = (r: typeof slow) => r.docs.map((d) => [d.index, ordered(d.value)]);
        expect(docs(fast), JSON.stringify(text)).toEqual(docs(slow));
      }),
      { numRuns: RUNS },
    );
    // About 11 % are compared; the bound leaves room for the random seeds.
    expect(compared).toBeGreaterThan(RUNS * 0.04);
  });

  it('sends to the slow path the texts js-yaml reads otherwise than the yaml package', () => {
    // Each found by comparing the fast path (js-yaml where this reader gives up) with the slow
    // path on generated texts; JS_YAML_DIFFERS in parse.ts names them.
    const corners = [
      'name: !!str\n 1\n', // a tag before a value on the next line
      'a: !\n', // an empty tag
      '- a\r- b\n', // a lone carriage return
      '----  x\n', // `---` run into text
      '~: 1\n', // null keys
      'null : 1\n',
      'a: {: 1}\n',
      'a: {b, : 1}\n',
      'a: {\t: 1}\n',
      '- ?\n',
      '[0]: 80\n', // a collection as a key
      '- {cpu: 100m}:\n',
      'a: |-1\n  x\n  \n', // a block scalar with an indentation digit
      'k: | # c\n    \t  # not a comment\n', // a tab-indented comment line in a block scalar
      '- a:\n  - 1\n  -\n- b\n', // an empty last entry of an inner sequence
      'a: |+\n  x\n  ', // trailing spaces without a line break after `|+`
    ];
    for (const text of corners) expect(parseFast(text), JSON.stringify(text)).toBeUndefined();
  });

  it('reads the fixtures, examples and corpus as js-yaml does, and gives up on few of them', () => {
    const roots = ['fixtures', 'examples', path.join('..', 'shared', 'corpus')].filter((d) => fs.existsSync(d));
    const files = roots.flatMap((d) => fs.readdirSync(d, { recursive: true, encoding: 'utf8' }).map((f) => path.join(d, f))).filter((f) => /\.ya?ml$/.test(f));
    let accepted = 0;
    for (const f of files) if (agrees(fs.readFileSync(f, 'utf8')).accepted) accepted++;
    expect(files.length).toBeGreaterThan(100);
    expect(accepted / files.length).toBeGreaterThan(0.9);
  });

  it('reads block scalars, flow collections and quoted scalars exactly', () => {
    const cases: Array<[string, unknown]> = [
      ['a: |\n  x\n\n  y\nb: 1\n', { a: 'x\n\ny\n', b: 1 }],
      ['a: |-\n  x\n\n', { a: 'x' }],
      ['a: |+\n  x\n\n', { a: 'x\n\n' }],
      ['a: >\n  x\n  y\n\n  z\n   w\n  v\n', { a: 'x y\nz\n w\nv\n' }],
      ['a: |\n  x', { a: 'x\n' }],
      ['- |\n x\n', ['x\n']],
      ['r: {cpu: 100m, memory: 128Mi}\n', { r: { cpu: '100m', memory: '128Mi' } }],
      ['c: ["/bin/sh", \'-c\', [1, {k: v}]]\n', { c: ['/bin/sh', '-c', [1, { k: 'v' }]] }],
      ['s: "a\\tb\\u00e9\\x41"\n', { s: 'a\tbéA' }],
      ["s: 'it''s'\n", { s: "it's" }],
      ['? a\n: b\n', undefined],
      ['a: &x 1\n', undefined],
      ['a: b\n  c\n', undefined],
      ['a: 1\na: 2\n', undefined],
      // js-yaml reads `- b` into the inner sequence after its empty last entry: left to it.
      ['- a:\n  - 1\n  -\n- b\n', undefined],
    ];
    for (const [text, want] of cases) {
      const got = parseSubset(text, MAX_DEPTH);
      expect(got === undefined ? undefined : got[0], JSON.stringify(text)).toEqual(want);
      agrees(text);
    }
  });

  it('reads documents and markers as js-yaml does', () => {
    for (const text of ['', '# c\n', '\n\n', '---\n', '---\n---\n', 'a: 1\n---\n', 'a: 1\n---', '---\na: 1\n', 'a: 1\n---\n# c\n', '--- # c\na: 1\n']) {
      expect(agrees(text).accepted, JSON.stringify(text)).toBe(true);
    }
  });

  it('resolves plain scalars as the schema does, words without the loop included', () => {
    const words = ['web', 'nginx', 'true', 'no', 'Off', 'yes', 'on', 'null', '~', '0x1F', '-1', '.5', '_x', '/a', '$x', 'zone', 'Yellow', 'n', 'f', 'o', 'T', '80', '0', '08', '8080', '1e3', '1.5', '123456789012345', '1234567890123456', '9007199254740993', '12a'];
    const check = (w: string) => {
      const theirs = jsyamlOf(`k: ${w}\n`);
      if (theirs instanceof Error) return; // not a plain scalar (`-`)
      expect(ordered(resolvePlain(w)), w).toEqual(ordered((theirs[0] as { k: unknown }).k));
    };
    words.forEach(check);
    fc.assert(fc.property(fc.stringMatching(/^[0-9_.a-z~+-]{1,20}$/), (w) => check(w)), { numRuns: RUNS });
  });
});
