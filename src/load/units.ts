// The kustomizations and Helm charts of a run: claimed from the inputs before they are read
// (their files are not plain manifests), then rendered, one unit each, per cluster.

import path from 'node:path';
import type { InputProblem, Resource, SourceFile } from './types.js';
import type { ParseLimits } from '../yaml/parse.js';
import { displayPath, readSourceText, type InputSpec } from './files.js';
import { planTools, type ToolPlan } from './kustomize.js';
import { renderChart, renderKustomization, type RenderOptions } from './render.js';

export interface RenderedInput {
  /** The cluster (--cluster name) the unit's files belong to; '' for the default tree. */
  cluster: string;
  /** The kustomization or Chart.yaml, as shown. */
  name: string;
  resources: Resource[];
  problems: InputProblem[];
}

export interface ToolRun {
  units: RenderedInput[];
  /** The files the units read (kustomizations, sources, patches), for locating and suppressions. */
  files: SourceFile[];
}

interface ClusterPlan {
  plan: ToolPlan;
  reported: Set<string>;
}

export class ToolInputs {
  private readonly plans = new Map<string, ClusterPlan>();

  constructor(
    private readonly cwd: string,
    private readonly limits: ParseLimits,
    private readonly maxBytes: number,
  ) {}

  /** The input files that belong to kustomizations or charts (see ReadOptions.claim). */
  claim(files: ReadonlyArray<{ abs: string; spec: InputSpec }>): Set<string> {
    const byCluster = new Map<string, { files: string[]; reported: Set<string> }>();
    for (const { abs, spec } of files) {
      const key = spec.cluster ?? '';
      let g = byCluster.get(key);
      if (!g) byCluster.set(key, (g = { files: [], reported: new Set() }));
      g.files.push(abs);
      if (spec.reported) g.reported.add(abs);
    }
    const owned = new Set<string>();
    const read = (abs: string) => {
      const r = readSourceText(abs, this.maxBytes);
      return 'text' in r ? r.text : undefined;
    };
    for (const [cluster, g] of byCluster) {
      const plan = planTools(g.files, read, this.limits);
      if (plan.kustomizations.length === 0 && plan.charts.length === 0 && plan.owned.size === 0) continue;
      this.plans.set(cluster, { plan, reported: g.reported });
      for (const f of plan.owned) owned.add(f);
    }
    return owned;
  }

  /** Render every claimed kustomization and chart. */
  render(options: RenderOptions): ToolRun {
    const run: ToolRun = { units: [], files: [] };
    for (const [cluster, { plan, reported }] of this.plans) {
      // One source file per path and cluster, shared by the units that read it.
      const sources = new Map<string, SourceFile | undefined>();
      const units = [
        ...plan.kustomizations.map((k) => ({ file: k.file, k, owns: plan.reader.closure(k).flatMap((x) => [x.file, ...x.files]) })),
        ...plan.charts.map((c) => ({ file: c.file, c, owns: c.files })),
      ];
      for (const unit of units) {
        // A unit given as a whole is reported whole; within context (a pre-commit run), only its
        // files that were given are, and its own problems when any of them was.
        const whole = reported.has(unit.file);
        const isReported = whole || unit.owns.some((f) => reported.has(f));
        const reportedFile = (abs: string) => whole || reported.has(abs) || (abs === unit.file && isReported);
        const source = (abs: string): SourceFile | undefined => {
          const key = path.resolve(abs);
          if (sources.has(key)) {
            const known = sources.get(key);
            if (known) known.reported ||= reportedFile(key);
            return known;
          }
          const r = readSourceText(key, this.maxBytes);
          const file = 'text' in r ? { path: displayPath(this.cwd, key), text: r.text, reported: reportedFile(key), cluster: cluster || undefined } : undefined;
          sources.set(key, file);
          if (file) run.files.push(file);
          return file;
        };
        const ctx = { cwd: this.cwd, reported: isReported, cluster: cluster || undefined, options, limits: this.limits, maxBytes: this.maxBytes, source };
        const rendered = 'k' in unit ? renderKustomization(unit.k!, plan.reader, ctx) : renderChart(unit.c!, ctx);
        run.units.push({ cluster, name: rendered.name, resources: rendered.resources, problems: rendered.problems });
      }
    }
    return run;
  }
}
