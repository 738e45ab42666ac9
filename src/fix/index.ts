// --fix: lint, apply the fixes findings carry, lint the fixed texts again (a fix can make
// another possible), up to a few passes. Works on texts in memory; the caller writes files or
// prints a diff.

import path from 'node:path';
import { lint, type LintRequest, type LintResult } from '../lint.js';
import type { Finding } from '../engine/types.js';
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

export interface FixOutcome {
  /** The lint of the fixed texts. */
  result: LintResult;
  /** Files whose text changed. */
  files: FixedFile[];
  /** Fixes applied, as `file: description`. */
  applied: Array<{ finding: Finding; file: string }>;
  /** Fixes that could not be applied, with why. */
  skipped: Array<{ finding: Finding; reason: string }>;
}

export interface FixOptions {
  /** Only fixes of these rules (default: every rule). */
  rules?: ReadonlySet<string>;
  maxPasses?: number;
  /** Lint hook, for filters applied after lint (baseline); default: none. */
  after?: (result: LintResult) => void;
}

/** Whether a finding's fix is to be applied. */
function wanted(f: Finding, opts: FixOptions): boolean {
  return Boolean(f.fix) && !f.suppressed && (!opts.rules || opts.rules.has(f.ruleId));
}

export async function fixAll(req: LintRequest, opts: FixOptions = {}): Promise<FixOutcome> {
  const overlay = new Map<string, string>(req.overlay ?? []);
  const original = new Map<string, { file: string; text: string }>();
  const applied: FixOutcome['applied'] = [];
  let skipped: FixOutcome['skipped'] = [];
  const maxPasses = opts.maxPasses ?? MAX_FIX_PASSES;
  let result: LintResult;
  for (let pass = 0; ; pass++) {
    result = await lint({ ...req, overlay });
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
      const abs = path.resolve(req.cwd, file);
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
