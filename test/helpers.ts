// Test helpers: lint a fixture case (a file, or a folder of files) in-process.

import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import { lint, type LintRequest, type LintResult } from '../src/lint.js';
import type { Config } from '../src/config.js';
import { Graph } from '../src/graph.js';
import { makeSettings, type SettingsInput } from '../src/settings.js';
import type { Resource } from '../src/types.js';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const FIXTURES = path.join(ROOT, 'fixtures');

const MANIFEST = /\.(ya?ml|json)$/i;

/** A Mapping with one mistake (mapping-prefix at line 8, column 11), for CLI and workflow tests. */
export const BAD_MAPPING = `apiVersion: getambassador.io/v3alpha1
kind: Mapping
metadata:
  name: web
  namespace: shop
spec:
  hostname: "*"
  prefix: api/
  service: localhost:8080
`;

export interface CaseSettings {
  linkerdVersion?: string;
  emissaryVersion?: string;
  config: Config;
}

/** Every manifest file of a case, recursively. */
export function caseFiles(p: string): string[] {
  if (statSync(p).isFile()) return [p];
  const out: string[] = [];
  for (const e of readdirSync(p, { withFileTypes: true })) {
    const full = path.join(p, e.name);
    if (e.isDirectory()) out.push(...caseFiles(full));
    else if (MANIFEST.test(e.name) && !e.name.endsWith('.fixed.yaml')) out.push(full);
  }
  return out.sort();
}

/**
 * Settings written in a case as comments: `# linkerd-version: 2.8`, `# emissary-version: 3.1`,
 * `# config: {"linkerd": {"namespace": "l5d"}}` (JSON merged into the config).
 */
export function caseSettings(texts: string[]): CaseSettings {
  const s: CaseSettings = { config: {} };
  for (const t of texts) {
    for (const m of t.matchAll(/^\s*#\s*(linkerd-version|emissary-version|config):\s*(.+?)\s*$/gm)) {
      if (m[1] === 'linkerd-version') s.linkerdVersion = m[2];
      else if (m[1] === 'emissary-version') s.emissaryVersion = m[2];
      else s.config = { ...s.config, ...JSON.parse(m[2]) };
    }
  }
  return s;
}

/** `# expect: a, b` markers: rule id → list of "file:line". */
export function expectations(files: string[], cwd: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of files) {
    const lines = readFileSync(f, 'utf8').split(/\r?\n/);
    lines.forEach((line, i) => {
      const m = /#\s*expect:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)\s*$/.exec(line);
      if (!m) return;
      for (const id of m[1].split(',').map((x) => x.trim())) {
        const where = `${path.relative(cwd, f).split(path.sep).join('/')}:${i + 1}`;
        out.set(id, [...(out.get(id) ?? []), where]);
      }
    });
  }
  return out;
}

/** Lint a case. A folder with a `clusters/` child lints each subfolder as a named cluster. */
export async function lintCase(casePath: string, extra: Partial<LintRequest> = {}): Promise<LintResult> {
  const isDir = statSync(casePath).isDirectory();
  const cwd = isDir ? casePath : path.dirname(casePath);
  const files = caseFiles(casePath);
  const settings = caseSettings(files.map((f) => readFileSync(f, 'utf8')));
  const req: LintRequest = {
    cwd,
    paths: [],
    linkerdVersion: settings.linkerdVersion,
    emissaryVersion: settings.emissaryVersion,
    config: settings.config,
    ...extra,
  };
  const clustersDir = path.join(casePath, 'clusters');
  if (isDir && existsSync(clustersDir)) {
    req.clusters = readdirSync(clustersDir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => ({ name: e.name, paths: [path.join('clusters', e.name)] }));
    const rest = readdirSync(casePath).filter((n) => n !== 'clusters' && MANIFEST.test(n));
    req.paths = rest;
  } else {
    req.paths = isDir ? ['.'] : [path.basename(casePath)];
  }
  return lint(req);
}

/** The cases of a rule: entries of fixtures/<id>/<kind>/. */
export function casesOf(id: string, kind: 'pass' | 'fail'): string[] {
  const dir = path.join(FIXTURES, id, kind);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => !n.startsWith('.') && (MANIFEST.test(n) || statSync(path.join(dir, n)).isDirectory()))
    .sort()
    .map((n) => path.join(dir, n));
}

/** A resource as the loader would give it, for graph tests that build objects in code. */
export function resourceOf(obj: any): Resource {
  const name = obj.metadata?.name ?? '';
  const namespace = obj.kind === 'Namespace' ? '' : obj.metadata?.namespace ?? 'default';
  const group = String(obj.apiVersion).includes('/') ? String(obj.apiVersion).split('/')[0] : '';
  return {
    file: { path: 'test.yaml', text: '', reported: true },
    docIndex: 0,
    base: [],
    apiVersion: obj.apiVersion,
    group,
    kind: obj.kind,
    name,
    namespace,
    obj,
    ref: namespace ? `${obj.kind} ${namespace}/${name}` : `${obj.kind} ${name}`,
  };
}

/** The graph of objects built in code. */
export function graphOfObjects(objs: any[], settings: SettingsInput = {}): Graph {
  return new Graph(objs.map(resourceOf), makeSettings(settings));
}
