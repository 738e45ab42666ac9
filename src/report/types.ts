import type { Graph } from '../model/graph.js';
import type { RuleMeta } from '../engine/rule.js';
import type { Finding, Location } from '../engine/types.js';
import { fingerprintOf } from '../engine/run.js';
import path from 'node:path';

export interface ReportInput {
  findings: Finding[];
  /** File texts by display path, for code frames. */
  texts: Map<string, string>;
  /** Number of files linted. */
  fileCount: number;
  rules: readonly RuleMeta[];
  toolVersion: string;
  /** Working directory (absolute): display paths are relative to it. */
  cwd: string;
  /**
   * The repository root (absolute; the git top level, else the working directory): SARIF's
   * %SRCROOT%, and what GitLab paths are relative to. Default: `cwd`.
   */
  root?: string;
  /** Display paths of the files read from standard input. */
  stdin?: ReadonlySet<string>;
  /** The run's exit code, for SARIF's invocation. */
  exitCode?: number;
  /** SARIF `automationDetails` category (MESHLINT_SARIF_CATEGORY; the Action's `category`). */
  category?: string;
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

/**
 * The fingerprint of each finding as reports carry it: the engine's fingerprint, made unique
 * within the report (code scanning and GitLab keep only the first of equal fingerprints). The
 * n-th repeat of a fingerprint, in report order, is the engine's fingerprint function over the
 * fingerprint and n.
 */
export function reportFingerprints(findings: readonly Finding[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const n = seen.get(f.fingerprint) ?? 0;
    seen.set(f.fingerprint, n + 1);
    return n === 0 ? f.fingerprint : fingerprintOf([f.fingerprint, String(n)]);
  });
}

/** A display path as an absolute path; a file read from standard input keeps its name. */
export function absolutePath(input: ReportInput, file: string): string {
  return input.stdin?.has(file) ? file : path.resolve(input.cwd, file);
}

/**
 * A display path relative to the repository root, with forward slashes; undefined for a file
 * outside the root. A file read from standard input is taken as the file its name names.
 */
export function rootPath(input: ReportInput, file: string): string | undefined {
  const rel = path.relative(input.root ?? input.cwd, path.resolve(input.cwd, file));
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join('/');
}
