// Turning a (document, field path) into the line and column of the exact key or value.
// Positions come from the `yaml` package's syntax tree, built only for files that have
// findings; every other file is never parsed twice.

import { isAlias, isCollection, isMap, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml';
import type { Document, Node as YNode, Pair } from 'yaml';
import { regionOf } from './parse.js';
import { YAML_OPTIONS } from './yaml11.js';
import type { Path, Region } from './types.js';

export interface Locator {
  /** Region of `path` in document `docIndex`; `verify` guards against a document-count mismatch. */
  locate(docIndex: number, path: Path, target?: 'key' | 'value', verify?: { kind: string; name: string }): Region;
}

type Parsed = Document.Parsed;

export class FileLocator implements Locator {
  private docs: Parsed[] | undefined;
  private readonly lc = new LineCounter();

  constructor(private readonly text: string) {}

  private documents(): Parsed[] {
    if (!this.docs) {
      try {
        const all = parseAllDocuments(this.text, { ...YAML_OPTIONS, lineCounter: this.lc, uniqueKeys: false });
        this.docs = Array.isArray(all) ? all : [];
      } catch {
        this.docs = [];
      }
    }
    return this.docs;
  }

  locate(docIndex: number, path: Path, target: 'key' | 'value' = 'value', verify?: { kind: string; name: string }): Region {
    const doc = pickDoc(this.documents(), docIndex, verify, docMatches);
    if (!doc) return { line: 1, column: 1, endLine: 1, endColumn: 1 };
    const start = doc.contents?.range?.[0] ?? doc.range[0];
    const range = rangeFor(walk(doc, path), target) ?? [start, start];
    return regionOf(this.lc, range[0], range[1]);
  }
}

/**
 * Document `docIndex`, unless `verify` names a resource it does not hold (the two parsers
 * counted documents differently) and another document holds it. Both locators pick this way.
 */
export function pickDoc<D>(docs: D[], docIndex: number, verify: { kind: string; name: string } | undefined, matches: (d: D, v: { kind: string; name: string }) => boolean): D | undefined {
  const d = docs[docIndex];
  if (!verify || (d && matches(d, verify))) return d;
  return docs.find((x) => matches(x, verify)) ?? d;
}

interface WalkResult {
  /** Deepest pair reached (its key names the last found map segment). */
  pair?: Pair;
  /** Deepest node reached. */
  node?: YNode | null;
  /** Whether the whole path was found. */
  complete: boolean;
}

function deref(doc: Parsed, n: unknown): unknown {
  let cur = n;
  for (let i = 0; i < 10 && isAlias(cur); i++) cur = cur.resolve(doc);
  return cur;
}

function keyText(k: unknown): string | undefined {
  if (isScalar(k)) return k.value === null ? 'null' : String(k.value);
  return undefined;
}

function walk(doc: Parsed, path: Path): WalkResult {
  let node: unknown = doc.contents;
  let pair: Pair | undefined;
  for (const seg of path) {
    node = deref(doc, node);
    if (isMap(node)) {
      let hit: Pair | undefined;
      for (const p of node.items) {
        if (keyText(p.key) === String(seg)) hit = p as Pair; // last one wins, as Kubernetes reads it
      }
      if (!hit) return { pair, node: node as YNode, complete: false };
      pair = hit;
      node = hit.value;
    } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
      pair = undefined;
      node = node.items[seg];
    } else {
      return { pair, node: node as YNode, complete: false };
    }
  }
  return { pair, node: deref(doc, node) as YNode, complete: true };
}

function rangeFor(w: WalkResult, target: 'key' | 'value'): [number, number] | undefined {
  const keyRange = () => rangeOfNode(w.pair?.key);
  const nodeRange = () => rangeOfNode(w.node);
  if (!w.complete) return keyRange() ?? firstLineOf(w.node);
  if (target === 'key') return keyRange() ?? nodeRange();
  const n = w.node;
  if (n && isScalar(n) && n.range && !(w.pair && n.value === null && n.range[0] === n.range[1])) return nodeRange();
  if (isCollection(n) && !w.pair) return firstLineOf(n);
  return keyRange() ?? nodeRange();
}

/** A collection reached without a key (a sequence item): point at its first entry's key. */
function firstLineOf(n: unknown): [number, number] | undefined {
  if (isMap(n) && n.items.length > 0) {
    const key = rangeOfNode(n.items[0].key);
    if (key) return key;
  }
  if (isSeq(n) && n.items.length > 0) return firstLineOf(n.items[0]) ?? rangeOfNode(n.items[0]);
  return rangeOfNode(n);
}

function rangeOfNode(n: unknown): [number, number] | undefined {
  const r = (n as YNode | undefined)?.range;
  return r ? [r[0], r[1]] : undefined;
}

function docMatches(d: Parsed, v: { kind: string; name: string }): boolean {
  const c = d.contents;
  if (!isMap(c)) return false;
  const kind = String(c.get('kind'));
  if (kind === 'List') return true; // List items are located by path inside the list
  const meta = c.get('metadata');
  const name = isMap(meta) ? meta.get('name') : undefined;
  return kind === v.kind && String(name) === v.name;
}

