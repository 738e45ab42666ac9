// A second locator for plain files, built from the subset reader's nodes (subset.ts) or, for
// files it gives up on, from js-yaml's parse events, instead of the `yaml` package's syntax
// tree. The reader that parsed the files is warm by the time findings are located, while the
// `yaml` package runs cold for the few files with findings (~0.15 s on a 10k-resource tree).
// It gives the regions FileLocator gives (test/locate.test.ts compares both for every path of
// every fixture and example) and is used only for files without the constructs where the
// parsers' notions of a node's extent could differ: tags, anchors, aliases, explicit keys,
// block scalars, directives. Anything else unexpected (an event tree that does not match the
// parsed value, an error) falls back to FileLocator.

import jsyaml from 'js-yaml';
import type { LineCounter } from 'yaml';
import { FileLocator, pickDoc, type Locator } from './locate.js';
import { DEFAULT_PARSE_LIMITS, lineCounterOf, regionOf } from './parse.js';
import { nodesOfSubset, type SourceNode } from './subset.js';
import { JSYAML_SCHEMA } from './yaml11.js';
import type { Path, Region } from './types.js';
import { isObject } from '../util/object.js';

/** Mapping children: key, value, key, value...; sequence children: items. */
type PNode = SourceNode;

/** Tags, anchors, aliases, explicit keys, block scalars, directives, merge keys. */
const UNSUPPORTED = /(?:^|[\s[{,:-])[!&*|>?%]|<</m;

/** A locator for `text`: the fast one when the file allows it, FileLocator otherwise. */
export function locatorFor(text: string): Locator {
  if (!UNSUPPORTED.test(text)) {
    const fast = FastLocator.fromSubset(text) ?? FastLocator.build(text);
    if (fast) return fast;
  }
  return new FileLocator(text);
}

export class FastLocator implements Locator {
  private lc: LineCounter | undefined;

  private constructor(
    private readonly text: string,
    private readonly docs: PNode[],
  ) {}

  /** From the subset reader's nodes; undefined when it gives up on the file. */
  static fromSubset(text: string): FastLocator | undefined {
    const docs = nodesOfSubset(text, DEFAULT_PARSE_LIMITS.maxDepth + 1);
    return docs ? new FastLocator(text, docs) : undefined;
  }

  /** From js-yaml's parse events; undefined when the file cannot be located this way. */
  static build(text: string): FastLocator | undefined {
    const docs: PNode[] = [];
    const stack: PNode[] = [];
    let ok = true;
    const listener = (event: 'open' | 'close', state: { position: number; kind: string | null; result: unknown }) => {
      if (event === 'open') {
        stack.push({ start: state.position, end: state.position, kind: null, value: undefined, children: [] });
        return;
      }
      const n = stack.pop();
      if (!n) {
        ok = false;
        return;
      }
      n.end = state.position;
      n.kind = state.kind as PNode['kind'];
      n.value = state.result;
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(n);
      else docs.push(n);
    };
    try {
      jsyaml.loadAll(text, undefined, { schema: JSYAML_SCHEMA, listener } as jsyaml.LoadOptions);
    } catch {
      return undefined;
    }
    if (!ok || stack.length > 0) return undefined;
    // An empty document has no node in `yaml` either; leave such files to FileLocator.
    for (const d of docs) if (d.kind === null || !settle(text, d)) return undefined;
    return new FastLocator(text, docs);
  }

  locate(docIndex: number, path: Path, target: 'key' | 'value' = 'value', verify?: { kind: string; name: string }): Region {
    const doc = pickDoc(this.docs, docIndex, verify, docMatches);
    if (!doc) return { line: 1, column: 1, endLine: 1, endColumn: 1 };
    const range = rangeFor(walk(doc, path), target) ?? [doc.start, doc.start];
    return regionOf((this.lc ??= lineCounterOf(this.text)), range[0], range[1]);
  }
}

/**
 * Narrow each node to the extent the `yaml` package gives it (js-yaml's positions include the
 * space and comments before a value and the space after a plain scalar), and check that the
 * event tree matches the value. Scalars and flow collections end after their last character;
 * block collections, as in `yaml`, after the line break of the line their last entry ends on.
 * Recursive: documents are at most maxDepth deep (the loader rejected deeper ones).
 */
function settle(text: string, n: PNode): boolean {
  // js-yaml reads a node in block context by first trying it as a mapping key: the attempt is
  // a node of its own, with the same value, inside the node's. Keep the inner one.
  while (n.children.length === 1 && n.kind !== null && n.children[0].kind === n.kind && n.children[0].value === n.value) {
    const inner = n.children[0];
    n.start = Math.max(n.start, inner.start);
    n.end = inner.end;
    n.children = inner.children;
  }
  // After a collection's last entry, js-yaml may try one more entry and find nothing.
  if (n.kind === 'mapping' && n.value !== null && typeof n.value === 'object') {
    const want = Object.keys(n.value).length * 2;
    while (n.children.length > want && n.children[n.children.length - 1].kind === null) n.children.pop();
  } else if (n.kind === 'sequence' && Array.isArray(n.value)) {
    while (n.children.length > n.value.length && n.children[n.children.length - 1].kind === null) n.children.pop();
  }
  let s = n.start;
  for (;;) {
    const c = text.charCodeAt(s);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) s++;
    else if (c === 0x23) {
      while (s < text.length && text.charCodeAt(s) !== 0x0a) s++;
    } else break;
  }
  if (n.kind === null || n.kind === undefined) {
    // An empty node: js-yaml read nothing.
    if (n.children.length > 0) return false;
    n.start = n.end = Math.min(s, n.end);
    return true;
  }
  let e = n.end;
  while (e > s) {
    const c = text.charCodeAt(e - 1);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) e--;
    else break;
  }
  n.start = s;
  n.end = e;
  for (const c of n.children) if (!settle(text, c)) return false;
  if (n.kind === 'mapping') {
    if (n.children.length % 2 !== 0) return false;
    const obj = n.value as Record<string, unknown> | null;
    if (obj === null || typeof obj !== 'object' || Object.keys(obj).length !== n.children.length / 2) return false;
  } else if (n.kind === 'sequence') {
    if (!Array.isArray(n.value) || n.value.length !== n.children.length) return false;
    if (n.children.some((c) => c.kind === null)) return false; // `yaml` has no node for an empty item
  } else if (n.kind === 'scalar') {
    return n.children.length === 0;
  } else return false;
  const open = text.charCodeAt(s);
  if (open !== 0x7b && open !== 0x5b && n.children.length > 0) {
    const last = n.children[n.children.length - 1];
    // `yaml` ends a collection whose last value is empty at a place that depends on the
    // comments and spaces after it: leave such files to FileLocator.
    if (last.kind === null) return false;
    const nl = text.indexOf('\n', Math.max(last.end - 1, s));
    n.end = nl < 0 ? text.length : nl + 1;
  }
  return true;
}

interface WalkResult {
  key?: PNode;
  node?: PNode;
  complete: boolean;
}

function keyText(k: PNode): string | undefined {
  if (k.kind !== 'scalar' && k.kind !== null) return undefined;
  return k.value === null || k.value === undefined ? 'null' : String(k.value);
}

function walk(doc: PNode, path: Path): WalkResult {
  let node: PNode = doc;
  let key: PNode | undefined;
  for (const seg of path) {
    if (node.kind === 'mapping') {
      let hit = -1;
      for (let i = 0; i < node.children.length; i += 2) if (keyText(node.children[i]) === String(seg)) hit = i;
      if (hit < 0) return { key, node, complete: false };
      key = node.children[hit];
      node = node.children[hit + 1];
    } else if (node.kind === 'sequence' && typeof seg === 'number' && seg < node.children.length) {
      key = undefined;
      node = node.children[seg];
    } else {
      return { key, node, complete: false };
    }
  }
  return { key, node, complete: true };
}

const isEmpty = (n: PNode) => n.kind === null || n.start === n.end;

function rangeFor(w: WalkResult, target: 'key' | 'value'): [number, number] | undefined {
  const keyRange = (): [number, number] | undefined => (w.key ? [w.key.start, w.key.end] : undefined);
  const nodeRange = (): [number, number] | undefined => (w.node ? [w.node.start, w.node.end] : undefined);
  if (!w.complete) return keyRange() ?? firstLineOf(w.node);
  if (target === 'key') return keyRange() ?? nodeRange();
  const n = w.node;
  if (n && (n.kind === 'scalar' || n.kind === null) && !(w.key && n.value === null && isEmpty(n))) return nodeRange();
  if (n && (n.kind === 'mapping' || n.kind === 'sequence') && !w.key) return firstLineOf(n);
  return keyRange() ?? nodeRange();
}

function firstLineOf(n: PNode | undefined): [number, number] | undefined {
  if (!n) return undefined;
  if (n.kind === 'mapping' && n.children.length > 0) {
    const k = n.children[0];
    return [k.start, k.end];
  }
  if (n.kind === 'sequence' && n.children.length > 0) return firstLineOf(n.children[0]) ?? [n.children[0].start, n.children[0].end];
  return [n.start, n.end];
}

function docMatches(d: PNode, v: { kind: string; name: string }): boolean {
  if (d.kind !== 'mapping') return false;
  const obj = d.value as Record<string, unknown>;
  const kind = String(obj.kind);
  if (kind === 'List') return true;
  const meta = obj.metadata;
  const name = isObject(meta) ? meta.name : undefined;
  return kind === v.kind && String(name) === v.name;
}
