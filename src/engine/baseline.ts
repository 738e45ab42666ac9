// Baselines: `--write-baseline FILE` records today's findings by fingerprint; `--baseline FILE`
// then marks those findings as suppressed (external), so only new findings fail the run.
// Fingerprints hold no line numbers, so a baseline survives edits that move lines. A finding
// that occurs n times in the baseline covers up to n findings with that fingerprint.

import { readFileSync } from 'node:fs';
import type { Finding } from './types.js';
import { compareText } from '../util/order.js';

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  file: string;
  resource?: string;
  message: string;
}

export interface Baseline {
  version: number;
  tool: 'meshlint';
  findings: BaselineEntry[];
}

export class BaselineError extends Error {}

/** The baseline of these findings (suppressed ones are left out: they do not fail the run). */
export function makeBaseline(findings: readonly Finding[]): Baseline {
  const entries = findings
    .filter((f) => !f.suppressed)
    .map((f) => ({ fingerprint: f.fingerprint, ruleId: f.ruleId, file: f.file, ...(f.resource ? { resource: f.resource } : {}), message: f.message }))
    .sort((a, b) => compareText(a.file, b.file) || compareText(a.fingerprint, b.fingerprint));
  return { version: BASELINE_VERSION, tool: 'meshlint', findings: entries };
}

export function formatBaseline(b: Baseline): string {
  return JSON.stringify(b, null, 2) + '\n';
}

export function parseBaseline(text: string, name: string): Baseline {
  let data: any;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new BaselineError(`baseline ${name} is not valid JSON: ${(err as Error).message}`);
  }
  if (!data || typeof data !== 'object' || data.tool !== 'meshlint' || !Array.isArray(data.findings)) {
    throw new BaselineError(`baseline ${name} is not a meshlint baseline (write one with --write-baseline)`);
  }
  if (data.version !== BASELINE_VERSION) {
    throw new BaselineError(`baseline ${name} has version ${data.version}; this meshlint reads version ${BASELINE_VERSION} (write it again with --write-baseline)`);
  }
  for (const [i, e] of (data.findings as unknown[]).entries()) {
    if (!e || typeof (e as BaselineEntry).fingerprint !== 'string') throw new BaselineError(`baseline ${name}: findings[${i}] has no fingerprint`);
  }
  return data as Baseline;
}

export function readBaseline(file: string): Baseline {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new BaselineError(`cannot read baseline ${file}: ${(err as Error).message}`);
  }
  return parseBaseline(text, file);
}

export interface BaselineResult {
  /** Findings covered by the baseline (now marked suppressed). */
  matched: number;
  /** Baseline entries that matched no finding (fixed since). */
  stale: number;
}

/** Mark the findings the baseline covers as external suppressions. */
export function applyBaseline(findings: Finding[], baseline: Baseline, name: string): BaselineResult {
  const left = new Map<string, number>();
  for (const e of baseline.findings) left.set(e.fingerprint, (left.get(e.fingerprint) ?? 0) + 1);
  let matched = 0;
  for (const f of findings) {
    if (f.suppressed) continue;
    const n = left.get(f.fingerprint);
    if (!n) continue;
    left.set(f.fingerprint, n - 1);
    f.suppressed = { kind: 'external', justification: `Recorded in the baseline ${name}.` };
    matched++;
  }
  let stale = 0;
  for (const n of left.values()) stale += n;
  return { matched, stale };
}
