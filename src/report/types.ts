import type { Graph } from '../model/graph.js';
import type { RuleMeta } from '../engine/rule.js';
import type { Finding, Location } from '../engine/types.js';

export interface ReportInput {
  findings: Finding[];
  /** File texts by display path, for code frames. */
  texts: Map<string, string>;
  /** Number of files linted. */
  fileCount: number;
  rules: readonly RuleMeta[];
  toolVersion: string;
  /** Working directory (absolute), the SARIF %SRCROOT%. */
  cwd: string;
  color: boolean;
  /** Each cluster's graph ('' is the default cluster), for reports that draw it (markdown). */
  graphs?: ReadonlyMap<string, Graph>;
}

export type Reporter = (input: ReportInput) => string;

export interface Counts {
  errors: number;
  warnings: number;
  notes: number;
}

export function countFindings(findings: Finding[]): Counts {
  const c: Counts = { errors: 0, warnings: 0, notes: 0 };
  for (const f of findings) {
    if (f.suppressed) continue;
    if (f.severity === 'error') c.errors++;
    else if (f.severity === 'warning') c.warnings++;
    else c.notes++;
  }
  return c;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function totalOf(n: Counts): number {
  return n.errors + n.warnings + n.notes;
}

/**
 * `2 problems (1 error, 1 warning, 0 notes) in 3 files`: the summary line of the text, github
 * and markdown reports. `strong` marks up the count of problems (bold in Markdown).
 */
export function problemSummary(n: Counts, fileCount: number, strong = (s: string) => s): string {
  return `${strong(plural(totalOf(n), 'problem'))} (${plural(n.errors, 'error')}, ${plural(n.warnings, 'warning')}, ${plural(n.notes, 'note')}) in ${plural(fileCount, 'file')}`;
}

/** `file:line:column`, as reports and messages name a place. */
export function position(l: Location): string {
  return `${l.file}:${l.line}:${l.column}`;
}
