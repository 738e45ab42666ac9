// The whole pipeline as a function: read → parse → resources → graphs → rules → findings.

import type { Config } from './config.js';
import { runEngine, type ClusterInput } from './engine.js';
import type { Graph } from './graph.js';
import { DEFAULT_MAX_FILE_BYTES, readInputs, type InputSpec } from './load/files.js';
import { DEFAULT_PARSE_LIMITS, parseSlow, parseText, type ParseLimits } from './load/parse.js';
import { extract, type Extracted } from './load/resources.js';
import { RULES } from './registry.js';
import type { Rule } from './rule.js';
import { makeSettings, type Settings } from './settings.js';
import type { Finding, InputProblem, SourceFile } from './types.js';

export interface LintRequest {
  cwd: string;
  /** Paths reported on. `-` is standard input. */
  paths: string[];
  /** Paths loaded for references only (--context). */
  context?: string[];
  /** Named cluster trees (--cluster name=path). */
  clusters?: Array<{ name: string; paths: string[] }>;
  stdinFilename?: string;
  readStdin?: () => Promise<string>;
  config?: Config;
  linkerdVersion?: string;
  emissaryVersion?: string;
  /** 'slow' parses every file with the positional parser (used to test that both paths agree). */
  parser?: 'auto' | 'slow';
  rules?: readonly Rule[];
  limits?: Partial<ParseLimits>;
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

/** Parse files and extract resources and input problems. */
export function loadFiles(files: SourceFile[], parser: 'auto' | 'slow' = 'auto', limits: ParseLimits = DEFAULT_PARSE_LIMITS): Extracted {
  const out: Extracted = { resources: [], problems: [] };
  for (const file of files) {
    const parsed = parser === 'slow' ? parseSlow(file.text, limits) : parseText(file.text, limits);
    for (const p of parsed.problems) out.problems.push({ rule: 'yaml-syntax', message: p.message, file, region: p.region });
    for (const d of parsed.docs) extract(file, d, out);
  }
  return out;
}

export async function lint(req: LintRequest): Promise<LintResult> {
  const cfg = req.config ?? {};
  const settings = settingsFrom(req);
  const specs: InputSpec[] = [];
  if (req.paths.length > 0) specs.push({ patterns: req.paths, reported: true });
  if (req.context?.length) specs.push({ patterns: req.context, reported: false });
  const clusters = req.clusters ?? [];
  for (const c of clusters) specs.push({ patterns: c.paths, reported: true, cluster: c.name });

  const read = await readInputs(specs, {
    cwd: req.cwd,
    ignore: cfg.ignore ?? [],
    maxFileBytes: cfg.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
    stdinFilename: req.stdinFilename,
    readStdin: req.readStdin,
  });
  const limits = { ...DEFAULT_PARSE_LIMITS, ...req.limits };

  // One graph per cluster; files outside any named cluster make up the default one.
  const byCluster = new Map<string, SourceFile[]>();
  if (specs.some((s) => !s.cluster)) byCluster.set('', []);
  for (const c of clusters) byCluster.set(c.name, []);
  for (const f of read.files) byCluster.get(f.cluster ?? '')!.push(f);
  const inputs: ClusterInput[] = [];
  const readProblems = new Map<string, InputProblem[]>();
  for (const p of read.problems) {
    const k = p.file.cluster ?? '';
    readProblems.set(k, [...(readProblems.get(k) ?? []), p]);
  }
  for (const [name, files] of byCluster) {
    const loaded = loadFiles(files, req.parser, limits);
    inputs.push({ name, resources: loaded.resources, problems: [...(readProblems.get(name) ?? []), ...loaded.problems] });
  }

  const severities = { ...cfg.rules };
  const engine = runEngine(inputs, { rules: req.rules ?? RULES, settings, severities });
  return { findings: engine.findings, files: read.files, crashed: engine.crashed, unmatched: read.unmatched, graphs: engine.graphs, settings };
}
