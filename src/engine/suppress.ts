// Suppressions: where a finding is known and accepted, it stays in SARIF (as a suppression) but
// no longer fails the run or shows in the text report.
//
//  - in source: an annotation on the resource, `meshlint.io/ignore: "probe-host,gateway-ports -- why"`
//    (every finding of those rules on that resource), or a YAML comment: on a line of its own,
//    `# meshlint-disable-next-line <ids> -- why` (findings that start on the next line that is not
//    blank or a comment) and `# meshlint-disable <ids> -- why` (to the end of the YAML document);
//    after the content of a line, `# meshlint-disable-line <ids> -- why` (findings that start on
//    that line, ESLint's spelling);
//  - external: config `overrides` that turn a rule off for some files.
//
// Problems with suppressions themselves (no reason where one is required, a suppression that
// matches nothing) are handed back as input problems for the `suppression-reason` and
// `suppression-unused` rules, so they get a severity, config and documentation like any rule.

import type { Override } from './config.js';
import { globMatcher, type GlobMatcher } from '../util/glob.js';
import type { Finding, SeverityOrOff } from './types.js';
import type { InputProblem, Resource, SourceFile } from '../load/types.js';
import type { Path, Region } from '../yaml/types.js';
import { addTo } from '../util/multimap.js';
import { Lexer } from 'yaml';

export const IGNORE_ANNOTATION = 'meshlint.io/ignore';
export const SUPPRESSION_RULES: ReadonlySet<string> = new Set(['suppression-reason', 'suppression-unused']);

export interface Directive {
  form: 'annotation' | 'disable-next-line' | 'disable' | 'disable-line';
  file: SourceFile;
  /** Rule ids it names. */
  ids: string[];
  reason?: string;
  /** Comment directives: the lines whose findings it covers (1-based, inclusive). */
  fromLine: number;
  toLine: number;
  /** Where the directive is written (comments). */
  region?: Region;
  /** Annotation directives: the resource and the path of the annotation. */
  resource?: Resource;
  /** Ids that suppressed at least one finding. */
  used: Set<string>;
}

/** Split `ids -- reason`: ids are separated by commas or spaces and end at `--` or `#`. */
export function parseDirectiveBody(body: string): { ids: string[]; reason?: string } {
  const sep = /(^|\s)--(\s|$)/.exec(body);
  const head = sep ? body.slice(0, sep.index) : body;
  const reason = sep ? body.slice(sep.index + sep[0].length).trim() : undefined;
  const ids: string[] = [];
  for (const token of head.split(/[\s,]+/)) {
    if (!token) continue;
    if (token.startsWith('#')) break;
    ids.push(token);
  }
  return { ids, reason: reason || undefined };
}

const DIRECTIVE = /^#\s*meshlint-(disable-next-line|disable-line|disable)(?=\s|$)(.*)$/;
const DOC_BOUNDARY = /^(?:---|\.\.\.)(?:\s|$)/;
const BLANK_OR_COMMENT = /^\s*(?:#.*)?$/;
/** Tokens of the YAML lexer that stand for structure, not for source text. */
const LEXER_CONTROL = new Set(['\u0002', '\u0018', '\u001f']);

interface Comment {
  /** 0-based line and column of the `#`. */
  line: number;
  column: number;
  text: string;
  /** Content comes before it on its line. */
  trailing: boolean;
}

/**
 * The comments of a YAML text, as YAML reads them: a `#` inside a quoted string or a block
 * scalar is text, not a comment.
 */
function yamlComments(text: string): Comment[] {
  const out: Comment[] = [];
  let line = 0;
  let column = 0;
  let content = false;
  for (const token of new Lexer().lex(text)) {
    if (LEXER_CONTROL.has(token)) continue;
    if (token[0] === '#') out.push({ line, column, text: token, trailing: content });
    for (let i = 0; i < token.length; i++) {
      const c = token[i];
      if (c === '\n') {
        line++;
        column = 0;
        content = false;
      } else {
        column++;
        if (c !== ' ' && c !== '\t' && c !== '\r') content = true;
      }
    }
  }
  return out;
}

/**
 * The comment directives of one file. `disable-next-line` and `disable` are read from comments on
 * a line of their own, `disable-line` from comments anywhere (on a line of its own it covers that
 * line, which has no findings).
 */
export function commentDirectives(file: SourceFile): Directive[] {
  if (!file.text.includes('meshlint-disable')) return [];
  const lines = file.text.split(/\r?\n/);
  const out: Directive[] = [];
  let docEnd: number[] | undefined;
  for (const c of yamlComments(file.text)) {
    const m = DIRECTIVE.exec(c.text);
    if (!m) continue;
    const form = m[1] as Directive['form'];
    if (c.trailing && form !== 'disable-line') continue;
    const { ids, reason } = parseDirectiveBody(m[2]);
    const line = c.line + 1;
    const region: Region = { line, column: c.column + 1, endLine: line, endColumn: Math.max(c.column + 1, c.column + c.text.trimEnd().length) };
    let fromLine = line;
    let toLine = line;
    if (form === 'disable-next-line') {
      let j = c.line + 1;
      while (j < lines.length && BLANK_OR_COMMENT.test(lines[j]) && !DOC_BOUNDARY.test(lines[j])) j++;
      fromLine = toLine = j + 1;
    } else if (form === 'disable') {
      docEnd ??= documentEnds(lines);
      fromLine = line + 1;
      toLine = docEnd[c.line];
    }
    out.push({ form, file, ids, reason, fromLine, toLine, region, used: new Set() });
  }
  return out;
}

/** For each line, the last line (1-based) of the YAML document it belongs to. */
function documentEnds(lines: string[]): number[] {
  const docEnd = new Array<number>(lines.length);
  let end = lines.length;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (DOC_BOUNDARY.test(lines[i])) end = i; // the boundary line itself is outside the document above
    docEnd[i] = end;
  }
  return docEnd;
}

/** The `meshlint.io/ignore` annotation of a resource, if it has one. */
export function annotationDirective(r: Resource): Directive | undefined {
  const value = r.obj?.metadata?.annotations?.[IGNORE_ANNOTATION];
  if (typeof value !== 'string') return undefined;
  const { ids, reason } = parseDirectiveBody(value);
  return { form: 'annotation', file: r.file, ids, reason, fromLine: 0, toLine: 0, resource: r, used: new Set() };
}

export interface CompiledOverrides {
  /** The engine's `severityFor` hook. An override that turns a rule off keeps the finding so it
   * can be marked as an external suppression; `offBy` says which override did it. */
  severityFor(ruleId: string, file: string, current: SeverityOrOff): SeverityOrOff;
  offBy(ruleId: string, file: string): number | undefined;
}

/**
 * Config `overrides`, in order (a later match wins). `relative` turns a reported file path into
 * the path the globs are written against (relative to the config file's directory).
 */
export function compileOverrides(overrides: readonly Override[], relative: (file: string) => string): CompiledOverrides {
  const matchers: GlobMatcher[][] = overrides.map((o) => o.files.map(globMatcher));
  const cache = new Map<string, number[]>();
  const matching = (file: string): number[] => {
    let hit = cache.get(file);
    if (!hit) {
      const rel = relative(file);
      hit = [];
      for (let i = 0; i < overrides.length; i++) if (matchers[i].some((m) => m(rel))) hit.push(i);
      cache.set(file, hit);
    }
    return hit;
  };
  const resolve = (ruleId: string, file: string, current: SeverityOrOff): { severity: SeverityOrOff; lastOn: SeverityOrOff; by?: number } => {
    let severity = current;
    let lastOn = current;
    let by: number | undefined;
    for (const i of matching(file)) {
      const s = overrides[i].rules?.[ruleId];
      if (s === undefined) continue;
      severity = s;
      by = i;
      if (s !== 'off') lastOn = s;
    }
    return { severity, lastOn, by };
  };
  return {
    severityFor(ruleId, file, current) {
      const r = resolve(ruleId, file, current);
      if (r.severity === 'off' && r.by !== undefined && r.lastOn !== 'off') return r.lastOn;
      return r.severity;
    },
    offBy(ruleId, file) {
      const r = resolve(ruleId, file, 'error');
      return r.severity === 'off' && r.by !== undefined ? r.by : undefined;
    },
  };
}

export interface SuppressionOptions {
  /** A suppression without `-- reason` is not applied and is reported (default true). */
  requireReason?: boolean;
  /** Honour `meshlint.io/ignore` annotations (default true). */
  annotations?: boolean;
  /** Report suppressions that suppressed nothing (`--report-unused-suppressions`). */
  reportUnused?: boolean;
  knownRules: ReadonlySet<string>;
  overrides?: CompiledOverrides;
  /** For the justification of external suppressions, e.g. `.meshlint.yaml`. */
  configName?: string;
  configOverrides?: readonly Override[];
}

export interface SuppressionResult {
  /** Every finding, suppressed ones marked. */
  findings: Finding[];
  /** Problems with the suppressions, for the suppression rules. */
  problems: InputProblem[];
}

function fileKey(file: string, cluster: string | undefined): string {
  return `${cluster ?? ''}\u0000${file}`;
}

/** Mark findings that config overrides turn off as external suppressions. */
export function markOverridden(findings: Finding[], opts: Pick<SuppressionOptions, 'overrides' | 'configName' | 'configOverrides'>): void {
  if (!opts.overrides) return;
  for (const f of findings) {
    if (f.suppressed) continue;
    const by = opts.overrides.offBy(f.ruleId, f.file);
    if (by === undefined) continue;
    const files = opts.configOverrides?.[by]?.files.join(', ') ?? '';
    f.suppressed = {
      kind: 'external',
      justification: `${opts.configName ?? 'config'} overrides[${by}] (files: ${files}) turns ${f.ruleId} off.`,
    };
  }
}

/** Apply suppressions to the findings of `files` (whose resources are `resources`). */
export function applySuppressions(findings: Finding[], files: readonly SourceFile[], resources: readonly Resource[], opts: SuppressionOptions): SuppressionResult {
  const requireReason = opts.requireReason ?? true;
  markOverridden(findings, opts);

  const byFile = new Map<string, Directive[]>();
  const byResource = new Map<string, Directive[]>();
  const all: Directive[] = [];
  for (const file of files) {
    if (!file.reported) continue;
    const ds = commentDirectives(file);
    if (ds.length) byFile.set(fileKey(file.path, file.cluster), ds);
    all.push(...ds);
  }
  if (opts.annotations ?? true) {
    for (const r of resources) {
      if (!r.file.reported) continue;
      const d = annotationDirective(r);
      if (!d) continue;
      const k = `${fileKey(r.file.path, r.file.cluster)}\u0000${r.ref}`;
      addTo(byResource, k, d);
      all.push(d);
    }
  }

  const applies = (d: Directive) => d.reason !== undefined || !requireReason;
  if (all.length > 0) {
    for (const f of findings) {
      if (f.suppressed || SUPPRESSION_RULES.has(f.ruleId)) continue;
      const k = fileKey(f.file, f.cluster);
      const candidates = [
        ...(f.resource ? byResource.get(`${k}\u0000${f.resource}`) ?? [] : []),
        ...(byFile.get(k) ?? []).filter((d) => f.line >= d.fromLine && f.line <= d.toLine),
      ];
      for (const d of candidates) {
        if (!d.ids.includes(f.ruleId) || !applies(d)) continue;
        d.used.add(f.ruleId);
        f.suppressed = { kind: 'inSource', justification: d.reason ?? '' };
        break;
      }
    }
  }

  const problems: InputProblem[] = [];
  for (const d of all) {
    const where = problemPlace(d);
    const written = d.form === 'annotation' ? `the ${IGNORE_ANNOTATION} annotation` : `"meshlint-${d.form}"`;
    const subject = d.resource ? ` on ${d.resource.ref}` : '';
    if (!applies(d)) {
      problems.push({
        rule: 'suppression-reason',
        message: `The suppression ${written}${subject} gives no reason, so it is not applied: add " -- " and why the finding is accepted after the rule ids.`,
        ...where,
      });
      continue;
    }
    if (!opts.reportUnused) continue;
    if (d.ids.length === 0) {
      problems.push({ rule: 'suppression-unused', message: `The suppression ${written}${subject} names no rule: list the rule ids it suppresses, or remove it.`, ...where });
      continue;
    }
    const unknown = d.ids.filter((id) => !opts.knownRules.has(id));
    const unused = d.ids.filter((id) => opts.knownRules.has(id) && !d.used.has(id));
    if (unknown.length) {
      problems.push({
        rule: 'suppression-unused',
        message: `The suppression ${written}${subject} names ${list(unknown)}, which ${unknown.length === 1 ? 'is not a meshlint rule' : 'are not meshlint rules'}: correct or remove ${unknown.length === 1 ? 'it' : 'them'} (\`meshlint rules\` lists the ids).`,
        ...where,
      });
    }
    if (unused.length) {
      const scope = d.form === 'annotation' ? 'this resource' : d.form === 'disable' ? 'the rest of this document' : d.form === 'disable-line' ? 'this line' : 'the next line';
      problems.push({
        rule: 'suppression-unused',
        message: `The suppression ${written}${subject} suppresses ${list(unused)}, but ${scope} has no such finding: remove ${unused.length === 1 ? 'that id' : 'those ids'}${unused.length === d.ids.length ? ' (or the whole suppression)' : ''}.`,
        ...where,
      });
    }
  }
  return { findings, problems };
}

function list(ids: string[]): string {
  return ids.map((i) => `"${i}"`).join(', ');
}

function problemPlace(d: Directive): Pick<InputProblem, 'file' | 'region' | 'docIndex' | 'path' | 'ref'> {
  if (d.resource) {
    const path: Path = [...d.resource.base, 'metadata', 'annotations', IGNORE_ANNOTATION];
    return { file: d.file, docIndex: d.resource.docIndex, path, ref: d.resource.ref };
  }
  return { file: d.file, region: d.region };
}
