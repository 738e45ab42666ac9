// Test helpers: lint a fixture case (a file, or a folder of files) in-process; build graphs from
// text or objects; temporary trees; the built binary.

import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { lint, type LintRequest, type LintResult } from '../src/lint.js';
import { loadFiles } from '../src/load/resources.js';
import type { Config } from '../src/engine/config.js';
import { Graph } from '../src/model/graph.js';
import { RULES } from '../src/engine/registry.js';
import type { ReportInput } from '../src/report/types.js';
import { makeSettings, type SettingsInput } from '../src/model/settings.js';
import type { Resource } from '../src/load/types.js';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const FIXTURES = path.join(ROOT, 'fixtures');
/** The `meshlint` binary; test/global-setup.ts builds the dist/ it runs. */
export const BIN = path.join(ROOT, 'bin', 'meshlint.js');

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

/** The request that lints a case. A folder with a `clusters/` child lints each subfolder as a named cluster. */
export function caseRequest(casePath: string, extra: Partial<LintRequest> = {}): LintRequest {
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
  return req;
}

/** Lint a case (see caseRequest). */
export async function lintCase(casePath: string, extra: Partial<LintRequest> = {}): Promise<LintResult> {
  return lint(caseRequest(casePath, extra));
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

/** The graph of YAML text, loaded as the file `test.yaml`. */
export function graphOfText(text: string, settings: SettingsInput = {}): Graph {
  const { resources } = loadFiles([{ path: 'test.yaml', text, reported: true }]);
  return new Graph(resources, makeSettings(settings));
}

/** What a reporter gets for a lint result (no colour, tool version 0.0.0). */
export function reportInputOf(r: LintResult, cwd: string): ReportInput {
  return {
    findings: r.findings,
    texts: new Map(r.files.map((f) => [f.path, f.text])),
    fileCount: r.files.length,
    rules: RULES.map((x) => x.meta),
    toolVersion: '0.0.0',
    cwd,
    color: false,
  };
}

/** A new temporary folder `meshlint-<name>-*`, removed after the tests of the file or describe block that makes it. */
export function tempDir(name: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `meshlint-${name}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The folder `name` under `root`, emptied (so a test can run twice in one tree). */
export function freshDir(root: string, name: string): string {
  const dir = path.join(root, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Write `rel` under `root`, making its folders; the full path. */
export function writeIn(root: string, rel: string, text: string | Buffer): string {
  const p = path.join(root, rel);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, text);
  return p;
}

export interface BinOptions {
  cwd: string;
  input?: string;
  env?: Record<string, string>;
  timeout?: number;
}

/**
 * Run the built binary. NO_COLOR and FORCE_COLOR of the test run are not passed on, so piped
 * output is plain unless `env` sets them.
 */
export function runMeshlint(args: string[], opts: BinOptions): SpawnSyncReturns<string> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  return spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd, input: opts.input, timeout: opts.timeout, encoding: 'utf8', env: { ...env, ...opts.env } });
}
