// What rules report and the engine produces: severities, reports, fixes, findings.

import type { Path, Region } from '../yaml/types.js';
import type { Resource } from '../load/types.js';

export type Severity = 'error' | 'warning' | 'note';
export type SeverityOrOff = Severity | 'off';

export interface RelatedReport {
  resource: Resource;
  path: Path;
  message: string;
  target?: 'key' | 'value';
}

/**
 * One mechanical edit of a fix: set the field at `path` of `resource` (default: the reported
 * resource) to `value`. An existing scalar is replaced in the style it was written in (quotes
 * kept; a string YAML would read as another type is quoted); a missing key is added to its map.
 */
export interface SetFixEdit {
  resource?: Resource;
  path: Path;
  value: string | number | boolean;
  quote?: undefined;
}

/**
 * A fix edit that turns the plain scalar at `path` into a double-quoted string of its own source
 * text (`on` becomes `"on"`, `0777` becomes `"0777"`), for values YAML reads as another type
 * where a string is meant. Rules never see source text; the fixer reads it.
 */
export interface QuoteFixEdit {
  resource?: Resource;
  path: Path;
  quote: true;
  value?: undefined;
}

export type FixEdit = SetFixEdit | QuoteFixEdit;

/** A safe, mechanical fix that `--fix` applies. */
export interface Fix {
  /** What the fix does, as a sentence (e.g. `Set spec.prefix to "/api/".`). */
  description: string;
  edits: FixEdit[];
}

/** A fix edit located in its file: `path` is from the document root. */
export interface ResolvedFixEdit {
  file: string;
  docIndex: number;
  path: Path;
  /** The value to set; unset for a quote edit. */
  value?: string | number | boolean;
  /** Quote the plain scalar at `path` as written (see QuoteFixEdit). */
  quote?: true;
  /** Kind and name of a document-level resource, to find its document should counts differ. */
  verify?: { kind: string; name: string };
}

export interface ResolvedFix {
  description: string;
  edits: ResolvedFixEdit[];
}

/** What a rule reports: a resource and a path inside it. */
export interface Report {
  resource: Resource;
  path: Path;
  message: string;
  /** Point at the key (default: the value, or the key when the value is a collection). */
  target?: 'key' | 'value';
  related?: RelatedReport[];
  /** A fix `--fix` may apply. */
  fix?: Fix;
  /** This finding's severity, when it differs from the rule's default (config still overrides it). */
  severity?: Severity;
}

export interface Location extends Region {
  file: string;
}

export interface RelatedLocation extends Location {
  message: string;
  /** `Kind ns/name` of the related resource, when there is one. */
  resource?: string;
}

/** A finding as the engine hands it to reporters. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** `Kind ns/name` of the resource the finding is on, when there is one. */
  resource?: string;
  /** Path of the field inside the resource, for fingerprints and JSON output. */
  path?: string;
  cluster?: string;
  related: RelatedLocation[];
  /** Stable identity that does not change when lines move. */
  fingerprint: string;
  suppressed?: { kind: 'inSource' | 'external'; justification: string };
  /** A mechanical fix for `--fix`. */
  fix?: ResolvedFix;
}
