// Hostile input: meshlint never crashes, never hangs, never loses output. Property-based runs
// (fast-check) mutate the fixtures and lint them in-process through every reporter; fixed
// cases cover the limits (nesting, alias expansion, documents, file size), encodings and the
// file system; a handful of runs go through the real binary.

import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import jsyaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lint, type LintRequest, type LintResult } from '../src/lint.js';
import { parseSlow, parseText } from '../src/yaml/parse.js';
import { scanText } from '../src/yaml/scan.js';
import { jsonReporter } from '../src/report/json.js';
import { sarifReporter } from '../src/report/sarif.js';
import { textReporter } from '../src/report/text.js';
import { BIN, FIXTURES, freshDir, reportInputOf, ROOT, runMeshlint, tempDir } from './helpers.js';

const tmp = tempDir('robust');

/** Every fixture file, read at run time (the set grows as rules land). */
function fixtureFiles(dir = FIXTURES): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...fixtureFiles(p));
    else if (/\.(ya?ml|json)$/.test(e.name)) out.push(p);
  }
  return out.sort();
}
/** Fixture files, plus each folder case as one text (so a CRD meets its custom resources). */
const FIXTURE_TEXTS = [
  ...fixtureFiles().map((f) => readFileSync(f, 'utf8')),
  ...readdirSync(FIXTURES, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .flatMap((e) => ['pass', 'fail'].map((k) => path.join(FIXTURES, e.name, k)))
    .filter((d) => existsSync(d))
    .flatMap((d) => readdirSync(d, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => path.join(d, e.name)))
    .map((d) => fixtureFiles(d).map((f) => readFileSync(f, 'utf8')).join('\n---\n')),
];
const CORPUS = path.resolve(ROOT, '..', 'shared', 'corpus');
const CRDS = existsSync(CORPUS) ? [CORPUS] : [];

/** The report every format would write, checked for shape. Throws on any broken invariant. */
function checkReports(r: LintResult, cwd: string, files: string[]): void {
  expect(r.crashed, 'no rule may crash on any input').toEqual([]);
  for (const f of r.findings) {
    const where = `${f.ruleId} ${f.file}:${f.line}:${f.column} ${f.message}`;
    expect(f.ruleId, where).toMatch(/^[a-z][a-z0-9-]*$/);
    expect(f.message.length, where).toBeGreaterThan(0);
    expect(Number.isInteger(f.line) && f.line >= 1, where).toBe(true);
    expect(Number.isInteger(f.column) && f.column >= 1, where).toBe(true);
    expect(f.endLine >= f.line, where).toBe(true);
    expect(files, where).toContain(f.file);
  }
  const input = reportInputOf(r, cwd);
  const json = JSON.parse(jsonReporter(input));
  expect(json.findings.length).toBe(r.findings.length);
  const sarif = JSON.parse(sarifReporter(input));
  expect(sarif.version).toBe('2.1.0');
  for (const res of sarif.runs[0].results) {
    expect(res.locations[0].physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
    expect(res.locations[0].physicalLocation.region.startColumn).toBeGreaterThanOrEqual(1);
  }
  expect(typeof textReporter(input)).toBe('string');
}

/** Lint one text as standard input (no disk), then check every report. */
async function lintText(text: string, extra: Partial<LintRequest> = {}): Promise<LintResult> {
  const r = await lint({ cwd: tmp, paths: ['-'], stdinFilename: 'hostile.yaml', readStdin: async () => text, ...extra });
  checkReports(r, tmp, ['hostile.yaml']);
  return r;
}

// ---------------------------------------------------------------------------------------------
// Mutations

const HOSTILE_CHARS = ['[', ']', '{', '}', ':', '-', '&', '*', '!', '|', '>', "'", '"', '#', '\n', '\t', ' ', '%', '@', '`', ',', '?', '\0', '\uFFFD', '\u2028', '\uD800', 'é', '\r'];
const HOSTILE_VALUES: unknown[] = [[], {}, 'x', '', 0, -1, 1.5, 65536, null, true, [null], [{}], { a: [] }, [[[]]], '*', '../../etc/passwd', 'x'.repeat(5000)];

const lines = (t: string) => t.split('\n');

const mutation = fc.oneof(
  // Truncate anywhere.
  fc.record({ op: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  // Random character changes.
  fc.record({
    op: fc.constant('chars' as const),
    edits: fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(...HOSTILE_CHARS)), { minLength: 1, maxLength: 8 }),
  }),
  // Dropped and duplicated lines.
  fc.record({ op: fc.constant('drop' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ op: fc.constant('dup' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), times: fc.integer({ min: 1, max: 3 }) }),
  // Mixed indentation.
  fc.record({ op: fc.constant('indent' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), with: fc.constantFrom('\t', ' ', '', '   \t') }),
  // Flipped and dropped quotes.
  fc.record({ op: fc.constant('quotes' as const), how: fc.constantFrom('swap', 'drop', 'open') }),
  // Alias games: anchor a value and reuse it elsewhere, or refer to an anchor that does not exist.
  fc.record({ op: fc.constant('alias' as const), from: fc.double({ min: 0, max: 1, noNaN: true }), to: fc.double({ min: 0, max: 1, noNaN: true }), kind: fc.constantFrom('reuse', 'missing', 'merge') }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(text: string, m: Mutation): string {
  const ls = lines(text);
  const pick = (x: number) => Math.min(ls.length - 1, Math.floor(x * ls.length));
  switch (m.op) {
    case 'truncate':
      return text.slice(0, Math.floor(m.at * text.length));
    case 'chars': {
      const cs = [...text];
      for (const [at, c] of m.edits) cs[Math.min(cs.length, Math.floor(at * cs.length))] = c;
      return cs.join('');
    }
    case 'drop':
      ls.splice(pick(m.at), 1);
      return ls.join('\n');
    case 'dup': {
      const i = pick(m.at);
      ls.splice(i, 0, ...Array(m.times).fill(ls[i]));
      return ls.join('\n');
    }
    case 'indent': {
      const i = pick(m.at);
      ls[i] = ls[i].replace(/^ {0,2}/, m.with);
      return ls.join('\n');
    }
    case 'quotes':
      if (m.how === 'swap') return text.replace(/["']/g, (q) => (q === '"' ? "'" : '"'));
      if (m.how === 'drop') return text.replace(/["']/g, '');
      return text.replace(/: "/, ': "\\');
    case 'alias': {
      const i = pick(m.from);
      const j = pick(m.to);
      const key = /^(\s*(?:- )?[\w./-]+:)(\s.*)?$/;
      if (!key.test(ls[i])) return `${text}\nx: *nowhere\n`;
      ls[i] = ls[i].replace(key, (_, k: string, v = '') => `${k} &a${v}`);
      if (m.kind === 'missing') ls[j] = ls[j].replace(key, (_, k: string) => `${k} *b`);
      else if (m.kind === 'merge') ls.splice(j + 1, 0, `${/^\s*/.exec(ls[j])![0]}<<: *a`);
      else ls[j] = ls[j].replace(key, (_, k: string) => `${k} *a`);
      return ls.join('\n');
    }
  }
}

/** Every path of a parsed value: the fields the rules read, and all the others. */
function paths(v: unknown, base: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  if (out.length > 400) return out;
  if (v !== null && typeof v === 'object') {
    for (const [k, c] of Object.entries(v as object)) {
      const p = [...base, Array.isArray(v) ? Number(k) : k];
      out.push(p);
      paths(c, p, out);
    }
  }
  return out;
}

function setPath(root: unknown, p: Array<string | number>, value: unknown): void {
  let cur = root as Record<string | number, unknown>;
  for (const s of p.slice(0, -1)) cur = cur[s] as Record<string | number, unknown>;
  cur[p[p.length - 1]] = value;
}

describe('hostile input, in-process (property-based)', () => {
  const runs = Number(process.env.MESHLINT_FC_RUNS ?? 40);

  it('ends every run with well-formed findings and reports, whatever is done to a fixture', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(FIXTURE_TEXTS.length - 1), fc.array(mutation, { minLength: 1, maxLength: 3 }), async (i, ms) => {
        let text = FIXTURE_TEXTS[i];
        for (const m of ms) text = mutate(text, m);
        await lintText(text, { crds: i % 5 === 0 ? CRDS : [] }); // the real CRDs on some runs
      }),
      { numRuns: runs * 3 },
    );
  });

  it('gives wrong types in any field as findings, never as a crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(FIXTURE_TEXTS.length - 1), fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(...HOSTILE_VALUES), async (i, at, value) => {
        let docs: unknown[];
        try {
          docs = jsyaml.loadAll(FIXTURE_TEXTS[i]).filter((d) => d !== null && typeof d === 'object');
        } catch {
          return; // a fixture that is broken on purpose
        }
        const all = docs.flatMap((d, di) => paths(d).map((p) => [di, ...p] as Array<string | number>));
        if (all.length === 0) return;
        const p = all[Math.min(all.length - 1, Math.floor(at * all.length))];
        setPath(docs, p, structuredClone(value));
        await lintText(docs.map((d) => jsyaml.dump(d)).join('---\n'), { crds: i % 5 === 0 ? CRDS : [] });
      }),
      { numRuns: runs * 3 },
    );
  });

  it('survives the fields rules read holding every wrong type', async () => {
    const base = (extra: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  namespace: n\n${extra}`;
    const cases = [
      'kind: []\napiVersion: v1\nmetadata: {name: x}\n',
      'apiVersion: v1\nkind: Service\nmetadata: "x"\n',
      base('spec:\n  ports: {}\n'),
      base('spec:\n  ports: [1, null, "x", {port: []}]\n  selector: []\n'),
      base('spec: 5\n'),
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {template: {metadata: {annotations: []}, spec: {containers: {}}}}\n',
      'apiVersion: getambassador.io/v3alpha1\nkind: Mapping\nmetadata: {name: m, annotations: "x"}\nspec: {prefix: [], service: {}, hostname: 5}\n',
      'apiVersion: getambassador.io/v3alpha1\nkind: Host\nmetadata: {name: h}\nspec: {requestPolicy: {insecure: []}, mappingSelector: "x"}\n',
      'apiVersion: v1\nkind: List\nitems: {}\n',
      'apiVersion: v1\nkind: List\nitems: [1, null, [], {kind: Service}]\n',
      'apiVersion: multicluster.linkerd.io/v1alpha3\nkind: Link\nmetadata: {name: l}\nspec: {probeSpec: [], gatewayPort: {}}\n',
      'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: c}\nspec: {group: [], names: 5, versions: {}}\n',
      'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: c}\nspec: {group: g.io, names: {kind: K}, versions: [null, {name: v1, schema: {openAPIV3Schema: {type: object, properties: {spec: {type: [], required: 5, enum: {}, pattern: "(", items: 3}}}}}]}\n---\napiVersion: g.io/v1\nkind: K\nmetadata: {name: k}\nspec: {a: 1}\n',
    ];
    for (const c of cases) await lintText(c);
  });
});

// ---------------------------------------------------------------------------------------------
// Limits

const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: after\n  namespace: shop\nspec:\n  ports:\n    - port: 80\n';

function billionLaughs(levels: number): string {
  const out = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i <= levels; i++) out.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(',')}]`);
  return out.join('\n') + '\n';
}

describe('limits', () => {
  it.each([
    ['flow', '['.repeat(5000) + ']'.repeat(5000)],
    ['block', Array.from({ length: 2500 }, (_, i) => `${' '.repeat(i)}a:`).join('\n') + ' 1'],
    ['dashes', '- '.repeat(5000) + 'x'],
    ['JSON', '{"a":'.repeat(4000) + '1' + '}'.repeat(4000)],
    ['mixed', Array.from({ length: 1500 }, (_, i) => `${' '.repeat(i)}- [{a:`).join('\n')],
  ])('rejects very deep nesting (%s) with a finding at a real position, and reads the other documents', async (_, deep) => {
    const text = `${service}---\n${deep}\n---\n${service.replace('after', 'later')}`;
    const r = await lintText(text);
    const deepFinding = r.findings.find((f) => f.ruleId === 'yaml-syntax' && /nests deeper than 200 levels/.test(f.message));
    expect(deepFinding, JSON.stringify(r.findings.map((f) => f.message))).toBeDefined();
    expect(deepFinding!.line).toBeGreaterThanOrEqual(10);
    const names = r.graphs.get('')!.ofKind('Service').map((s) => s.name);
    expect(names).toEqual(['after', 'later']);
  });

  it('bounds billion-laughs parse work by counting, independent of the expansion', () => {
    const costs = [9, 15, 30].map((levels) => {
      const r = parseText(billionLaughs(levels));
      expect(r.docs).toEqual([]);
      expect(r.problems).toHaveLength(1);
      expect(r.problems[0].message).toMatch(/expands aliases more than 100 times.*alias bomb/);
      return r.work;
    });
    // A full expansion would build 10^levels nodes; the work stays a few units per source
    // character, far below a second of parsing (about 10^7 units).
    for (const w of costs) expect(w).toBeLessThan(20_000);
    expect(costs[2]).toBeLessThan(costs[0] * 5);
  });

  it('counts alias work once per anchored node, and reads modest anchor use', () => {
    const ok = 'base: &b {app: web, tier: front}\nfirst: *b\nsecond: *b\nthird: {<<: *b, extra: 1}\n';
    const r = parseSlow(ok);
    expect(r.problems).toEqual([]);
    expect(r.docs[0].value).toEqual({ base: { app: 'web', tier: 'front' }, first: { app: 'web', tier: 'front' }, second: { app: 'web', tier: 'front' }, third: { app: 'web', tier: 'front', extra: 1 } });
    // Merge keys are read the same way without an alias (on either parsing path).
    expect(parseText('a: {<<: {b: 1}, c: 2}\n').docs[0].value).toEqual({ a: { b: 1, c: 2 } });
    const wide = Array.from({ length: 101 }, (_, i) => `k${i}: *b`).join('\n');
    const over = parseSlow(`base: &b x\n${wide}\n`);
    expect(over.problems[0].message).toMatch(/maxAliasCount/);
    const self = parseSlow('a: &a [1, *a]\n');
    expect(self.docs).toEqual([]);
    expect(self.problems[0].message).toMatch(/refers to a node that contains it/);
  });

  it('stops at maxDocuments with a finding where the first unread document starts', async () => {
    const text = Array.from({ length: 60 }, (_, i) => service.replace('after', `s${i}`)).join('---\n');
    const r = await lintText(text, { limits: { maxDocuments: 50 } });
    const f = r.findings.filter((x) => x.ruleId === 'yaml-syntax');
    expect(f.map((x) => x.message)).toEqual(['The file holds more than 50 documents (maxDocuments); the rest are not read.']);
    expect(f[0].line).toBe(50 * 9);
    expect(r.graphs.get('')!.ofKind('Service')).toHaveLength(50);
    const t0 = scanText('---\n'.repeat(1_000_000), { maxDepth: 200, maxDocuments: 10_000 });
    expect(t0.work).toBeLessThan(50_000); // the scan stops at the limit
  });

  it('reads the limits from the config', async () => {
    const deep = 'a:\n  b:\n    c:\n      d:\n        e: 1\n';
    const r = await lintText(`${deep}---\n${service}`, { config: { maxDepth: 4, maxDocuments: 5 } });
    expect(r.findings.filter((f) => f.ruleId === 'yaml-syntax').map((f) => [f.line, f.message])).toEqual([[5, 'The document nests deeper than 4 levels (maxDepth); it is not read.']]);
    expect(r.graphs.get('')!.ofKind('Service')).toHaveLength(1);
    const a = await lintText('a: &x 1\nb: *x\n', { config: { maxAliasCount: 0 } });
    expect(a.findings.map((f) => f.message)).toEqual([expect.stringMatching(/more than 0 times/)]);
  });

  it('reads very long scalars', async () => {
    const big = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\n  annotations:\n    note: ${'x'.repeat(3_000_000)}\ndata:\n  k: "${'y'.repeat(1_000_000)}"\n`;
    const r = await lintText(big);
    expect(r.findings.filter((f) => f.ruleId === 'yaml-syntax')).toEqual([]);
    expect(r.graphs.get('')!.ofKind('ConfigMap')).toHaveLength(1);
  });

  it('estimates nesting depth from the text within two levels above the real depth', () => {
    const realDepth = (v: unknown): number => (v !== null && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v as object).map(realDepth)) : 0);
    const estimate = (text: string) => {
      for (let d = 0; d < 60; d++) if (scanText(text, { maxDepth: d, maxDocuments: 10 }).problems.length === 0) return d;
      return 60;
    };
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.boolean()), tie('arr'), tie('obj')),
      arr: fc.array(tie('tree'), { maxLength: 3 }),
      obj: fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), tie('tree'), { maxKeys: 3 }),
    }));
    fc.assert(
      fc.property(tree, fc.integer({ min: -1, max: 4 }), fc.boolean(), (v, flowLevel, noArrayIndent) => {
        const text = jsyaml.dump(v, { flowLevel, noArrayIndent });
        const real = realDepth(v);
        const est = estimate(text);
        expect(est, text).toBeGreaterThanOrEqual(real);
        expect(est, text).toBeLessThanOrEqual(real + 2);
      }),
      { numRuns: 500 },
    );
    for (const t of FIXTURE_TEXTS) expect(scanText(t, { maxDepth: 30, maxDocuments: 10_000 }).problems).toEqual([]);
  });

  it('keeps the deep-document mask exact: positions and indexes of the other documents do not move', () => {
    const text = `a: 1\n---\n${'['.repeat(300)}\n${']'.repeat(300)}\n---\nb: 2\n`;
    const s = scanText(text, { maxDepth: 200, maxDocuments: 100 });
    expect(s.text.length).toBe(text.length);
    expect(s.text.split('\n').length).toBe(text.split('\n').length);
    expect(parseText(text).docs.map((d) => d.value)).toEqual([{ a: 1 }, null, { b: 2 }]);
    expect(scanText('a:\n  b: [1, {c: "[[["}]\n  d: |\n    [[[[[\n', { maxDepth: 6, maxDocuments: 10 }).problems).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Encodings and the file system

function dir(name: string): string {
  return freshDir(tmp, name);
}

async function lintDir(d: string, extra: Partial<LintRequest> = {}): Promise<LintResult> {
  const r = await lint({ cwd: d, paths: ['.'], ...extra });
  checkReports(r, d, r.files.map((f) => f.path));
  return r;
}

describe('encodings', () => {
  it('reads UTF-16 with a byte-order mark, and reports invalid UTF-8 and UTF-32 at a position', async () => {
    const d = dir('enc');
    const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(service, 'utf16le')]);
    const utf16be = Buffer.from(utf16le);
    utf16be.swap16();
    writeFileSync(path.join(d, 'le.yaml'), utf16le);
    writeFileSync(path.join(d, 'be.yaml'), utf16be);
    writeFileSync(path.join(d, 'bad.yaml'), Buffer.concat([Buffer.from('a: 1\nb: x'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('\n')]));
    writeFileSync(path.join(d, 'u32.yaml'), Buffer.from([0xff, 0xfe, 0, 0, 0x61, 0, 0, 0]));
    writeFileSync(path.join(d, 'bom8.yaml'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(service.replace('after', 'bom'))]));
    const r = await lintDir(d);
    const syntax = r.findings.filter((f) => f.ruleId === 'yaml-syntax').map((f) => `${f.file}:${f.line}:${f.column} ${f.message}`);
    expect(syntax).toEqual([
      'bad.yaml:2:5 The file is not valid UTF-8 (the first bad byte is at line 2, column 5); save it as UTF-8.',
      'u32.yaml:1:1 The file is UTF-32, which meshlint does not read; save it as UTF-8.',
    ]);
    expect(r.graphs.get('')!.ofKind('Service').map((s) => `${s.file.path} ${s.name}`).sort()).toEqual(['be.yaml after', 'bom8.yaml bom', 'le.yaml after']);
  });
});

describe('file system', () => {
  it('turns link loops, dangling links, FIFOs and directories named like files into findings, without hanging', async () => {
    const d = dir('fs');
    writeFileSync(path.join(d, 'real.yaml'), service);
    symlinkSync('loop.yaml', path.join(d, 'loop.yaml'));
    symlinkSync('missing.yaml', path.join(d, 'dangling.yaml'));
    symlinkSync('real.yaml', path.join(d, 'link.yaml'));
    mkdirSync(path.join(d, 'dir.yaml'));
    mkdirSync(path.join(d, 'sub'));
    symlinkSync('..', path.join(d, 'sub', 'up'));
    symlinkSync('..', path.join(d, 'sub', 'up2'));
    const fifo = spawnSync('mkfifo', [path.join(d, 'fifo.yaml')]).status === 0;
    const r = await lintDir(d);
    const syntax = r.findings.filter((f) => f.ruleId === 'yaml-syntax').map((f) => `${f.file} ${f.message}`);
    expect(syntax).toEqual([
      'dangling.yaml The file cannot be read (it is a symbolic link to nothing).',
      ...(fifo ? ['fifo.yaml The file cannot be read (it is not a regular file).'] : []),
      'loop.yaml The file cannot be read (it is a symbolic link loop).',
    ]);
    expect(r.files.map((f) => f.path)).toContain('link.yaml');
    // A glob walks the same tree without following the directory loops.
    const g = await lint({ cwd: d, paths: ['**/*.yaml'] });
    expect(g.files.map((f) => f.path)).toContain('real.yaml');
    // Named directly, a loop is a finding too, not "no such file"; an empty directory holds no
    // manifest, which is a usage error like a path that matches nothing.
    const direct = await lint({ cwd: d, paths: ['loop.yaml', 'dir.yaml'] });
    expect(direct.unmatched).toEqual(['dir.yaml']);
    expect(direct.findings.map((f) => `${f.file} ${f.message}`)).toEqual(['loop.yaml The file cannot be read (it is a symbolic link loop).']);
  });

  it.skipIf(process.getuid?.() === 0)('reports an unreadable file as a finding', async () => {
    const d = dir('perm');
    writeFileSync(path.join(d, 'secret.yaml'), service);
    chmodSync(path.join(d, 'secret.yaml'), 0o000);
    const r = await lintDir(d);
    expect(r.findings.map((f) => `${f.file} ${f.message}`)).toEqual(['secret.yaml The file cannot be read (permission denied).']);
  });

  it('reports files over maxFileBytes, read or from standard input', async () => {
    const d = dir('size');
    writeFileSync(path.join(d, 'big.yaml'), service.repeat(3));
    const r = await lintDir(d, { config: { maxFileBytes: 100 } });
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/^The file is \d+ bytes or more, over the 100-byte limit \(maxFileBytes\)/)]);
    const s = await lintText(service, { config: { maxFileBytes: 10 } });
    expect(s.findings.map((f) => f.message)).toEqual([expect.stringMatching(/^Standard input is \d+ bytes, over the 10-byte limit/)]);
  });

  it('copes with files that vanish while loading', async () => {
    const d = dir('vanish');
    for (let i = 0; i < 400; i++) writeFileSync(path.join(d, `f${String(i).padStart(3, '0')}.yaml`), service.replace('after', `s${i}`));
    const running = lintDir(d);
    // Delete from the end while the run reads from the start.
    for (let i = 399; i >= 200; i--) {
      await new Promise((res) => setImmediate(res));
      unlinkSync(path.join(d, `f${String(i).padStart(3, '0')}.yaml`));
    }
    const r = await running;
    for (const f of r.findings.filter((x) => x.ruleId === 'yaml-syntax')) expect(f.message).toBe('The file cannot be read (it disappeared while loading).');
    expect(r.graphs.get('')!.ofKind('Service').length).toBeGreaterThanOrEqual(200);
  });
});

// ---------------------------------------------------------------------------------------------
// The real binary: exit codes, parseable output, no stack trace, atomic --output.

const built = existsSync(path.join(ROOT, 'dist', 'src', 'cli', 'main.js'));

describe.skipIf(!built)('the meshlint binary on hostile input', () => {
  let hostile: string;
  beforeAll(() => {
    hostile = dir('cli-hostile');
    writeFileSync(path.join(hostile, 'deep.yaml'), `${service}---\n${'['.repeat(20000)}${']'.repeat(20000)}\n`);
    writeFileSync(path.join(hostile, 'bomb.yaml'), billionLaughs(12));
    writeFileSync(path.join(hostile, 'bad-utf8.yaml'), Buffer.from([0x61, 0x3a, 0x20, 0xff, 0xfe, 0x0a]));
    writeFileSync(path.join(hostile, 'long.yaml'), `a: ${'x'.repeat(2_000_000)}\n`);
    writeFileSync(path.join(hostile, 'wrong-types.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: "x"\n---\nkind: []\napiVersion: v1\n---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: {}}\n');
    writeFileSync(path.join(hostile, 'truncated.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: "unterminated\n');
    symlinkSync('loop.yaml', path.join(hostile, 'loop.yaml'));
    mkdirSync(path.join(hostile, 'dir.yaml'));
  });

  const run = (args: string[], cwd: string) => runMeshlint(args, { cwd, timeout: 60_000 });

  it('exits 1 with valid JSON and SARIF, a finding per problem, and no stack trace', () => {
    const json = run(['lint', '.', '--format', 'json'], hostile);
    expect(json.status, json.stderr).toBe(1);
    expect(json.stderr).not.toMatch(/\n\s+at /);
    const report = JSON.parse(json.stdout);
    const byFile = new Map<string, string[]>();
    for (const f of report.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f.ruleId]);
    for (const f of ['deep.yaml', 'bomb.yaml', 'bad-utf8.yaml', 'loop.yaml', 'truncated.yaml', 'wrong-types.yaml']) expect(byFile.get(f), f).toBeDefined();
    for (const f of report.findings) expect(f.line).toBeGreaterThanOrEqual(1);

    const out = path.join(hostile, 'out', 'report.sarif');
    mkdirSync(path.dirname(out), { recursive: true });
    const sarif = run(['lint', '.', '--format', 'sarif', '--output', out], hostile);
    expect(sarif.status, sarif.stderr).toBe(1);
    expect(sarif.stderr).not.toMatch(/\n\s+at /);
    expect(JSON.parse(readFileSync(out, 'utf8')).version).toBe('2.1.0');
    expect(readdirSync(path.dirname(out))).toEqual(['report.sarif']);
  });

  it('leaves the old report or a whole new one, never a partial file, when stopped by a signal', async () => {
    const d = dir('cli-signal');
    // Enough input to keep the run busy for a while.
    const many = Array.from({ length: 4000 }, (_, i) => service.replace('after', `s${i}`)).join('---\n');
    for (let i = 0; i < 6; i++) writeFileSync(path.join(d, `m${i}.yaml`), many);
    const out = path.join(d, 'out');
    mkdirSync(out);
    for (const [signal, delay] of [['SIGTERM', 150], ['SIGINT', 600], ['SIGTERM', 1200]] as const) {
      writeFileSync(path.join(out, 'report.json'), 'old');
      const child = spawn(process.execPath, [BIN, 'lint', '.', '--format', 'json', '--output', path.join(out, 'report.json')], { cwd: d });
      let stderr = '';
      child.stderr.on('data', (c) => (stderr += c));
      const done = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
      await new Promise((res) => setTimeout(res, delay));
      child.kill(signal);
      await done;
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(readdirSync(out)).toEqual(['report.json']);
      const text = readFileSync(path.join(out, 'report.json'), 'utf8');
      if (text !== 'old') expect(JSON.parse(text).version).toBe(1);
    }
  });
});

afterAll(() => {
  // Restore permissions so the temporary tree can be removed.
  try {
    const p = path.join(tmp, 'perm', 'secret.yaml');
    if (existsSync(p)) chmodSync(p, 0o644);
  } catch {
    // nothing to restore
  }
});
