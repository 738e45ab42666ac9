// The engine: runs rules over each cluster's graph, turns their reports into located findings,
// applies severities, sorts and de-duplicates. A rule that throws costs only its own findings.

import { createHash } from 'node:crypto';
import { Graph } from '../model/graph.js';
import type { Locator } from '../yaml/locate.js';
import { locatorFor } from '../yaml/locate-fast.js';
import { liftRegion } from '../yaml/embedded.js';
import { embeddedPath } from '../load/annotations.js';
import { INTERNAL_ERROR } from './registry.js';
import { compareText } from '../util/order.js';
import type { Rule, RuleContext } from './rule.js';
import type { Settings } from '../model/settings.js';
import type { Finding, RelatedLocation, Report, ResolvedFix, Severity, SeverityOrOff } from './types.js';
import type { InputProblem, Resource, SourceFile } from '../load/types.js';
import type { Path, Region } from '../yaml/types.js';
import { patchCovers, templateRegion } from '../load/render.js';

export interface ClusterInput {
  /** Cluster name; '' for the default (unnamed) cluster. */
  name: string;
  resources: Resource[];
  problems: InputProblem[];
  /**
   * Set for a kustomization or chart linted on its own (one of several in its cluster): the
   * name of its kustomization or Chart.yaml. Its graph is not one of the clusters rules see.
   */
  unit?: string;
}

export interface EngineOptions {
  rules: readonly Rule[];
  settings: Settings;
  /** Severity per rule id from config; 'off' disables. */
  severities?: Record<string, SeverityOrOff>;
  /** Per-file severity overrides (config `overrides`), applied after `severities`. */
  severityFor?: (ruleId: string, file: string, current: SeverityOrOff) => SeverityOrOff;
}

export interface EngineResult {
  findings: Finding[];
  graphs: Map<string, Graph>;
  /** Rules that threw. */
  crashed: string[];
}

/** Positions are computed per file, once, only for files that have findings. */
export class Locations {
  private readonly cache = new Map<SourceFile, Locator>();

  region(file: SourceFile, docIndex: number, path: Path, target: 'key' | 'value' | undefined, verify?: { kind: string; name: string }): Region {
    let loc = this.cache.get(file);
    if (!loc) {
      loc = locatorFor(file.text);
      this.cache.set(file, loc);
    }
    return loc.locate(docIndex, path, target, verify);
  }

  ofResource(r: Resource, path: Path, target?: 'key' | 'value'): Region {
    if (r.embedded) return this.ofEmbedded(r, path, target);
    const from = r.rendered;
    // A rendered object whose source document was not found points at what rendered it; one
    // from a Helm template is found by its keys, a template not being YAML.
    if (from && !from.exact) return this.region(from.by, 0, from.byPath, 'key');
    if (from?.template) return templateRegion(r.file.text, path);
    const full = path.length === 0 ? [...r.base, 'kind'] : [...r.base, ...path];
    return this.region(r.file, r.docIndex, full, target, r.base.length === 0 ? { kind: r.kind, name: from?.originName ?? r.name } : undefined);
  }

  private readonly inner = new Map<string, Locator>();

  /** An object read from an annotation: its field inside the annotation, else the annotation. */
  private ofEmbedded(r: Resource, path: Path, target?: 'key' | 'value'): Region {
    const e = r.embedded!;
    const scalar = this.ofResource(e.host, e.path, 'value');
    let loc = this.inner.get(e.text);
    if (!loc) {
      loc = locatorFor(e.text);
      this.inner.set(e.text, loc);
    }
    const region = loc.locate(e.docIndex, embeddedPath(path.length === 0 ? ['kind'] : path, e.flat), target);
    return liftRegion(r.file.text, scalar, region) ?? scalar;
  }

  /** For a rendered object: the patches that changed the field, and what rendered it. */
  ofRendering(r: Resource, path: Path): RelatedLocation[] {
    const from = r.rendered;
    if (!from) return [];
    const out: RelatedLocation[] = [];
    for (const t of from.patches) {
      if (!patchCovers(t, path)) continue;
      const at = t.opPath || t.inline ? t.base : [...t.base, ...path];
      const what = t.opPath ? 'a JSON patch operation' : 'a strategic-merge patch';
      out.push({ file: t.file.path, ...this.region(t.file, t.docIndex, at, t.opPath ? 'value' : undefined), message: `${r.ref}: this field is set by ${what}${t.inline ? ' written in the kustomization' : ''}.`, resource: r.ref });
    }
    const kind = from.template ? 'helm template' : 'kustomize';
    out.push({ file: from.by.path, ...this.region(from.by, 0, from.byPath, 'key'), message: `${r.ref} is rendered by ${kind} from ${from.by.path}.`, resource: r.ref });
    return out;
  }
}

/** A finding's fingerprint from the parts that identify it (never its line): 32 hex digits. */
export function fingerprintOf(parts: Array<string | undefined>): string {
  return createHash('sha256').update(parts.map((p) => p ?? '').join('\u0000')).digest('hex').slice(0, 32);
}

export function pathText(path: Path): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${p}` : p;
  return out;
}

export function runEngine(clusters: ClusterInput[], opts: EngineOptions): EngineResult {
  // Rules see the clusters' graphs as ctx.clusters; a unit's graph is seen only by its own run.
  const graphs = new Map<string, Graph>();
  const own = new Map<ClusterInput, Graph>();
  for (const c of clusters) {
    const g = new Graph(c.resources, opts.settings, c.name || undefined);
    own.set(c, g);
    if (c.unit === undefined) graphs.set(c.name, g);
  }
  const locations = new Locations();
  const findings: Finding[] = [];
  const crashed: string[] = [];

  const severityOf = (id: string, file: string, def: Severity): SeverityOrOff => {
    let s: SeverityOrOff = opts.severities?.[id] ?? def;
    if (opts.severityFor) s = opts.severityFor(id, file, s);
    return s;
  };

  for (const rule of opts.rules) {
    const id = rule.meta.id;
    if (opts.severities?.[id] === 'off' && !opts.severityFor) continue;
    for (const c of clusters) {
      const graph = own.get(c)!;
      const pending: Finding[] = [];
      const cluster = c.name || undefined;
      const ctx: RuleContext = {
        graph,
        settings: opts.settings,
        clusters: graphs,
        inputProblems: c.problems,
        // Findings in --context files (the file only lent its resources) and findings an
        // override turns off are dropped before they are located.
        report: (r: Report) => {
          const file = r.resource.file;
          const sev = file.reported ? severityOf(id, file.path, r.severity ?? rule.meta.severity) : 'off';
          if (sev === 'off') return;
          const f = fromReport(id, rule.meta.severity, r, locations, cluster);
          f.severity = sev;
          pending.push(f);
        },
        reportInput: (p: InputProblem) => {
          const sev = p.file.reported ? severityOf(id, p.file.path, rule.meta.severity) : 'off';
          if (sev === 'off') return;
          const f = fromInputProblem(id, rule.meta.severity, p, locations, cluster);
          f.severity = sev;
          pending.push(f);
        },
      };
      try {
        rule.check(ctx);
      } catch (err) {
        crashed.push(id);
        pending.length = 0; // a half-run rule's findings are not trusted
        findings.push(internalError(id, err, c.resources[0]?.file, cluster));
        continue;
      }
      findings.push(...pending);
    }
  }
  const all = new Map(graphs);
  for (const c of clusters) if (c.unit !== undefined) all.set(c.unit, own.get(c)!);
  return { findings: sortAndDedupe(findings), graphs: all, crashed };
}

function fromReport(ruleId: string, severity: Severity, r: Report, loc: Locations, cluster?: string): Finding {
  const res = r.resource;
  const region = loc.ofResource(res, r.path, r.target);
  const related: RelatedLocation[] = (r.related ?? []).map((rel) => ({
    file: rel.resource.file.path,
    ...loc.ofResource(rel.resource, rel.path, rel.target),
    message: rel.message,
    resource: rel.resource.ref,
  }));
  related.push(...loc.ofRendering(res, r.path));
  const path = pathText(r.path);
  return {
    ruleId,
    severity: r.severity ?? severity,
    message: r.message,
    file: res.file.path,
    ...region,
    resource: res.ref,
    path,
    cluster,
    related,
    fingerprint: fingerprintOf([ruleId, cluster, res.file.path, res.ref, path, r.message]),
    // A rendered object's source is not what the cluster gets: it is never fixed in place.
    ...(r.fix && !res.rendered && !res.embedded && !r.fix.edits.some((e) => e.resource?.rendered || e.resource?.embedded) ? { fix: resolveFix(r) } : {}),
  };
}

/** A fix's edits with their file, document and path from the document root. */
function resolveFix(r: Report): ResolvedFix {
  return {
    description: r.fix!.description,
    edits: r.fix!.edits.map((e) => {
      const res = e.resource ?? r.resource;
      const verify = res.base.length === 0 ? { kind: res.kind, name: res.name } : undefined;
      const what = e.quote ? { quote: true as const } : { value: e.value };
      return { file: res.file.path, docIndex: res.docIndex, path: [...res.base, ...e.path], ...what, verify };
    }),
  };
}

function fromInputProblem(ruleId: string, severity: Severity, p: InputProblem, loc: Locations, cluster?: string): Finding {
  const region: Region = p.region ?? loc.region(p.file, p.docIndex ?? 0, p.path ?? [], 'value');
  const path = p.path ? pathText(p.path) : undefined;
  // The fingerprint names the field, or without a path the text of the problem's line.
  const place = path ?? p.file.text.split('\n', region.line)[region.line - 1]?.trim() ?? '';
  return {
    ruleId,
    severity,
    message: p.message,
    file: p.file.path,
    ...region,
    resource: p.ref,
    path,
    cluster,
    related: [],
    fingerprint: fingerprintOf([ruleId, cluster, p.file.path, p.ref ?? '', place, p.message]),
  };
}

function internalError(ruleId: string, err: unknown, file: SourceFile | undefined, cluster?: string): Finding {
  const why = err instanceof Error ? err.message : String(err);
  return {
    ruleId: INTERNAL_ERROR,
    severity: 'error',
    message: `Rule ${ruleId} failed and its findings are missing: ${why}. Please report this as a meshlint bug.`,
    file: file?.path ?? '<none>',
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1,
    cluster,
    related: [],
    fingerprint: fingerprintOf([INTERNAL_ERROR, ruleId, cluster]),
  };
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareText(a.cluster ?? '', b.cluster ?? '') ||
    compareText(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.message, b.message)
  );
}

export function sortAndDedupe(findings: Finding[]): Finding[] {
  const sorted = [...findings].sort(compareFindings);
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const f of sorted) {
    const k = [f.cluster, f.file, f.line, f.column, f.ruleId, f.message].join('\u0000');
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(f);
  }
  return out;
}
