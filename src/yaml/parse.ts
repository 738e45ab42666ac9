// Parsing one file's text into documents. Two paths give the same values:
//  - fast: the subset reader (subset.ts) for the block YAML that rendered manifests use, else
//    js-yaml, both with the Kubernetes (YAML 1.1) scalar schema and no positions;
//  - slow: the `yaml` package, which reports every error with its position, reads the other
//    documents of a broken file, and bounds alias expansion.
// The fast path is tried first; any error, and any file that uses anchors or aliases, takes
// the slow path, so problems are always reported with positions by one implementation.

//
// Before either parser runs, a linear pre-scan (scan.ts) replaces documents that nest deeper
// than the limit by null documents and cuts files with too many documents, so that neither
// recursive parser can exhaust the stack. On the slow path, alias expansion is counted on the
// syntax tree (each anchored node once) before any value is built, so a billion-laughs file
// costs a walk of its few hundred nodes.

import jsyaml from 'js-yaml';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml';
import type { Document } from 'yaml';
import type { Region } from './types.js';
import { scanText, type ScanProblem } from './scan.js';
import { parseSubset } from './subset.js';
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
  /**
   * Units of parse work done: characters scanned and parsed, plus syntax-tree nodes visited
   * while counting aliases. It grows with the file, never with what aliases would expand to.
   */
  work: number;
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

/**
 * What takes the slow path: anchors and aliases (it bounds alias expansion) and YAML 1.1 merge
 * keys (`<<: {...}`, it merges them). One pattern, so every file is searched once.
 */
const SLOW_PATH_ONLY = /(?:^|[\s[{,:-])[&*][^\s,[\]{}]|(?:^|[\s{,])<<\s*:/m;

/**
 * What js-yaml reads otherwise than the `yaml` package, so that a file the subset reader gives
 * up on takes the slow path rather than js-yaml: tags (`!!str` before a value on the next
 * line, an empty `!`), a line break that is a lone carriage return, `---` run into text
 * (`----`, `---#`), a null key (`~:`, `null:`, `{: x}`, an empty explicit `?`) or a
 * collection as a key (`[a]: x`; Kubernetes refuses both anyway), a block scalar header with
 * an indentation digit, a comment line indented with a tab (inside a block scalar js-yaml
 * takes it for a comment, `yaml` for text), and an empty sequence entry (js-yaml reads an entry
 * indented less after an empty last entry into the inner sequence). Found by comparing both on
 * generated texts (test/subset.test.ts). The subset reader gives up on all of these itself;
 * searching for them costs ~40 ms on a 10k-resource tree, so only the files it gives up on are
 * searched.
 */
const JS_YAML_DIFFERS =
  /(?:^|[\s[{,:-])!|\r(?!\n)|^---[^\s]|(?:^|[\s-])(?:(?:~|null|Null|NULL)[ \t]*:|\?(?:\s|$))|[[{,][ \t]*:|^ *(?:- +)*[[{].*[\]}] *:(?:[ \t]|$)|^ *\t[ \t]*#|[|>](?:[-+]?[1-9]|[1-9][-+])|^ *(?:- +)*- *(?:#.*)?$/m;

interface Scanned {
  text: string;
  problems: SyntaxProblem[];
  work: number;
  /** No document can nest deeper than the limit (the scan's counting shortcut held). */
  bounded: boolean;
}

function scan(text: string, limits: ParseLimits): Scanned {
  const r = scanText(text, limits);
  const problems = r.problems.length === 0 ? [] : scanProblems(text, r.problems, limits);
  return { text: r.text, problems, work: r.work, bounded: r.bounded };
}

/** The scan's problems, located with one table of line starts (a file may hold thousands). */
function scanProblems(text: string, found: ScanProblem[], limits: ParseLimits): SyntaxProblem[] {
  const lc = lineCounterOf(text);
  return found.map((p) => ({
    message:
      p.kind === 'documents'
        ? `The file holds more than ${limits.maxDocuments} documents (maxDocuments); the rest are not read.`
        : `The document nests deeper than ${limits.maxDepth} levels (maxDepth); it is not read.`,
    region: regionOf(lc, p.offset, p.offset),
  }));
}

/** The line starts of `text`, as the `yaml` parser records them, for linePos and regionOf. */
export function lineCounterOf(text: string): LineCounter {
  const lc = new LineCounter();
  lc.addNewLine(0);
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lc.addNewLine(i + 1);
  return lc;
}

/** Parse with the subset reader or js-yaml; undefined when the slow path must decide. */
export function parseFast(text: string, limits: ParseLimits = DEFAULT_PARSE_LIMITS): ParseResult | undefined {
  const s = scan(text, limits);
  return fastOn(s, limits);
}

function fastOn(s: Scanned, limits: ParseLimits): ParseResult | undefined {
  const text = s.text;
  // A text that ends in spaces without a line break: after a keep (`|+`) block scalar js-yaml
  // (and the subset reader, which reads as js-yaml does) keeps one line break more than `yaml`.
  if (SLOW_PATH_ONLY.test(text) || text.endsWith(' ')) return undefined;
  try {
    let values = parseSubset(text, limits.maxDepth + 1);
    if (values === undefined) {
      if (JS_YAML_DIFFERS.test(text)) return undefined;
      const options = { schema: JSYAML_SCHEMA, maxDepth: limits.maxDepth + 1 } as jsyaml.LoadOptions;
      values = jsyaml.loadAll(text, undefined, options) as unknown[];
    }
    if (values.length > limits.maxDocuments) return undefined;
    const docs: ParsedDoc[] = [];
    for (let i = 0; i < values.length; i++) {
      if (!s.bounded && depthExceeds(values[i], limits.maxDepth)) return undefined;
      docs.push({ index: i, value: values[i] });
    }
    return { docs, problems: [...s.problems], work: s.work + text.length };
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
  return slowOn(scan(text, limits), limits);
}

function slowOn(s: Scanned, limits: ParseLimits): ParseResult {
  const text = s.text;
  const lineCounter = new LineCounter();
  const problems: SyntaxProblem[] = [...s.problems];
  const docs: ParsedDoc[] = [];
  let work = s.work + text.length;
  let parsed;
  try {
    parsed = parseAllDocuments(text, { ...YAML_OPTIONS, lineCounter, uniqueKeys: true, prettyErrors: false });
  } catch (err) {
    problems.push({ message: `The file cannot be parsed: ${errorText(err)}.`, region: regionOf(lineCounter, 0, 0) });
    return { docs, problems, work };
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
    const aliases = countAliases(doc, limits.maxAliasCount);
    work += aliases.visited;
    if (aliases.over) {
      const at = lineCounter.linePos(aliases.over.offset);
      const why = aliases.over.cycle ? `refers to a node that contains it (at line ${at.line})` : `expands aliases more than ${limits.maxAliasCount} times (maxAliasCount), an alias bomb; the limit is passed at line ${at.line}`;
      problems.push({ message: `The document ${why}; it is not read.`, region: regionOf(lineCounter, start, start) });
      continue;
    }
    try {
      const value = doc.toJS({ maxAliasCount: limits.maxAliasCount });
      if (depthExceeds(value, limits.maxDepth)) {
        problems.push({
          message: `The document nests deeper than ${limits.maxDepth} levels (maxDepth); it is not read.`,
          region: regionOf(lineCounter, start, start),
        });
        continue;
      }
      docs.push({ index: i, value });
    } catch (err) {
      const msg = errorText(err);
      const message = /alias/i.test(msg)
        ? `The document expands aliases more than ${limits.maxAliasCount} times (maxAliasCount), an alias bomb; it is not read.`
        : `The document cannot be read: ${msg}.`;
      problems.push({ message, region: regionOf(lineCounter, start, start) });
    }
  }
  problems.sort((a, b) => a.region.line - b.region.line || a.region.column - b.region.column);
  return { docs, problems, work };
}

export function parseText(text: string, limits: ParseLimits = DEFAULT_PARSE_LIMITS): ParseResult {
  const s = scan(text, limits);
  const fast = fastOn(s, limits);
  if (fast) return fast;
  const slow = slowOn(s, limits);
  return { ...slow, work: slow.work + s.text.length }; // the failed fast attempt counts too
}

interface AliasCount {
  /** Syntax-tree nodes visited. */
  visited: number;
  /** Where the count passed the limit, or an alias met the node that contains it. */
  over?: { offset: number; cycle: boolean };
}

/**
 * How many alias resolutions building the document's value would take, counting an alias to
 * a node that itself holds aliases as all of them. Each node is visited once (iteratively, in
 * document order, so an alias sees the anchors defined before it), and the walk stops as soon
 * as the count passes `max`.
 */
function countAliases(doc: Document.Parsed, max: number): AliasCount {
  const anchors = new Map<string, unknown>();
  const cost = new Map<unknown, number>();
  const open = new Set<unknown>();
  interface Frame {
    node: unknown;
    children: unknown[];
    next: number;
    sum: number;
  }
  const stack: Frame[] = [];
  let visited = 0;
  let total = 0;
  const childrenOf = (n: unknown): unknown[] => {
    if (isMap(n)) return n.items.flatMap((p) => [p.key, p.value]);
    if (isSeq(n)) return n.items.flatMap((i) => (isPair(i) ? [i.key, i.value] : [i]));
    return [];
  };
  const enter = (n: unknown): number | undefined => {
    visited++;
    const anchor = (n as { anchor?: string } | null)?.anchor;
    if (anchor) anchors.set(anchor, n);
    if (isAlias(n)) {
      const target = anchors.get(n.source);
      if (target === undefined) return 0;
      if (open.has(target)) return Infinity;
      return 1 + (cost.get(target) ?? 0);
    }
    if (isScalar(n) || n === null || n === undefined) return 0;
    open.add(n);
    stack.push({ node: n, children: childrenOf(n), next: 0, sum: 0 });
    return undefined;
  };
  const offsetOf = (n: unknown) => (n as { range?: [number, number] } | null)?.range?.[0] ?? 0;
  const root = doc.contents;
  let rootCost = enter(root);
  if (rootCost !== undefined) total = rootCost;
  while (stack.length > 0) {
    const f = stack[stack.length - 1];
    if (f.next < f.children.length) {
      const child = f.children[f.next++];
      const c = enter(child);
      if (c === undefined) continue;
      if (c === Infinity) return { visited, over: { offset: offsetOf(child), cycle: true } };
      f.sum += c;
      total += isAlias(child) ? c : 0;
      if (total > max || f.sum > max) return { visited, over: { offset: offsetOf(child), cycle: false } };
      continue;
    }
    stack.pop();
    open.delete(f.node);
    cost.set(f.node, f.sum);
    const parent = stack[stack.length - 1];
    if (parent) parent.sum += f.sum;
  }
  return { visited };
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

/**
 * Whether a parsed value nests deeper than `max` collections (iterative, no recursion; shared
 * nodes, from aliases on the slow path, are visited once). Two parallel stacks and a `for in`
 * walk: no pair or array allocated per node.
 */
export function depthExceeds(value: unknown, max: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  const values: unknown[] = [value];
  const depths: number[] = [1];
  const seen = new Set<object>();
  while (values.length > 0) {
    const v = values.pop() as object;
    const d = depths.pop()!;
    if (d > max) return true;
    if (seen.has(v)) continue;
    seen.add(v);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const c = v[i];
        if (c !== null && typeof c === 'object') {
          values.push(c);
          depths.push(d + 1);
        }
      }
    } else {
      for (const k in v) {
        const c = (v as Record<string, unknown>)[k];
        if (c !== null && typeof c === 'object') {
          values.push(c);
          depths.push(d + 1);
        }
      }
    }
  }
  return false;
}
