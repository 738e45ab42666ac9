// --fix: lint, apply the fixes findings carry, lint the fixed texts again (a fix can make
// another possible), up to a few passes. Works on texts in memory; the caller writes files or
// prints a diff, and hands in the lint to run (src/lint.ts sits above this stage).

import path from 'node:path';
import type { Finding } from '../engine/types.js';
import type { SourceFile } from '../load/types.js';
import { addTo } from '../util/multimap.js';
import { compareText } from '../util/order.js';
import { applyFixes } from './apply.js';

export const MAX_FIX_PASSES = 5;

export interface FixedFile {
  /** Path as reported. */
  file: string;
  abs: string;
  before: string;
  after: string;
}

/** What a lint pass gives that fixing reads. */
export interface FixPass {
  findings: Finding[];
  files: SourceFile[];
}

/** One lint over the files, with `overlay` (texts by absolute path) in place of their contents. */
export type LintPass<R extends FixPass> = (overlay: ReadonlyMap<string, string>) => Promise<R>;

export interface FixOutcome<R extends FixPass> {
  /** The lint of the fixed texts. */
  result: R;
  /** Files whose text changed. */
  files: FixedFile[];
  /** Fixes applied, as `file: description`. */
  applied: Array<{ finding: Finding; file: string }>;
  /** Fixes that could not be applied, with why. */
  skipped: Array<{ finding: Finding; reason: string }>;
}

export interface FixOptions<R extends FixPass> {
  /** Only fixes of these rules (default: every rule). */
  rules?: ReadonlySet<string>;
  maxPasses?: number;
  /** Lint hook, for filters applied after lint (baseline); default: none. */
  after?: (result: R) => void;
}

/** Whether a finding's fix is to be applied. */
function wanted(f: Finding, opts: { rules?: ReadonlySet<string> }): boolean {
  return Boolean(f.fix) && !f.suppressed && (!opts.rules || opts.rules.has(f.ruleId));
}

/** Lint with `run` (paths relative to `cwd`), fix, and lint again until nothing changes. */
export async function fixAll<R extends FixPass>(run: LintPass<R>, cwd: string, opts: FixOptions<R> = {}): Promise<FixOutcome<R>> {
  const overlay = new Map<string, string>();
  const original = new Map<string, { file: string; text: string }>();
  const applied: FixOutcome<R>['applied'] = [];
  let skipped: FixOutcome<R>['skipped'] = [];
  const maxPasses = opts.maxPasses ?? MAX_FIX_PASSES;
  let result: R;
  for (let pass = 0; ; pass++) {
    result = await run(overlay);
    opts.after?.(result);
    if (pass === maxPasses) break;
    const byFile = new Map<string, Finding[]>();
    const reported = new Map(result.files.map((f) => [f.path, f]));
    skipped = [];
    for (const f of result.findings) {
      if (!wanted(f, opts)) continue;
      const files = new Set(f.fix!.edits.map((e) => e.file));
      if (files.size !== 1) {
        skipped.push({ finding: f, reason: 'its edits span several files' });
        continue;
      }
      const [file] = files;
      if (!reported.get(file)?.reported) {
        skipped.push({ finding: f, reason: `${file} is only context` });
        continue;
      }
      addTo(byFile, file, f);
    }
    let changed = false;
    for (const [file, findings] of byFile) {
      const source = reported.get(file)!;
      const abs = path.resolve(cwd, file);
      const planned = applyFixes(source.text, findings.map((f) => f.fix!.edits));
      for (const i of planned.applied) applied.push({ finding: findings[i], file });
      for (const s of planned.skipped) skipped.push({ finding: findings[s.index], reason: s.reason });
      if (planned.after !== source.text) {
        if (!original.has(abs)) original.set(abs, { file, text: source.text });
        overlay.set(abs, planned.after);
        changed = true;
      }
    }
    if (!changed) break;
  }
  const files: FixedFile[] = [];
  for (const [abs, o] of original) {
    const after = overlay.get(abs)!;
    if (after !== o.text) files.push({ file: o.file, abs, before: o.text, after });
  }
  files.sort((a, b) => compareText(a.file, b.file));
  return { result: result!, files, applied, skipped };
}
