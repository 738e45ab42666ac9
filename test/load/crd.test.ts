// crd-schema: the schema conversion, lazy compilation, and the real Emissary and Linkerd CRDs
// (read from ../shared/corpus when it is there) against every valid fixture and example and a
// set of broken custom resources.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileStats, crdIndex, validatorFor } from '../../src/load/crd/index.js';
import { isSafePattern, safePattern, toJsonSchema } from '../../src/load/crd/schema.js';
import { main } from '../../src/cli/main.js';
import { lint } from '../../src/lint.js';
import { loadFiles } from '../../src/load/resources.js';
import { casesOf, FIXTURES, freshDir, lintCase, ROOT, tempDir, writeIn } from '../helpers.js';

const CORPUS = path.resolve(ROOT, '..', 'shared', 'corpus');
const tmp = tempDir('crd');

/** The folder `dir` of the temporary tree, holding just `files` (relative paths). */
function write(dir: string, files: Record<string, string>): string {
  const d = freshDir(tmp, dir);
  for (const [n, t] of Object.entries(files)) writeIn(d, n, t);
  return d;
}

const crd = (kind: string, group: string, versions: Array<{ name: string; served?: boolean; schema: unknown }>) =>
  JSON.stringify({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${kind.toLowerCase()}s.${group}` },
    spec: {
      group,
      scope: 'Namespaced',
      names: { kind, plural: `${kind.toLowerCase()}s` },
      versions: versions.map((v) => ({ name: v.name, served: v.served ?? true, storage: true, schema: { openAPIV3Schema: v.schema } })),
    },
  });

describe('schema conversion', () => {
  it('closes objects, and keeps them open where Kubernetes does', () => {
    const raw = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: {
            a: { type: 'object', properties: { b: { type: 'string' } } },
            open: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
            map: { type: 'object', additionalProperties: { type: 'string' } },
            port: { 'x-kubernetes-int-or-string': true },
            list: { type: 'array', items: { type: 'string' } },
            maybe: { type: 'array', items: { type: 'string', nullable: true } },
          },
        },
      },
    };
    const converted = toJsonSchema(raw) as any;
    const spec = converted.properties.spec.properties;
    expect(spec.a.additionalProperties).toBe(false);
    expect(spec.open.additionalProperties).toBeUndefined();
    expect(spec.port.type).toEqual(['integer', 'string', 'null']);
    const validate = validatorFor(raw) as (x: unknown) => boolean;
    const ok = (spec: unknown) => validate({ apiVersion: 'x/v1', kind: 'X', metadata: { name: 'n', anything: 1 }, spec });
    expect(ok({ a: { b: 'x' }, open: { z: [1] }, map: { k: 'v' }, port: 80, list: ['a'], maybe: [null, 'b'] })).toBe(true);
    expect(ok({ port: 'http' })).toBe(true);
    expect(ok({ a: null, list: null })).toBe(true); // non-nullable null fields are pruned, not rejected
    expect(ok({ a: { c: 'x' } })).toBe(false); // unknown field
    expect(ok({ extra: 1 })).toBe(false);
    expect(ok({ map: { k: 1 } })).toBe(false);
    expect(ok({ port: [80] })).toBe(false);
    expect(ok({ list: [null] })).toBe(false); // a null list item needs nullable
    expect(validate({ apiVersion: 'x/v1', kind: 'X', status: {} })).toBe(false);
  });

  it('requires apiVersion and kind in embedded resources', () => {
    const validate = validatorFor({
      type: 'object',
      properties: { spec: { type: 'object', properties: { t: { type: 'object', 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true } } } },
    }) as (x: unknown) => boolean;
    expect(validate({ spec: { t: { apiVersion: 'v1', kind: 'Service', metadata: {}, spec: { x: 1 } } } })).toBe(true);
    expect(validate({ spec: { t: { metadata: {} } } })).toBe(false);
  });

  it('declines patterns that can backtrack without bound, and runs the others', () => {
    expect(isSafePattern('^([hH][tT][tT][pP][sS]?://)?$')).toBe(true);
    expect(isSafePattern('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$')).toBe(true);
    expect(isSafePattern('^(a+)+$')).toBe(false);
    expect(isSafePattern('^(\\w*\\.)*$')).toBe(false);
    expect(isSafePattern('^(a|ab)*$')).toBe(false);
    const evil = safePattern('^(a+)+$', '');
    expect(evil.test('a'.repeat(40) + '!')).toBe(true); // declined: not run at all
    const fine = safePattern('^[a-z]+$', '');
    expect(fine.test('abc')).toBe(true);
    expect(fine.test('ABC')).toBe(false);
    expect(safePattern('([', '').test('x')).toBe(true); // invalid in JavaScript: not checked
  });
});

describe('crd-schema', () => {
  it('compiles only the CRD versions whose kinds appear, once', async () => {
    const schema = (n: number) => ({ type: 'object', properties: { spec: { type: 'object', properties: { [`f${n}`]: { type: 'string' } } } } });
    const crds = Array.from({ length: 5 }, (_, i) => crd(`Kind${i}`, 'lazy.example.com', [{ name: 'v1', schema: schema(i) }, { name: 'v2', schema: schema(i + 10) }]));
    const dir = write('lazy', {
      'crds.yaml': crds.join('\n---\n'),
      'cr.yaml': 'apiVersion: lazy.example.com/v2\nkind: Kind3\nmetadata:\n  name: a\nspec:\n  f13: x\n---\napiVersion: lazy.example.com/v2\nkind: Kind3\nmetadata:\n  name: b\nspec:\n  f3: x\n',
    });
    const before = compileStats.compiled;
    const r = await lint({ cwd: dir, paths: ['cr.yaml'], crds: ['crds.yaml'] });
    expect(compileStats.compiled - before).toBe(1);
    const own = r.findings.filter((f) => f.ruleId === 'crd-schema');
    expect(own.map((f) => [f.file, f.line])).toEqual([['cr.yaml', 13]]);
    expect(own[0].message).toMatch(/`spec\.f3` is not a field of lazy\.example\.com\/v2 Kind3; did you mean `f13`\?/);
  });

  it('loads --crds and config crds as unreported context, and reports a path that matches nothing', async () => {
    const dir = write('ctx', {
      'crd.yaml': crd('Thing', 'ctx.example.com', [{ name: 'v1', schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } } }]),
      'bad-crd-file.yaml': 'a: [\n',
      'thing.yaml': 'apiVersion: ctx.example.com/v1\nkind: Thing\nmetadata:\n  name: t\nspec:\n  size: big\n',
    });
    const viaFlag = await lint({ cwd: dir, paths: ['thing.yaml'], crds: ['crd.yaml', 'bad-crd-file.yaml'] });
    expect(viaFlag.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual(['crd-schema thing.yaml:6']);
    expect(viaFlag.files.map((f) => f.path)).toEqual(['thing.yaml']);
    const viaConfig = await lint({ cwd: dir, paths: ['thing.yaml'], config: { crds: ['crd.yaml'] } });
    expect(viaConfig.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual(['crd-schema thing.yaml:6']);
    const missing = await lint({ cwd: dir, paths: ['thing.yaml'], crds: ['nope.yaml'] });
    expect(missing.unmatched).toEqual(['nope.yaml']);
  });

  it('takes --crds (repeatable) on the command line, and config crds relative to the config file', async () => {
    const schema = { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } };
    const dir = write('cli', {
      'thing.yaml': 'apiVersion: cli.example.com/v1\nkind: Thing\nmetadata:\n  name: t\nspec:\n  size: big\n---\napiVersion: cli.example.com/v1\nkind: Other\nmetadata:\n  name: o\nspec:\n  size: big\n',
      'crds/thing.yaml': crd('Thing', 'cli.example.com', [{ name: 'v1', schema }]),
      'crds/other.yaml': crd('Other', 'cli.example.com', [{ name: 'v1', schema }]),
      'conf/meshlint.yaml': 'crds:\n  - ../crds/thing.yaml\n',
    });
    const run = async (args: string[]) => {
      let out = '';
      let err = '';
      const code = await main(args, { cwd: dir, stdout: (x) => (out += x), stderr: (x) => (err += x), readStdin: async () => '', isTTY: false, env: {} });
      return { code, out, err };
    };
    const lines = (out: string) => JSON.parse(out).findings.filter((f: { ruleId: string }) => f.ruleId === 'crd-schema').map((f: { line: number }) => f.line);
    const both = await run(['lint', 'thing.yaml', '--crds', 'crds/thing.yaml', '--crds', 'crds/other.yaml', '--format', 'json']);
    expect(both.code, both.err).toBe(1);
    expect(lines(both.out)).toEqual([6, 13]);
    const viaConfig = await run(['lint', 'thing.yaml', '--config', 'conf/meshlint.yaml', '--format', 'json']);
    expect(lines(viaConfig.out)).toEqual([6]);
    const missing = await run(['lint', 'thing.yaml', '--crds', 'crds/nope.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/crds\/nope\.yaml/);
  });

  it('joins the --crds CRDs to every cluster', async () => {
    const cr = 'apiVersion: mc.example.com/v1\nkind: Thing\nmetadata:\n  name: t\nspec:\n  x: 1\n';
    const dir = write('clusters', {
      'crd.yaml': crd('Thing', 'mc.example.com', [{ name: 'v1', schema: { type: 'object', properties: { spec: { type: 'object' } } } }]),
      'east/a.yaml': cr,
      'west/a.yaml': cr,
    });
    const r = await lint({ cwd: dir, paths: [], clusters: [{ name: 'east', paths: ['east'] }, { name: 'west', paths: ['west'] }], crds: ['crd.yaml'] });
    expect(r.findings.filter((f) => f.ruleId === 'crd-schema').map((f) => `${f.cluster} ${f.file}:${f.line}`)).toEqual(['east east/a.yaml:6', 'west west/a.yaml:6']);
  });

  it('indexes CRDs by group and kind, the first definition winning', () => {
    const a = crd('Thing', 'idx.example.com', [{ name: 'v1', schema: { type: 'object' } }]);
    const b = crd('Thing', 'idx.example.com', [{ name: 'v2', schema: { type: 'object' } }]);
    const file = { path: 'x.yaml', text: `${a}\n---\n${b}\n`, reported: true };
    const { resources } = loadFiles([file]);
    const idx = crdIndex(resources);
    expect([...idx.keys()]).toEqual(['idx.example.com/Thing']);
    expect(idx.get('idx.example.com/Thing')!.versions.map((v) => v.name)).toEqual(['v1']);
  });
});

/** Cases that must be valid: every pass case of every rule, and every example. */
function validCases(): string[] {
  const out: string[] = [];
  for (const id of readdirSync(FIXTURES).filter((n) => !n.startsWith('.'))) out.push(...casesOf(id, 'pass'));
  const examples = path.join(ROOT, 'examples');
  if (existsSync(examples)) {
    for (const n of readdirSync(examples).sort()) {
      const p = path.join(examples, n);
      if (statSync(p).isDirectory() || /\.(ya?ml|json)$/.test(n)) out.push(p);
    }
  }
  return out;
}

describe.skipIf(!existsSync(CORPUS))('crd-schema against the real Emissary and Linkerd CRDs', () => {
  it('compiles every served version of every CRD in the corpus', () => {
    const files = ['emissary/crds.yaml', 'linkerd/link-crd.yaml'].map((f) => ({ path: f, text: readFileSync(path.join(CORPUS, f), 'utf8'), reported: false }));
    const idx = crdIndex(loadFiles(files).resources);
    expect(idx.size).toBe(15);
    for (const c of idx.values()) {
      for (const v of c.versions.filter((x) => x.served && x.schema)) {
        const fn = validatorFor(v.schema!);
        expect(fn instanceof Error ? `${c.kind} ${v.name}: ${fn.message}` : 'ok').toBe('ok');
      }
    }
  });

  for (const c of validCases()) {
    const name = path.relative(ROOT, c).split(path.sep).join('/');
    it(`finds nothing in ${name}`, async () => {
      const r = await lintCase(c, { crds: [CORPUS] });
      // The corpus's Link CRD serves v1alpha1 only; Links of later versions (v1alpha3, Linkerd
      // 2.17 and later) have no schema here to be checked against.
      const own = r.findings.filter((f) => f.ruleId === 'crd-schema' && !(f.path === 'apiVersion' && /^Link .* serves v1alpha1 of multicluster\.linkerd\.io Link/.test(f.message)));
      expect(own.map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual([]);
      expect(r.crashed).toEqual([]);
    });
  }

  const host = (action: string, extra = '') =>
    `apiVersion: getambassador.io/v3alpha1\nkind: Host\nmetadata:\n  name: wildcard\n  namespace: emissary\nspec:\n  hostname: "*"\n  requestPolicy:\n    insecure:\n      action: ${action}\n${extra}`;
  const mapping = (extra: string, version = 'v3alpha1') =>
    // getambassador.io/v2 has no `hostname` (it has `host`).
    `apiVersion: getambassador.io/${version}\nkind: Mapping\nmetadata:\n  name: web\n  namespace: emojivoto\nspec:\n  ${version === 'v2' ? 'host' : 'hostname'}: "*"\n  prefix: /web/\n  service: web-svc.emojivoto:80\n${extra}`;
  const link = (extra: string) =>
    `apiVersion: multicluster.linkerd.io/v1alpha1\nkind: Link\nmetadata:\n  name: east\n  namespace: linkerd-multicluster\nspec:\n  targetClusterName: east\n  gatewayAddress: 203.0.113.7\n  gatewayIdentity: emissary.emissary.serviceaccount.identity.linkerd.cluster.local\n${extra}`;
  const listener = (extra: string) =>
    `apiVersion: getambassador.io/v3alpha1\nkind: Listener\nmetadata:\n  name: http\n  namespace: emissary\nspec:\n  port: 8080\n  securityModel: XFP\n  hostBinding:\n    namespace:\n      from: ALL\n${extra}`;

  // [name, valid text, broken text, line of the one finding, message pattern]
  const broken: Array<[string, string, string, number, RegExp]> = [
    ['Host action in the wrong case', host('Route'), host('route'), 10, /use "Route"/],
    ['Host unknown field', host('Route'), host('Route', '  tlsSecrets:\n    name: cert\n'), 11, /`spec\.tlsSecrets` is not a field.*did you mean `tlsSecret`/],
    ['Host tlsSecret as a string', host('Route', '  tlsSecret:\n    name: cert\n'), host('Route', '  tlsSecret: cert\n'), 11, /`spec\.tlsSecret` must be a mapping/],
    ['Mapping unknown field', mapping('  timeout_ms: 3000\n'), mapping('  timeout: 3000\n'), 10, /`spec\.timeout` is not a field/],
    ['Mapping timeout_ms as a string', mapping('  timeout_ms: 3000\n'), mapping('  timeout_ms: "3000"\n'), 10, /must be an integer.*not the string "3000"/],
    ['Mapping v3alpha1 header as a bare string', mapping('  add_request_headers:\n    x-mesh:\n      value: linkerd\n'), mapping('  add_request_headers:\n    x-mesh: linkerd\n'), 11, /must be a mapping/],
    ['Mapping v2 ambassador_id as a number', mapping('  ambassador_id: default\n', 'v2'), mapping('  ambassador_id: 7\n', 'v2'), 10, /must be a string or a list/],
    ['Mapping in a version no CRD serves', mapping(''), mapping('', 'v9'), 1, /serves v1, v2, v3alpha1/],
    ['Link gatewayPort as an integer', link('  gatewayPort: "4143"\n'), link('  gatewayPort: 4143\n'), 10, /`spec\.gatewayPort` must be a string/],
    ['Link selector operator in the wrong case', link('  selector:\n    matchExpressions:\n      - key: app\n        operator: In\n'), link('  selector:\n    matchExpressions:\n      - key: app\n        operator: in\n'), 13, /use "In"/],
    ['Listener protocol in the wrong case', listener('  protocol: HTTP\n'), listener('  protocol: http\n'), 12, /use "HTTP"/],
  ];
  for (const [name, good, bad, line, message] of broken) {
    it(`finds one problem: ${name}`, async () => {
      const dir = write(`broken-${name.replace(/\W+/g, '-')}`, { 'good.yaml': good, 'bad.yaml': bad });
      const ok = await lint({ cwd: dir, paths: ['good.yaml'], crds: [CORPUS] });
      expect(ok.findings.filter((f) => f.ruleId === 'crd-schema' || f.ruleId === 'manifest-shape').map((f) => f.message)).toEqual([]);
      const r = await lint({ cwd: dir, paths: ['bad.yaml'], crds: [CORPUS] });
      const own = r.findings.filter((f) => f.ruleId === 'crd-schema');
      expect(own.map((f) => f.line), JSON.stringify(r.findings.map((f) => [f.ruleId, f.line, f.message]))).toEqual([line]);
      expect(own[0].message).toMatch(message);
    });
  }
});
