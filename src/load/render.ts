// Rendering kustomizations (kustomize or kubectl) and Helm charts (helm) found among the inputs,
// and giving each rendered object back its source: the file and document it came from, the
// patches that changed it, and the kustomization or chart that rendered it.
//
// A kustomization is built through a wrapper kustomization in a temporary directory that names
// it as its only resource and asks for kustomize's origin annotations, so the user's files are
// never changed. Remote bases, plugins, exec functions and Helm inflation inside kustomize are
// refused unless the caller allows them; nothing is fetched or run otherwise.

import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { InputProblem, PatchTouch, Resource, SourceFile } from './types.js';
import type { Path } from '../yaml/types.js';
import { parseText, type ParseLimits } from '../yaml/parse.js';
import { isObject, valueAt } from '../util/object.js';
import { loadFiles } from './resources.js';
import type { ChartDir, Kustomization, KustomizationReader, PatchSpec } from './kustomize.js';

export interface RenderOptions {
  /** Render kustomizations and charts (default true); false skips them with a note. */
  enabled?: boolean;
  /** The kustomize binary (`kustomize`, or `kubectl` for `kubectl kustomize`); default: the PATH's. */
  kustomize?: string;
  /** The helm binary; default: the PATH's. */
  helm?: string;
  /** Values files for `helm template`. */
  helmValues?: string[];
  /** Let kustomize fetch remote bases. */
  remote?: boolean;
  /** Let kustomize run plugins, exec functions and Helm (`--enable-alpha-plugins --enable-exec --enable-helm`). */
  plugins?: boolean;
  /** Most milliseconds one render may take (default 120 s). */
  timeoutMs?: number;
}

export interface RenderContext {
  cwd: string;
  reported: boolean;
  cluster?: string;
  options: RenderOptions;
  limits: ParseLimits;
  maxBytes: number;
  /** The source file for an absolute path (read once, shared by every unit). */
  source: (abs: string) => SourceFile | undefined;
  env?: NodeJS.ProcessEnv;
}

export interface RenderedUnit {
  /** The kustomization file or Chart.yaml, as shown. */
  name: string;
  resources: Resource[];
  problems: InputProblem[];
}

/** An executable named `name` on the PATH (or `name` itself when it is a path). */
export function findExecutable(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = name.includes('/') ? [name] : (env.PATH ?? '').split(path.delimiter).filter(Boolean).map((d) => path.join(d, name));
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      // not here
    }
  }
  return undefined;
}

interface Renderer {
  bin: string;
  args: (dir: string) => string[];
  label: string;
}

/** kustomize from the options, else `kustomize` on the PATH, else `kubectl kustomize`. */
export function kustomizeRenderer(options: RenderOptions, env: NodeJS.ProcessEnv = process.env): Renderer | undefined {
  const extra = options.plugins ? ['--enable-alpha-plugins', '--enable-exec', '--enable-helm'] : [];
  const pick = (name: string): Renderer | undefined => {
    const bin = findExecutable(name, env);
    if (!bin) return undefined;
    return path.basename(bin).startsWith('kubectl')
      ? { bin, args: (dir) => ['kustomize', dir, ...extra], label: 'kubectl kustomize' }
      : { bin, args: (dir) => ['build', dir, ...extra], label: 'kustomize build' };
  };
  if (options.kustomize) return pick(options.kustomize);
  return pick('kustomize') ?? pick('kubectl');
}

const ORIGIN = 'config.kubernetes.io/origin';
const TRANSFORMATIONS = 'alpha.config.kubernetes.io/transformations';

function pointerPath(pointer: string): Path {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9]\d*)$/.test(s) ? Number(s) : s));
}

function startsWith(a: Path, b: Path): boolean {
  return b.length <= a.length && b.every((s, i) => String(a[i]) === String(s));
}

/** Whether a patch touch changed the field at `p` of the object it patched. */
export function patchCovers(t: PatchTouch, p: Path): boolean {
  if (t.opPath) return t.opPath.length > 0 && (startsWith(p, t.opPath) || startsWith(t.opPath, p));
  return p.length > 0 && valueAt(t.obj, p) !== undefined;
}

interface Candidate {
  docIndex: number;
  base: Path;
  kind: string;
  name: string;
}

function candidatesOf(file: SourceFile, limits: ParseLimits): Candidate[] {
  const out: Candidate[] = [];
  for (const d of parseText(file.text, limits).docs) {
    const visit = (v: unknown, base: Path) => {
      if (!isObject(v)) return;
      if (Array.isArray(v.items) && typeof v.kind === 'string' && v.kind.endsWith('List')) {
        v.items.forEach((item: unknown, i: number) => visit(item, [...base, 'items', i]));
        return;
      }
      out.push({ docIndex: d.index, base, kind: String(v.kind ?? ''), name: String(v.metadata?.name ?? '') });
    };
    visit(d.value, []);
  }
  return out;
}

/** The document of the source file that a rendered object came from. */
function matchCandidate(cands: Candidate[], kind: string, name: string): Candidate | undefined {
  const sameKind = cands.filter((c) => c.kind === kind);
  return (
    sameKind.find((c) => c.name === name) ??
    sameKind.filter((c) => c.name !== '' && name.includes(c.name)).sort((a, b) => b.name.length - a.name.length)[0] ??
    sameKind[0]
  );
}

function targetMatches(target: PatchSpec['target'], kind: string, names: string[]): boolean {
  if (!target) return true;
  if (target.kind && target.kind !== kind) return false;
  if (target.name) {
    let re: RegExp | undefined;
    try {
      re = new RegExp(`^(?:${target.name})$`);
    } catch {
      re = undefined;
    }
    if (!names.some((n) => n === target.name || (re !== undefined && target.name!.length <= 253 && re.test(n)))) return false;
  }
  return true;
}

interface PatchDoc {
  spec: PatchSpec;
  file: SourceFile;
  docIndex: number;
  base: Path;
  /** Strategic merge: the patch document; its kind and name select the object. */
  obj?: Record<string, any>;
  /** JSON patch: the operation's path. */
  opPath?: Path;
}

/** The documents and operations of a unit's patches, each read once. */
function patchDocs(ks: Kustomization[], ctx: RenderContext): PatchDoc[] {
  const out: PatchDoc[] = [];
  for (const k of ks) {
    const kfile = ctx.source(k.file);
    for (const spec of k.patches) {
      const file = spec.file ? ctx.source(spec.file) : kfile;
      if (!file) continue;
      const inlineBase: Path = spec.entry[0] === 'patchesStrategicMerge' ? spec.entry : [...spec.entry, 'patch'];
      const text = spec.file ? file.text : spec.inline ?? '';
      const docs = parseText(text, ctx.limits).docs;
      for (const d of docs) {
        const at = (base: Path) => (spec.file ? { docIndex: d.index, base } : { docIndex: 0, base: inlineBase });
        if (Array.isArray(d.value)) {
          d.value.forEach((op: unknown, i: number) => {
            if (isObject(op) && typeof op.path === 'string') out.push({ spec, file, ...at([i, 'path']), opPath: pointerPath(op.path) });
          });
        } else if (isObject(d.value)) {
          out.push({ spec, file, ...at([]), obj: d.value });
        }
      }
    }
  }
  return out;
}

function touchesFor(docs: PatchDoc[], kind: string, names: string[]): PatchTouch[] {
  const out: PatchTouch[] = [];
  for (const d of docs) {
    if (d.obj) {
      const own = d.spec.target ?? { kind: typeof d.obj.kind === 'string' ? d.obj.kind : undefined, name: typeof d.obj.metadata?.name === 'string' ? d.obj.metadata.name : undefined };
      if (!targetMatches(own, kind, names)) continue;
      out.push({ file: d.file, docIndex: d.docIndex, base: d.base, obj: d.obj, inline: !d.spec.file });
    } else if (d.opPath) {
      if (!targetMatches(d.spec.target, kind, names)) continue;
      out.push({ file: d.file, docIndex: d.docIndex, base: d.base, opPath: d.opPath, inline: !d.spec.file });
    }
  }
  return out;
}

function originPathOf(annotation: unknown): { path?: string; repo?: string } {
  if (typeof annotation !== 'string') return {};
  const parsed = parseText(annotation).docs[0]?.value;
  if (!isObject(parsed)) return {};
  return { path: typeof parsed.path === 'string' ? parsed.path : undefined, repo: typeof parsed.repo === 'string' ? parsed.repo : undefined };
}

/** Remove the annotations meshlint asked kustomize for; drop the map when nothing else was in it. */
function stripBuildAnnotations(obj: any): void {
  const ann = obj?.metadata?.annotations;
  if (!isObject(ann)) return;
  delete ann[ORIGIN];
  delete ann[TRANSFORMATIONS];
  if (Object.keys(ann).length === 0) delete obj.metadata.annotations;
}

function problemAt(rule: 'render-skipped' | 'render-failed', file: SourceFile, message: string, p: Path): InputProblem {
  return { rule, message, file, docIndex: 0, path: p };
}

/** The key to point at in a kustomization: the given one, else its first resource list or key. */
function kustomizationKey(file: SourceFile, limits: ParseLimits, preferred?: Path): Path {
  const v = parseText(file.text, limits).docs.find((d) => isObject(d.value))?.value as Record<string, unknown> | undefined;
  if (preferred && valueAt(v, preferred) !== undefined) return preferred;
  if (!v) return [];
  for (const k of ['resources', 'bases', 'components', 'patches', 'patchesStrategicMerge']) if (k in v) return [k];
  const first = Object.keys(v)[0];
  return first === undefined ? [] : [first];
}

function display(ctx: RenderContext, abs: string): string {
  return ctx.source(abs)?.path ?? path.relative(ctx.cwd, abs);
}

/** Why a kustomization is not rendered, before any renderer runs (remote bases, plugins). */
function refusal(ks: Kustomization[], ctx: RenderContext): { message: string; at: Path } | undefined {
  for (const k of ks) {
    if (k.remote.length > 0 && !ctx.options.remote) {
      return { message: `builds on the remote base ${k.remote[0]}${k === ks[0] ? '' : ` (in ${display(ctx, k.file)})`}, which meshlint does not fetch unless asked (--render-remote)`, at: ['resources'] };
    }
    if (k.plugins.length > 0 && !ctx.options.plugins) {
      return { message: `needs ${k.plugins[0]}${k === ks[0] ? '' : ` (in ${display(ctx, k.file)})`}, which meshlint does not run unless asked (--render-plugins)`, at: [] };
    }
  }
  return undefined;
}

/** Render one top-level kustomization and give its objects back their sources. */
export function renderKustomization(k: Kustomization, reader: KustomizationReader, ctx: RenderContext): RenderedUnit {
  const kfile = ctx.source(k.file);
  const unit: RenderedUnit = { name: kfile?.path ?? k.file, resources: [], problems: [] };
  if (!kfile) return unit;
  const closure = reader.closure(k);
  const broken = closure.find((x) => x.problem);
  if (broken) {
    unit.problems.push(problemAt('render-failed', kfile, `The kustomization ${display(ctx, broken.file)} cannot be read (${broken.problem}), so ${kfile.path} is not rendered and its files are not linted.`, kustomizationKey(kfile, ctx.limits)));
    return unit;
  }
  const how = `render it yourself and lint the output: kubectl kustomize ${path.relative(ctx.cwd, k.dir) || '.'} | meshlint lint -`;
  if (ctx.options.enabled === false) {
    unit.problems.push(problemAt('render-skipped', kfile, `Rendering is turned off, so the kustomization ${kfile.path} and the files it reads are not linted; turn it on, or ${how}.`, kustomizationKey(kfile, ctx.limits)));
    return unit;
  }
  const refused = refusal(closure, ctx);
  if (refused) {
    unit.problems.push(problemAt('render-skipped', kfile, `The kustomization ${kfile.path} ${refused.message}, so it and the files it reads are not linted; allow it, or ${how}.`, kustomizationKey(kfile, ctx.limits, refused.at)));
    return unit;
  }
  const renderer = kustomizeRenderer(ctx.options, ctx.env);
  if (!renderer) {
    const named = ctx.options.kustomize ? `the kustomize binary "${ctx.options.kustomize}" is not found` : 'neither kustomize nor kubectl is on the PATH';
    unit.problems.push(problemAt('render-skipped', kfile, `The kustomization ${kfile.path} is not rendered (${named}), so it and the files it reads are not linted; install kustomize or kubectl, or ${how}.`, kustomizationKey(kfile, ctx.limits)));
    return unit;
  }

  const tmp = mkdtempSync(path.join(os.tmpdir(), 'meshlint-render-'));
  try {
    const rel = path.relative(tmp, k.dir).split(path.sep).join('/');
    writeFileSync(path.join(tmp, 'kustomization.yaml'), `resources:\n  - ${JSON.stringify(rel)}\nbuildMetadata: [originAnnotations, transformerAnnotations]\n`);
    const out = runRenderer(renderer.bin, renderer.args(tmp), tmp, ctx);
    if (out.failed !== undefined) {
      const why = out.error ?? cleanMessage(out.failed, tmp, ctx.cwd);
      unit.problems.push(problemAt('render-failed', kfile, `${renderer.label} ${path.relative(ctx.cwd, k.dir) || '.'} failed: ${why}`, failingEntry(kfile, ctx.limits, out.failed)));
      return unit;
    }
    rehome(out.stdout, tmp, closure, kfile, ctx, unit);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return unit;
}

/**
 * Run a renderer (no shell, no standard input, bounded in time and output): its output, or
 * its standard error when it failed (and why it could not run, when it could not).
 */
function runRenderer(bin: string, args: string[], cwd: string, ctx: RenderContext): { stdout: string; failed?: string; error?: string } {
  const out = spawnSync(bin, args, {
    cwd,
    encoding: 'utf8',
    timeout: ctx.options.timeoutMs ?? 120_000,
    maxBuffer: ctx.maxBytes,
    env: ctx.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (!out.error && out.status === 0) return { stdout: String(out.stdout ?? '') };
  const error = out.error ? ((out.error as NodeJS.ErrnoException).code === 'ETIMEDOUT' ? 'it took too long' : out.error.message) : undefined;
  return { stdout: '', failed: String(out.stderr ?? ''), error };
}

/**
 * kustomize's error in one line: the innermost of its nested "accumulating resources" clauses,
 * with the temporary wrapper and absolute paths under the working directory taken out.
 */
function cleanMessage(stderr: string, tmp: string, cwd: string): string {
  const m = /err="(.*)"\s*$/m.exec(stderr);
  let text = (m ? m[1] : stderr).replace(/\\"/g, '"').replace(/^Error:\s*/m, '').replace(/\s+/g, ' ').trim();
  const marker = "accumulating resources from '";
  const last = text.lastIndexOf(marker);
  if (last >= 0) {
    const from = text.indexOf("': ", last + marker.length);
    if (from >= 0) text = `${text.slice(last + marker.length, from)}: ${text.slice(from + 3)}`;
  }
  text = text.replace(/': must build at directory: .*$/, '').replace(/'+$/, '');
  for (const root of [tmp, cwd]) text = text.split(root + path.sep).join('').split(root).join('.');
  return text.length > 2000 ? `${text.slice(0, 2000)}…` : text || 'no message';
}

/** The entry of the kustomization that kustomize's error names, when it names one. */
function failingEntry(kfile: SourceFile, limits: ParseLimits, stderr: string): Path {
  const v = parseText(kfile.text, limits).docs.find((d) => isObject(d.value))?.value as Record<string, any> | undefined;
  if (v) {
    for (const key of ['resources', 'bases', 'components', 'patchesStrategicMerge', 'crds', 'configurations']) {
      const list = Array.isArray(v[key]) ? v[key] : [];
      for (let i = 0; i < list.length; i++) if (typeof list[i] === 'string' && list[i].length > 0 && !/\n/.test(list[i]) && stderr.includes(list[i])) return [key, i];
    }
    for (const key of ['patches', 'patchesJson6902']) {
      const list = Array.isArray(v[key]) ? v[key] : [];
      for (let i = 0; i < list.length; i++) if (typeof list[i]?.path === 'string' && stderr.includes(list[i].path)) return [key, i, 'path'];
    }
  }
  return kustomizationKey(kfile, limits);
}

function rehome(text: string, tmp: string, closure: Kustomization[], kfile: SourceFile, ctx: RenderContext, unit: RenderedUnit): void {
  const rendered: SourceFile = { path: `${kfile.path} (rendered)`, text, reported: ctx.reported, cluster: ctx.cluster };
  const loaded = loadFiles([rendered], 'auto', ctx.limits);
  const docs = patchDocs(closure, ctx);
  const candidates = new Map<SourceFile, Candidate[]>();
  const kref = kustomizationKey(kfile, ctx.limits);
  for (const r of loaded.resources) {
    const origin = originPathOf(r.obj?.metadata?.annotations?.[ORIGIN]);
    stripBuildAnnotations(r.obj);
    const abs = origin.path && !origin.repo ? path.resolve(tmp, origin.path) : undefined;
    const src = abs ? ctx.source(abs) : undefined;
    let file = kfile;
    let docIndex = 0;
    let base: Path = kref;
    let originName = r.name;
    let exact = false;
    if (src) {
      let cands = candidates.get(src);
      if (!cands) candidates.set(src, (cands = candidatesOf(src, ctx.limits)));
      const c = matchCandidate(cands, r.kind, r.name);
      if (c) {
        file = src;
        docIndex = c.docIndex;
        base = c.base;
        originName = c.name || r.name;
        exact = true;
      }
    }
    unit.resources.push({
      ...r,
      file,
      docIndex,
      base,
      rendered: {
        by: kfile,
        byPath: kref,
        originName,
        exact,
        patches: touchesFor(docs, r.kind, [...new Set([originName, r.name])]),
      },
    });
  }
  // Shape problems of rendered objects point at their sources too when they can be found.
  for (const p of loaded.problems) unit.problems.push({ ...p, file: kfile, region: undefined, docIndex: 0, path: kref, message: `${p.message} (in the output of ${kfile.path})` });
}

/** Render one top-level chart with helm template. */
export function renderChart(chart: ChartDir, ctx: RenderContext): RenderedUnit {
  const cfile = ctx.source(chart.file);
  const unit: RenderedUnit = { name: cfile?.path ?? chart.file, resources: [], problems: [] };
  if (!cfile) return unit;
  const at = kustomizationKey(cfile, ctx.limits, ['name']);
  const dir = path.relative(ctx.cwd, chart.dir) || '.';
  const how = `render it yourself and lint the output: helm template ${dir} | meshlint lint -`;
  if (ctx.options.enabled === false) {
    unit.problems.push(problemAt('render-skipped', cfile, `Rendering is turned off, so the Helm chart ${cfile.path} is not linted (its templates are not YAML); turn it on, or ${how}.`, at));
    return unit;
  }
  const bin = findExecutable(ctx.options.helm ?? 'helm', ctx.env);
  if (!bin) {
    unit.problems.push(problemAt('render-skipped', cfile, `The Helm chart ${cfile.path} is not rendered (${ctx.options.helm ? `the helm binary "${ctx.options.helm}" is not found` : 'helm is not on the PATH'}), so it is not linted (its templates are not YAML); ${how}.`, at));
    return unit;
  }
  const values = (ctx.options.helmValues ?? []).flatMap((v) => ['-f', path.resolve(ctx.cwd, v)]);
  const out = runRenderer(bin, ['template', 'meshlint', chart.dir, ...values], ctx.cwd, ctx);
  if (out.failed !== undefined) {
    const why = out.error ?? (out.failed.replace(/\s+/g, ' ').trim().slice(0, 2000) || 'no message');
    unit.problems.push(problemAt('render-failed', cfile, `helm template ${dir} failed: ${why}`, at));
    return unit;
  }
  const text = out.stdout;
  const rendered: SourceFile = { path: `${cfile.path} (rendered)`, text, reported: ctx.reported, cluster: ctx.cluster };
  const loaded = loadFiles([rendered], 'auto', ctx.limits);
  // `# Source: <chart>/templates/x.yaml` precedes each rendered document.
  const sources = templateSources(text);
  for (const r of loaded.resources) {
    const rel = sources[r.docIndex];
    const abs = rel ? path.join(chart.dir, rel.split('/').slice(1).join('/')) : undefined;
    const src = abs ? ctx.source(abs) : undefined;
    unit.resources.push({
      ...r,
      file: src ?? cfile,
      docIndex: 0,
      base: src ? [] : at,
      rendered: { by: cfile, byPath: at, originName: r.name, exact: src !== undefined, template: src !== undefined, patches: [] },
    });
  }
  for (const p of loaded.problems) unit.problems.push({ ...p, file: cfile, region: undefined, docIndex: 0, path: at, message: `${p.message} (in the output of helm template ${dir})` });
  return unit;
}

/** The `# Source:` of each document of helm's output, by document index. */
export function templateSources(text: string): Array<string | undefined> {
  const out: Array<string | undefined> = [];
  let doc = 0;
  let sawContent = false;
  for (const line of text.split('\n')) {
    if (/^---(\s|$)/.test(line)) {
      if (sawContent || out[doc] !== undefined) doc++;
      sawContent = false;
      continue;
    }
    const m = /^# Source: (.+?)\s*$/.exec(line);
    if (m) out[doc] = m[1];
    else if (line.trim() && !line.startsWith('#')) sawContent = true;
  }
  return out;
}

/**
 * Where a field of a rendered object is written in its Helm template, found by its keys in
 * order (a template is not YAML until rendered): the line of the deepest key found, else the
 * template's `kind:` line.
 */
export function templateRegion(text: string, p: Path): { line: number; column: number; endLine: number; endColumn: number } {
  const lines = text.split('\n');
  let from = 0;
  let best = lines.findIndex((l) => /^\s*kind\s*:/.test(l));
  let bestCol = best >= 0 ? lines[best].search(/\S/) : 0;
  for (const seg of p) {
    if (typeof seg === 'number') continue;
    const esc = seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const re = new RegExp(`^(\\s*-?\\s*)(["']?)${esc}\\2\\s*:`);
    let hit = -1;
    for (let i = from; i < lines.length; i++) {
      if (re.test(lines[i])) {
        hit = i;
        break;
      }
    }
    if (hit < 0) break;
    best = hit;
    bestCol = re.exec(lines[hit])![1].length;
    from = hit + 1;
  }
  if (best < 0) best = 0;
  const line = best + 1;
  const column = bestCol + 1;
  return { line, column, endLine: line, endColumn: Math.max(column, lines[best]?.trimEnd().length ?? column) };
}
