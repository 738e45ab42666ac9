// Kustomizations and Helm charts among the inputs: which files belong to them (and so are not
// read as plain manifests), which of them are rendered (the top-level kustomizations: those no
// other kustomization among the inputs builds on; and the top-level charts), and what each
// kustomization patches (so that a finding can point at the patch that changed a field).

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Path } from '../yaml/types.js';
import { parseText, type ParseLimits } from '../yaml/parse.js';
import { isObject } from '../util/object.js';
import { KUSTOMIZATION_NAMES, isKustomizationName } from './toolfiles.js';

/** A patch of a kustomization: where it is written, and what it selects. */
export interface PatchSpec {
  /** The kustomization file that lists it. */
  kustomization: string;
  /** Path of the entry in the kustomization (`['patches', 0]`). */
  entry: Path;
  /** The patch file (absolute), or undefined for an inline patch. */
  file?: string;
  /** An inline patch's text. */
  inline?: string;
  /** `json6902` when the patch is a list of JSON patch operations. */
  type: 'strategic' | 'json6902' | 'unknown';
  target?: { kind?: string; name?: string; namespace?: string };
}

export interface Kustomization {
  /** Absolute directory. */
  dir: string;
  /** Absolute path of its kustomization file. */
  file: string;
  kind: 'Kustomization' | 'Component';
  /** Absolute directories of the kustomizations it builds on (resources, bases, components). */
  children: string[];
  /** Absolute files it reads (resources, patches, CRDs, configurations, replacements...). */
  files: string[];
  /** References to remote bases (URLs, git repositories). */
  remote: string[];
  /** What would need kustomize's plugins, exec functions or Helm. */
  plugins: string[];
  patches: PatchSpec[];
  /** Why the kustomization file could not be read, when it could not. */
  problem?: string;
}

export interface ChartDir {
  /** Absolute directory of the chart. */
  dir: string;
  /** Absolute path of its Chart.yaml. */
  file: string;
  /** The input files below its directory (templates, values, subcharts). */
  files: string[];
}

/** A remote kustomize reference: a URL, an scp-like git address, or a host path with a ref. */
export function isRemoteRef(ref: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(ref) || /^git@/.test(ref) || /^(github|gitlab|bitbucket)\.(com|org)\//.test(ref) || /[?&]ref=/.test(ref) || /^git::/.test(ref);
}

const FILE_LISTS = ['crds', 'configurations'] as const;

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** The kustomization file in `dir`, if there is one. */
export function kustomizationIn(dir: string): string | undefined {
  for (const n of KUSTOMIZATION_NAMES) {
    const f = path.join(dir, n);
    if (existsSync(f)) return f;
  }
  return undefined;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** A JSON patch (a YAML/JSON list of operations) as opposed to a strategic-merge patch. */
function patchTypeOf(text: string | undefined, limits: ParseLimits): PatchSpec['type'] {
  if (text === undefined) return 'unknown';
  const parsed = parseText(text, limits);
  const first = parsed.docs.find((d) => d.value !== null && d.value !== undefined)?.value;
  if (Array.isArray(first)) return 'json6902';
  if (isObject(first)) return 'strategic';
  return 'unknown';
}

export type ReadText = (abs: string) => string | undefined;

/** Reads kustomizations (each once) and follows the ones they build on. */
export class KustomizationReader {
  readonly byDir = new Map<string, Kustomization>();

  constructor(
    private readonly readText: ReadText,
    private readonly limits: ParseLimits,
  ) {}

  read(file: string): Kustomization {
    const dir = path.dirname(file);
    const known = this.byDir.get(dir);
    if (known) return known;
    const k: Kustomization = { dir, file, kind: 'Kustomization', children: [], files: [], remote: [], plugins: [], patches: [] };
    this.byDir.set(dir, k);
    const text = this.readText(file);
    if (text === undefined) {
      k.problem = 'the file cannot be read';
      return k;
    }
    const parsed = parseText(text, this.limits);
    if (parsed.problems.length > 0) {
      k.problem = parsed.problems[0].message;
      return k;
    }
    const value = parsed.docs.find((d) => isObject(d.value))?.value;
    if (!isObject(value)) return k;
    if (value.kind === 'Component') k.kind = 'Component';
    const ref = (entry: string, asBase: boolean) => {
      if (isRemoteRef(entry)) {
        k.remote.push(entry);
        return;
      }
      const abs = path.resolve(dir, entry);
      if (isDir(abs)) {
        const child = kustomizationIn(abs);
        if (child) {
          k.children.push(abs);
          this.read(child);
        }
      } else if (!asBase || existsSync(abs)) {
        k.files.push(abs);
      }
    };
    for (const r of strings(value.resources)) ref(r, false);
    for (const r of strings(value.bases)) ref(r, true);
    for (const r of strings(value.components)) ref(r, true);
    for (const key of FILE_LISTS) for (const f of strings(value[key])) k.files.push(path.resolve(dir, f));
    for (const r of Array.isArray(value.replacements) ? value.replacements : []) if (isObject(r) && typeof r.path === 'string') k.files.push(path.resolve(dir, r.path));
    if (isObject(value.openapi) && typeof value.openapi.path === 'string') k.files.push(path.resolve(dir, value.openapi.path));
    for (const key of ['generators', 'transformers', 'validators'] as const) {
      for (const g of strings(value[key])) {
        if (isRemoteRef(g)) k.remote.push(g);
        else if (/\n/.test(g)) k.plugins.push(`an inline ${key.slice(0, -1)}`);
        else {
          const abs = path.resolve(dir, g);
          if (isDir(abs) && kustomizationIn(abs)) {
            k.children.push(abs);
            this.read(kustomizationIn(abs)!);
          } else {
            k.files.push(abs);
            k.plugins.push(`the ${key.slice(0, -1)} ${g}`);
          }
        }
      }
    }
    if (Array.isArray(value.helmCharts) && value.helmCharts.length > 0) k.plugins.push('helmCharts (kustomize --enable-helm)');
    const addPatch = (entry: Path, file: string | undefined, inline: string | undefined, target: unknown, type?: PatchSpec['type']) => {
      const t = isObject(target)
        ? {
            kind: typeof target.kind === 'string' ? target.kind : undefined,
            name: typeof target.name === 'string' ? target.name : undefined,
            namespace: typeof target.namespace === 'string' ? target.namespace : undefined,
          }
        : undefined;
      const abs = file === undefined ? undefined : path.resolve(dir, file);
      if (abs) k.files.push(abs);
      k.patches.push({ kustomization: k.file, entry, file: abs, inline, type: type ?? patchTypeOf(abs ? this.readText(abs) : inline, this.limits), target: t });
    };
    strings(value.patchesStrategicMerge).forEach((p, i) => {
      // An entry is a file path, or (older kustomize) an inline patch.
      if (/\n/.test(p) || /^\s*(apiVersion|kind)\s*:/.test(p)) addPatch(['patchesStrategicMerge', i], undefined, p, undefined, 'strategic');
      else addPatch(['patchesStrategicMerge', i], p, undefined, undefined, 'strategic');
    });
    (Array.isArray(value.patches) ? value.patches : []).forEach((p: unknown, i: number) => {
      if (!isObject(p)) return;
      if (typeof p.path === 'string') addPatch(['patches', i], p.path, undefined, p.target);
      else if (typeof p.patch === 'string') addPatch(['patches', i], undefined, p.patch, p.target);
    });
    (Array.isArray(value.patchesJson6902) ? value.patchesJson6902 : []).forEach((p: unknown, i: number) => {
      if (!isObject(p)) return;
      if (typeof p.path === 'string') addPatch(['patchesJson6902', i], p.path, undefined, p.target, 'json6902');
      else if (typeof p.patch === 'string') addPatch(['patchesJson6902', i], undefined, p.patch, p.target, 'json6902');
    });
    return k;
  }

  /** The kustomization and every one it builds on, each once. */
  closure(k: Kustomization): Kustomization[] {
    const out: Kustomization[] = [];
    const seen = new Set<string>();
    const visit = (x: Kustomization) => {
      if (seen.has(x.dir)) return;
      seen.add(x.dir);
      out.push(x);
      for (const c of x.children) {
        const child = this.byDir.get(c);
        if (child) visit(child);
      }
    };
    visit(k);
    return out;
  }
}

export interface ToolPlan {
  /** Kustomizations to render: those among the inputs that no other one builds on. */
  kustomizations: Kustomization[];
  /** Charts to render: those among the inputs not inside another chart. */
  charts: ChartDir[];
  /** Input files that belong to a kustomization or a chart (not read as plain manifests). */
  owned: Set<string>;
  reader: KustomizationReader;
}

/**
 * What the input files hold of kustomize and Helm. `files` are absolute paths of the input
 * files; a kustomization is found by its file name, a chart by its `Chart.yaml`.
 */
export function planTools(files: readonly string[], readText: ReadText, limits: ParseLimits): ToolPlan {
  const reader = new KustomizationReader(readText, limits);
  const found: Kustomization[] = [];
  const chartDirs: string[] = [];
  for (const f of files) {
    const base = path.basename(f);
    if (isKustomizationName(base)) found.push(reader.read(f));
    else if (base === 'Chart.yaml') chartDirs.push(path.dirname(f));
  }
  const owned = new Set<string>();
  const referenced = new Set<string>();
  for (const k of reader.byDir.values()) {
    owned.add(k.file);
    for (const f of k.files) owned.add(f);
    for (const c of k.children) referenced.add(c);
  }
  const kustomizations = found.filter((k) => !referenced.has(k.dir) && k.kind === 'Kustomization');
  // A chart owns every file below its directory; a chart inside another (charts/) is not rendered alone.
  const chartSet = new Set(chartDirs);
  const chartOf = (p: string): string | undefined => {
    let found: string | undefined;
    for (let d = path.dirname(p); ; d = path.dirname(d)) {
      if (chartSet.has(d)) found = d;
      if (path.dirname(d) === d) return found;
    }
  };
  const charts: ChartDir[] = [...chartSet]
    .filter((d) => chartOf(path.join(d, 'Chart.yaml')) === d)
    .sort()
    .map((d) => ({ dir: d, file: path.join(d, 'Chart.yaml'), files: [] as string[] }));
  const byDir = new Map(charts.map((c) => [c.dir, c]));
  if (chartSet.size > 0) {
    for (const f of files) {
      const c = chartOf(f);
      if (!c) continue;
      owned.add(f);
      byDir.get(c)?.files.push(f);
    }
  }
  return { kustomizations, charts, owned, reader };
}
