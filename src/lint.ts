// The whole pipeline as a function: read → parse → resources → graphs → rules → findings.

import type { Config } from './engine/config.js';
import { runEngine, sortAndDedupe, type ClusterInput } from './engine/run.js';
import type { Graph } from './model/graph.js';
import { DEFAULT_MAX_FILE_BYTES, readInputs, toPosix, type InputSpec } from './load/files.js';
import { DEFAULT_PARSE_LIMITS, type ParseLimits } from './yaml/parse.js';
import { loadFiles } from './load/resources.js';
import { RULE_IDS, RULES } from './engine/registry.js';
import { loadCrdPaths } from './load/crd/load.js';
import type { Rule } from './engine/rule.js';
import { makeSettings, type Settings } from './model/settings.js';
import type { Finding } from './engine/types.js';
import type { InputProblem, SourceFile } from './load/types.js';
import { applySuppressions, compileOverrides, markOverridden, SUPPRESSION_RULES } from './engine/suppress.js';
import path from 'node:path';
import { addTo } from './util/multimap.js';
import { ToolInputs, type RenderedInput } from './load/units.js';
import type { RenderOptions } from './load/render.js';

export interface LintRequest {
  cwd: string;
  /** Paths reported on. `-` is standard input. */
  paths: string[];
  /** Paths loaded for references only (--context). */
  context?: string[];
  /**
   * CustomResourceDefinitions for crd-schema (--crds; also config `crds`, relative to the
   * config file): only their CRDs are read, join every cluster's graph, and are not reported.
   */
  crds?: string[];
  /**
   * Named cluster trees (--cluster name=path). A cluster with `reported: false` only lends its
   * resources, and a path of `paths` inside its tree is reported in it (pre-commit in a
   * multicluster repository: config `clusters:` with the staged files as paths).
   */
  clusters?: Array<{ name: string; paths: string[]; reported?: boolean }>;
  stdinFilename?: string;
  /** Namespace of namespaced objects that name none (`kubectl apply -n`); default `default`. */
  namespace?: string;
  readStdin?: () => Promise<string>;
  config?: Config;
  linkerdVersion?: string;
  emissaryVersion?: string;
  /** 'slow' parses every file with the positional parser (used to test that both paths agree). */
  parser?: 'auto' | 'slow';
  rules?: readonly Rule[];
  limits?: Partial<ParseLimits>;
  /** The config file, when there is one: `overrides` globs are relative to its directory. */
  configFile?: string;
  /** Report suppressions that suppress nothing (also config `suppressions.reportUnused`). */
  reportUnusedSuppressions?: boolean;
  /** Rendering of kustomizations and Helm charts among the inputs (also config `render`). */
  render?: RenderOptions;
  /** File texts to use instead of the files' contents, by absolute path (for --fix passes). */
  overlay?: ReadonlyMap<string, string>;
}

export interface LintResult {
  findings: Finding[];
  files: SourceFile[];
  /** Rules that threw (their findings are missing; exit code 2). */
  crashed: string[];
  /** Inputs that matched no file. */
  unmatched: string[];
  graphs: Map<string, Graph>;
  settings: Settings;
}

export function settingsFrom(req: Pick<LintRequest, 'config' | 'linkerdVersion' | 'emissaryVersion'>): Settings {
  const cfg = req.config ?? {};
  return makeSettings({
    linkerd: { ...cfg.linkerd, version: req.linkerdVersion ?? cfg.linkerd?.version },
    emissary: { ...cfg.emissary, version: req.emissaryVersion ?? cfg.emissary?.version },
  });
}

/** Parse limits set in the config (maxDocuments, maxDepth, maxAliasCount). */
function limitsFrom(cfg: Config): Partial<ParseLimits> {
  const out: Partial<ParseLimits> = {};
  if (cfg.maxDocuments !== undefined) out.maxDocuments = cfg.maxDocuments;
  if (cfg.maxDepth !== undefined) out.maxDepth = cfg.maxDepth;
  if (cfg.maxAliasCount !== undefined) out.maxAliasCount = cfg.maxAliasCount;
  return out;
}

/** The given paths that lie in context clusters' trees, by cluster (each that holds it); the rest stay plain. */
function pathsByContextCluster(paths: string[], clusters: NonNullable<LintRequest['clusters']>, cwd: string) {
  const roots = clusters.filter((c) => c.reported === false).flatMap((c) => c.paths.map((p) => ({ name: c.name, abs: path.resolve(cwd, p) })));
  const byCluster = new Map<string, string[]>();
  const plain: string[] = [];
  for (const p of paths) {
    const abs = p === '-' || roots.length === 0 ? undefined : path.resolve(cwd, p);
    const owners = abs === undefined ? [] : roots.filter((r) => abs === r.abs || abs.startsWith(r.abs + path.sep));
    for (const name of new Set(owners.map((o) => o.name))) addTo(byCluster, name, p);
    if (owners.length === 0) plain.push(p);
  }
  return { plain, byCluster };
}

function configDirOf(req: LintRequest): string {
  return req.configFile ? path.dirname(path.resolve(req.cwd, req.configFile)) : req.cwd;
}

/** Render options from config (paths relative to the config file) and the request (relative to cwd). */
function renderOptions(cfg: Config, req: LintRequest, configDir: string): RenderOptions {
  const fromConfig = cfg.render ?? {};
  const bin = (b: string | undefined, dir: string) => (b && b.includes('/') ? path.resolve(dir, b) : b);
  const r = req.render ?? {};
  return {
    ...fromConfig,
    ...r,
    kustomize: bin(r.kustomize, req.cwd) ?? bin(fromConfig.kustomize, configDir),
    helm: bin(r.helm, req.cwd) ?? bin(fromConfig.helm, configDir),
    helmValues: [...(fromConfig.helmValues ?? []).map((v) => path.resolve(configDir, v)), ...(r.helmValues ?? []).map((v) => path.resolve(req.cwd, v))],
  };
}

export async function lint(req: LintRequest): Promise<LintResult> {
  const cfg = req.config ?? {};
  const settings = settingsFrom(req);
  const specs: InputSpec[] = [];
  const clusters = req.clusters ?? [];
  const { plain, byCluster: givenIn } = pathsByContextCluster(req.paths, clusters, req.cwd);
  if (plain.length > 0) specs.push({ patterns: plain, reported: true });
  if (req.context?.length) specs.push({ patterns: req.context, reported: false });
  for (const c of clusters) {
    specs.push({ patterns: c.paths, reported: c.reported ?? true, cluster: c.name });
    const given = givenIn.get(c.name);
    if (given) specs.push({ patterns: given, reported: true, cluster: c.name });
  }

  const limits: ParseLimits = { ...DEFAULT_PARSE_LIMITS, ...limitsFrom(cfg), ...req.limits };
  const maxFileBytes = cfg.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const tools = new ToolInputs(req.cwd, limits, maxFileBytes);
  const read = await readInputs(specs, {
    cwd: req.cwd,
    ignore: cfg.ignore ?? [],
    ignoreBase: configDirOf(req),
    maxFileBytes,
    stdinFilename: req.stdinFilename,
    readStdin: req.readStdin,
    claim: (files) => tools.claim(files),
  });
  const rendered = tools.render(renderOptions(cfg, req, configDirOf(req)));
  // Paths in the config (crds, overrides globs) are relative to the config file's directory.
  const configDir = configDirOf(req);
  const crdPaths = [...(req.crds ?? []), ...(cfg.crds ?? []).map((p) => path.resolve(configDir, p))];
  const crds = await loadCrdPaths(crdPaths, { cwd: req.cwd, ignore: cfg.ignore ?? [], maxFileBytes }, limits);
  const inputPaths = new Set(read.files.map((f) => f.path));
  const crdResources = crds.resources.filter((r) => !inputPaths.has(r.file.path));
  read.unmatched.push(...crds.unmatched);
  if (req.overlay) {
    for (const f of read.files) {
      const text = req.overlay.get(path.resolve(req.cwd, f.path));
      if (text !== undefined) f.text = text;
    }
  }

  // One graph per cluster; files outside any named cluster make up the default one.
  const byCluster = new Map<string, SourceFile[]>();
  if (specs.some((s) => !s.cluster)) byCluster.set('', []);
  for (const c of clusters) byCluster.set(c.name, []);
  for (const f of read.files) byCluster.get(f.cluster ?? '')!.push(f);
  const inputs: ClusterInput[] = [];
  const readProblems = new Map<string, InputProblem[]>();
  for (const p of read.problems) {
    const k = p.file.cluster ?? '';
    addTo(readProblems, k, p);
  }
  // A cluster's one kustomization or chart joins its graph; several (overlays of one app, say)
  // are alternatives, so each is linted as a graph of its own.
  const unitsOf = new Map<string, RenderedInput[]>();
  for (const u of rendered.units) {
    addTo(unitsOf, u.cluster, u);
    if (!byCluster.has(u.cluster)) byCluster.set(u.cluster, []);
  }
  for (const [name, files] of byCluster) {
    const loaded = loadFiles(files, req.parser, limits, req.namespace ?? cfg.namespace);
    const units = unitsOf.get(name) ?? [];
    const joined = units.length === 1 ? units[0] : undefined;
    inputs.push({
      name,
      resources: [...loaded.resources, ...(joined?.resources ?? []), ...crdResources],
      problems: [...(readProblems.get(name) ?? []), ...loaded.problems, ...units.flatMap((u) => u.problems)],
    });
    if (!joined) for (const u of units) inputs.push({ name, unit: u.name, resources: [...u.resources, ...crdResources], problems: [] });
  }

  // The files the renders read are shown, located and searched for suppressions like inputs.
  read.files.push(...rendered.files);
  const severities = { ...cfg.rules };
  const rules = req.rules ?? RULES;
  const overrides = cfg.overrides?.length
    ? compileOverrides(cfg.overrides, (file) => toPosix(path.relative(configDir, path.resolve(req.cwd, file))))
    : undefined;
  const engine = runEngine(inputs, { rules, settings, severities, severityFor: overrides?.severityFor });

  // Suppressions; their own problems go to the suppression rules in a second, graph-less pass.
  const suppressionOpts = {
    requireReason: cfg.suppressions?.requireReason,
    annotations: cfg.suppressions?.annotations,
    reportUnused: req.reportUnusedSuppressions ?? cfg.suppressions?.reportUnused,
    knownRules: RULE_IDS,
    overrides,
    configOverrides: cfg.overrides,
    configName: req.configFile ? path.basename(req.configFile) : 'config',
  };
  const suppressed = applySuppressions(engine.findings, read.files, inputs.flatMap((i) => i.resources), suppressionOpts);
  let findings = suppressed.findings;
  const suppressionRules = rules.filter((r) => SUPPRESSION_RULES.has(r.meta.id));
  if (suppressed.problems.length > 0 && suppressionRules.length > 0) {
    const byCluster = new Map<string, InputProblem[]>();
    for (const p of suppressed.problems) addTo(byCluster, p.file.cluster ?? '', p);
    const extra = runEngine(
      [...byCluster].map(([name, problems]) => ({ name, resources: [], problems })),
      { rules: suppressionRules, settings, severities, severityFor: overrides?.severityFor },
    );
    markOverridden(extra.findings, suppressionOpts);
    findings = sortAndDedupe([...findings, ...extra.findings]);
  }
  return { findings, files: read.files, crashed: engine.crashed, unmatched: read.unmatched, graphs: engine.graphs, settings };
}
