// Parsing one file's text into documents. Two paths give the same values:
//  - fast: js-yaml with the Kubernetes (YAML 1.1) scalar schema, no positions;
//  - slow: the `yaml` package, which reports every error with its position, reads the other
//    documents of a broken file, and bounds alias expansion.
// The fast path is tried first; any error, and any file that uses anchors or aliases, takes
// the slow path, so problems are always reported with positions by one implementation.

import jsyaml from 'js-yaml';
import { LineCounter, parseAllDocuments } from 'yaml';
import type { Region } from '../types.js';
import { JSYAML_SCHEMA, YAML_OPTIONS } from './yaml11.js';

export interface ParsedDoc {
  index: number;
  value: unknown;
}

export interface SyntaxProblem {
  message: string;
  region: Region;
}

export interface ParseResult {
  docs: ParsedDoc[];
  problems: SyntaxProblem[];
}

export interface ParseLimits {
  /** Most aliases a document may expand (yaml's maxAliasCount). */
  maxAliasCount: number;
  /** Most documents in one file. */
  maxDocuments: number;
  /** Deepest nesting of collections in a document. */
  maxDepth: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = { maxAliasCount: 100, maxDocuments: 10_000, maxDepth: 200 };

/** Anchors and aliases take the slow path, which bounds alias expansion. */
const ANCHOR_OR_ALIAS = /(?:^|[\s[{,:-])[&*][^\s,[\]{}]/m;

/** Parse with js-yaml; undefined when the slow path must decide. */
export function parseFast(text: string, limits: ParseLimits = DEFAULT_PARSE_LIMITS): ParseResult | undefined {
  if (ANCHOR_OR_ALIAS.test(text)) return undefined;
  try {
    const values = jsyaml.loadAll(text, undefined, { schema: JSYAML_SCHEMA }) as unknown[];
    if (values.length > limits.maxDocuments) return undefined;
    const docs: ParsedDoc[] = [];
    for (let i = 0; i < values.length; i++) {
      if (depthExceeds(values[i], limits.maxDepth)) return undefined;
      docs.push({ index: i, value: values[i] });
    }
    return { docs, problems: [] };
  } catch {
    return undefined;
  }
}

/** 1-based region of the half-open offset range [start, end). */
export function regionOf(lc: LineCounter, start: number, end: number): Region {
  const s = lc.linePos(start);
  const e = end > start ? lc.linePos(end - 1) : s;
  return { line: s.line, column: s.col, endLine: e.line, endColumn: e.col };
}

/** Parse with the yaml package, keeping every document that parses cleanly. */
export function parseSlow(text: string, limits: ParseLimits = DEFAULT_PARSE_LIMITS): ParseResult {
  const lineCounter = new LineCounter();
  const problems: SyntaxProblem[] = [];
  const docs: ParsedDoc[] = [];
  let parsed;
  try {
    parsed = parseAllDocuments(text, { ...YAML_OPTIONS, lineCounter, uniqueKeys: true, prettyErrors: false });
  } catch (err) {
    return { docs, problems: [{ message: `The file cannot be parsed: ${errorText(err)}.`, region: regionOf(lineCounter, 0, 0) }] };
  }
  const all = Array.isArray(parsed) ? parsed : [];
  for (let i = 0; i < all.length; i++) {
    const doc = all[i];
    const start = doc.range?.[0] ?? 0;
    if (i >= limits.maxDocuments) {
      problems.push({
        message: `The file holds more than ${limits.maxDocuments} documents; the rest are not read.`,
        region: regionOf(lineCounter, start, start),
      });
      break;
    }
    if (doc.errors.length > 0) {
      // The first error of a document; the ones after it are mostly its echoes.
      const e = doc.errors[0];
      problems.push({ message: syntaxMessage(e.message, e.code), region: regionOf(lineCounter, e.pos[0], e.pos[1]) });
      continue;
    }
    try {
      const value = doc.toJS({ maxAliasCount: limits.maxAliasCount });
      if (depthExceeds(value, limits.maxDepth)) {
        problems.push({
          message: `The document nests deeper than ${limits.maxDepth} levels; it is not read.`,
          region: regionOf(lineCounter, start, start),
        });
        continue;
      }
      docs.push({ index: i, value });
    } catch (err) {
      const msg = errorText(err);
      const message = /alias/i.test(msg)
        ? `The document expands aliases more than ${limits.maxAliasCount} times (an alias bomb); it is not read.`
        : `The document cannot be read: ${msg}.`;
      problems.push({ message, region: regionOf(lineCounter, start, start) });
    }
  }
  return { docs, problems };
}

export function parseText(text: string, limits: ParseLimits = DEFAULT_PARSE_LIMITS): ParseResult {
  return parseFast(text, limits) ?? parseSlow(text, limits);
}

function syntaxMessage(message: string, code: string): string {
  const first = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '').trim();
  if (code === 'DUPLICATE_KEY') return `${first.replace(/\.$/, '')}: a key appears twice in one mapping; remove one.`;
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

function errorText(err: unknown): string {
  const m = err instanceof Error ? err.message : String(err);
  return m.replace(/\.$/, '');
}

/** Whether a parsed value nests deeper than `max` collections (iterative, no recursion). */
export function depthExceeds(value: unknown, max: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  const stack: Array<[unknown, number]> = [[value, 1]];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (d > max) return true;
    if (v === null || typeof v !== 'object' || seen.has(v as object)) continue;
    seen.add(v as object);
    const children = Array.isArray(v) ? v : Object.values(v as object);
    for (const c of children) if (c !== null && typeof c === 'object') stack.push([c, d + 1]);
  }
  return false;
}
