// Several clusters at once: one graph per cluster, findings attributed to their cluster,
// Links checked against the other cluster's gateway, and nothing else resolving across
// clusters. In-process through lint(), then through the built binary.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/lint.js';
import { ROOT, runMeshlint, tempDir } from './helpers.js';

const DATA = path.join(ROOT, 'test', 'data', 'clusters');
const CONFIG = path.join(DATA, 'meshlint-clusters.yaml');
const tmp = tempDir('clusters');

const TWO = [
  { name: 'east', paths: ['east', 'shared'] },
  { name: 'west', paths: ['west', 'shared'] },
];

function run(args: string[], cwd = DATA) {
  const r = runMeshlint(args, { cwd });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('several clusters, in process', () => {
  it('builds one graph per cluster and attributes each finding to its cluster', async () => {
    const result = await lint({ cwd: DATA, paths: [], clusters: TWO });
    expect([...result.graphs.keys()].sort()).toEqual(['east', 'west']);
    expect(result.crashed).toEqual([]);
    for (const f of result.findings) {
      expect(['east', 'west'], `${f.ruleId} ${f.file}`).toContain(f.cluster);
      expect(f.file.startsWith(`${f.cluster}/`) || f.file.startsWith('shared/'), `${f.cluster}: ${f.file}`).toBe(true);
    }
  });

  it("checks a Link against its target cluster's gateway, not its own tree", async () => {
    const result = await lint({ cwd: DATA, paths: [], clusters: TWO });
    const links = result.findings.filter((f) => f.ruleId === 'link-consistency');
    expect(links.map((f) => [f.cluster, f.file, f.line, f.path])).toEqual([['east', 'east/link.yaml', 13, 'spec.gatewayIdentity']]);
    expect(links[0].message).toContain('emissary-ingress.emissary.serviceaccount.identity.linkerd.cluster.local');
    expect(links[0].message).toContain('in cluster west');
    expect(links[0].related.map((r) => [r.file, r.line])).toEqual([['west/emissary.yaml', 38]]);
  });

  it('is silent about a Link whose target cluster is not given', async () => {
    const result = await lint({ cwd: DATA, paths: [], clusters: [{ name: 'east', paths: ['east'] }] });
    expect(result.findings.filter((f) => f.ruleId === 'link-consistency')).toEqual([]);
  });

  it('does not resolve a Mapping in west to a Service in east', async () => {
    const result = await lint({ cwd: DATA, paths: [], clusters: TWO });
    const west = result.graphs.get('west')!;
    const east = result.graphs.get('east')!;
    const westApi = west.mappings.find((m) => m.resource.name === 'api')!;
    const eastApi = east.mappings.find((m) => m.resource.name === 'api')!;
    expect(westApi.inCluster).toBe(true);
    expect(westApi.target).toBeUndefined();
    expect(eastApi.target?.resource.file.path).toBe('east/shop.yaml');
    expect(east.service('shop', 'api')).toBeDefined();
    expect(west.service('shop', 'api')).toBeUndefined();
    const missing = result.findings.filter((f) => f.ruleId === 'mapping-service');
    expect(missing.map((f) => [f.cluster, f.file, f.line])).toEqual([['west', 'west/shop.yaml', 50]]);
  });

  it('resolves the same files against each other when they are one tree', async () => {
    const result = await lint({ cwd: DATA, paths: ['east', 'west'] });
    expect([...result.graphs.keys()]).toEqual(['']);
    const graph = result.graphs.get('')!;
    const apis = graph.mappings.filter((m) => m.resource.name === 'api');
    expect(apis.map((m) => m.target?.resource.file.path)).toEqual(['east/shop.yaml', 'east/shop.yaml']);
    // Without named clusters a Link is checked against the gateway in the same inputs.
    const links = result.findings.filter((f) => f.ruleId === 'link-consistency');
    expect(links.map((f) => [f.cluster, f.file, f.line])).toEqual([[undefined, 'east/link.yaml', 13]]);
  });

  it('gives a file named by two clusters to both of them', async () => {
    const result = await lint({ cwd: DATA, paths: [], clusters: TWO });
    for (const name of ['east', 'west']) {
      expect(result.graphs.get(name)!.mappings.some((m) => m.resource.name === 'legacy'), name).toBe(true);
    }
    const shared = result.findings.filter((f) => f.file === 'shared/mapping.yaml' && f.ruleId === 'mapping-prefix');
    expect(shared.map((f) => [f.cluster, f.line])).toEqual([
      ['east', 9],
      ['west', 9],
    ]);
    expect(new Set(shared.map((f) => f.fingerprint)).size).toBe(2);
  });
});

describe('several clusters, through the CLI', () => {
  it('lints two --cluster trees, grouping the text report by cluster', () => {
    const r = run(['lint', '--cluster', 'east=east', '--cluster', 'west=west']);
    expect(r.code, r.stderr).toBe(1);
    const out = r.stdout;
    const east = out.indexOf('cluster east\n');
    const west = out.indexOf('cluster west\n');
    expect(east).toBeGreaterThanOrEqual(0);
    expect(west).toBeGreaterThan(east);
    const link = out.indexOf('east/link.yaml\n');
    expect(link).toBeGreaterThan(east);
    expect(link).toBeLessThan(west);
    expect(out.indexOf('west/shop.yaml\n')).toBeGreaterThan(west);
    expect(out).toContain('related: west/emissary.yaml:38:');
    expect(out).toMatch(/in 4 files\n$/);
  });

  it('puts the cluster in the JSON report, and takes repeated --cluster flags for one name', () => {
    const r = run(['lint', '-f', 'json', '--cluster', 'east=east', '--cluster', 'east=shared', '--cluster', 'west=west', '--cluster', 'west=shared']);
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.summary.filesLinted).toBe(5);
    const pick = (id: string) => report.findings.filter((f: any) => f.ruleId === id).map((f: any) => [f.cluster, f.file, f.line]);
    expect(pick('link-consistency')).toEqual([['east', 'east/link.yaml', 13]]);
    expect(pick('mapping-prefix')).toEqual([
      ['east', 'shared/mapping.yaml', 9],
      ['west', 'shared/mapping.yaml', 9],
    ]);
    expect(pick('mapping-service')).toEqual([['west', 'west/shop.yaml', 50]]);
    for (const f of report.findings) expect(['east', 'west']).toContain(f.cluster);
  });

  it('reads clusters from the config, with paths relative to the config file', () => {
    const r = run(['lint', '-f', 'json', '--config', path.relative(ROOT, CONFIG)], ROOT);
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout);
    const links = report.findings.filter((f: any) => f.ruleId === 'link-consistency');
    expect(links.map((f: any) => [f.cluster, f.file])).toEqual([['east', 'test/data/clusters/east/link.yaml']]);
    expect(links[0].related[0].file).toBe('test/data/clusters/west/emissary.yaml');
    const prefix = report.findings.filter((f: any) => f.ruleId === 'mapping-prefix').map((f: any) => f.cluster);
    expect(prefix).toEqual(['east', 'west']);
  });

  it('with paths given (pre-commit), reports only those files, each in the clusters whose trees hold it', () => {
    // The hook's command line: the staged files, the repository as context, config clusters.
    const r = run(['lint', '-f', 'json', '--config', 'meshlint-clusters.yaml', '--context', '.', 'east/link.yaml', 'shared/mapping.yaml']);
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout);
    const where = [...new Set(report.findings.map((f: any) => `${f.cluster} ${f.file}`))].sort();
    expect(where).toEqual(['east east/link.yaml', 'east shared/mapping.yaml', 'west shared/mapping.yaml']);
    // The Link is still checked against the gateway of the other cluster, which only lent its resources.
    const links = report.findings.filter((f: any) => f.ruleId === 'link-consistency');
    expect(links.map((f: any) => f.related[0].file)).toEqual(['west/emissary.yaml']);
    const staged = run(['lint', '-f', 'json', '--config', 'meshlint-clusters.yaml', '--context', '.', 'clean-a/namespace.yaml']);
    expect(staged.code, staged.stderr).toBe(0);
  });

  it('lets a --cluster flag replace the config paths of that cluster', () => {
    const r = run(['lint', '-f', 'json', '--config', CONFIG, '--cluster', 'east=clean-a']);
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.findings.filter((f: any) => f.cluster === 'east')).toEqual([]);
    expect(report.findings.filter((f: any) => f.cluster === 'west').length).toBeGreaterThan(0);
    expect(report.findings.filter((f: any) => f.ruleId === 'link-consistency')).toEqual([]);
  });

  it('exits 0 when every cluster is clean', () => {
    const r = run(['lint', '--cluster', 'a=clean-a', '--cluster', 'b=clean-b']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('no problems in 2 files');
  });

  it('keeps a path after --cluster as a path of the default tree', () => {
    const r = run(['lint', '-f', 'json', '--cluster', 'east=east', 'west/shop.yaml']);
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout);
    const missing = report.findings.filter((f: any) => f.ruleId === 'mapping-service');
    expect(missing.map((f: any) => [f.cluster, f.file])).toEqual([[null, 'west/shop.yaml']]);
  });

  it('rejects a malformed --cluster value and a bad cluster name in the config', () => {
    const bad = run(['lint', '--cluster', 'east']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('NAME=PATH');
    const cfg = path.join(tmp, 'bad.yaml');
    writeFileSync(cfg, 'clusters:\n  "east west": east\n');
    const r = run(['lint', '--config', cfg]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cluster name "east west"');
  });
});
