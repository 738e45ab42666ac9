// Applying fix edits to a file's text. The `yaml` package's Document API finds the node an edit
// names and renders the new scalar; the edit then replaces only that node's characters (or
// inserts one line for a missing key), so comments, key order, quoting and layout everywhere
// else stay byte for byte as they were.

import { Document, isAlias, isMap, isScalar, isSeq, parseAllDocuments, Scalar } from 'yaml';
import type { Node as YNode, Pair, YAMLMap } from 'yaml';
import { YAML_OPTIONS } from '../yaml/yaml11.js';
import { pickDoc } from '../yaml/locate.js';
import type { Path } from '../yaml/types.js';
import type { ResolvedFixEdit } from '../engine/types.js';

export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

type Parsed = Document.Parsed;

function docMatches(d: Parsed, verify: { kind: string; name: string }): boolean {
  const js = d.contents;
  if (!isMap(js)) return false;
  const kind: unknown = js.get('kind');
  const meta: unknown = js.get('metadata');
  return kind === verify.kind && isMap(meta) && (meta.get('name') as unknown) === verify.name;
}

/** A scalar as YAML text on its own, in the given style (the library's choice when unset). */
function render(value: string | number | boolean, type?: Scalar.Type): string {
  const doc = new Document(null, { ...YAML_OPTIONS });
  const node = doc.createNode(value) as Scalar;
  if (type) node.type = type;
  doc.contents = node;
  return doc.toString({ lineWidth: 0 }).replace(/\n$/, '');
}

/** Render a scalar as the value it replaces was written: same quoting unless the new value needs quotes. */
export function renderScalar(value: string | number | boolean, like?: Scalar, inFlow = false): string {
  if (typeof value !== 'string') return render(value);
  const t = like?.type;
  const blockOrFlowUnsafe = t === Scalar.BLOCK_FOLDED || t === Scalar.BLOCK_LITERAL || (inFlow && /[[\]{},]/.test(value));
  return render(value, t === Scalar.QUOTE_SINGLE || t === Scalar.QUOTE_DOUBLE ? t : blockOrFlowUnsafe ? Scalar.QUOTE_DOUBLE : Scalar.PLAIN);
}

/** A double-quoted YAML string of `text` (also valid JSON). */
export function renderQuoted(text: string): string {
  return render(text, Scalar.QUOTE_DOUBLE);
}

/** The value a set edit writes; a quote edit has none. */
function valueOf(edit: ResolvedFixEdit): string | number | boolean {
  if (edit.value === undefined) throw new FixError('the edit has no value');
  return edit.value;
}

/** The text that replaces a plain scalar for a quote edit: its own source text, double-quoted. */
function quotedSource(text: string, node: Scalar): string {
  if (node.tag) throw new FixError('the value has an explicit tag');
  if (node.type !== Scalar.PLAIN) throw new FixError('the value is already quoted or a block scalar');
  const source = text.slice(node.range![0], node.range![1]);
  if (/[\r\n]/.test(source)) throw new FixError('the value spans several lines');
  return renderQuoted(source);
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function findPair(map: YAMLMap, key: string | number): Pair | undefined {
  return map.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key)) as Pair | undefined;
}

export class FixError extends Error {}

/** The text edit that carries out one fix edit in this text. */
export function planEdit(text: string, docs: Parsed[], edit: ResolvedFixEdit): TextEdit {
  const doc = pickDoc(docs, edit.docIndex, edit.verify, docMatches);
  if (!doc) throw new FixError('its document is gone');
  if (doc.errors.length) throw new FixError('its document does not parse');
  let node: unknown = doc.contents;
  let inFlow = false;
  const path: Path = edit.path;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (isAlias(node)) throw new FixError('the field is reached through a YAML alias');
    if (isMap(node)) {
      inFlow = inFlow || Boolean(node.flow);
      const pair = findPair(node, seg);
      if (!pair) {
        if (edit.quote) throw new FixError('the value to quote is gone');
        return insertion(text, node, path.slice(i), valueOf(edit), inFlow);
      }
      if (i === path.length - 1 && (pair.value === null || (isScalar(pair.value) && pair.value.range && pair.value.range[0] === pair.value.range[1]))) {
        // `key:` with no value.
        const keyNode = pair.key as YNode;
        const end = keyNode.range![1];
        const colon = text.indexOf(':', end);
        if (colon < 0) throw new FixError('the key has no value to replace');
        // Quoting an empty value gives the empty string.
        return { start: colon + 1, end: colon + 1, text: ` ${edit.quote ? renderQuoted('') : renderScalar(valueOf(edit), undefined, inFlow)}` };
      }
      node = pair.value;
    } else if (isSeq(node)) {
      inFlow = inFlow || Boolean(node.flow);
      if (typeof seg !== 'number' || seg >= node.items.length) throw new FixError(`the list has no item ${String(seg)}`);
      node = node.items[seg];
    } else {
      throw new FixError(`${path.slice(0, i).join('.') || 'the document'} is not a map or list`);
    }
  }
  if (isAlias(node)) throw new FixError('the field is a YAML alias');
  if (!isScalar(node) || !node.range) throw new FixError('the field is not a single value');
  return { start: node.range[0], end: node.range[1], text: edit.quote ? quotedSource(text, node) : renderScalar(valueOf(edit), node, inFlow) };
}

/** Insert `rest` (keys, then the value) as new lines at the end of a block map. */
function insertion(text: string, map: YAMLMap, rest: Path, value: string | number | boolean, inFlow: boolean): TextEdit {
  if (inFlow || map.flow) throw new FixError('the map is written in flow style ({...})');
  if (map.items.length === 0 || !map.range) throw new FixError('the map is empty');
  if (rest.some((s) => typeof s !== 'string')) throw new FixError('a list item is missing');
  const first = map.items[0].key as YNode;
  const indent = first.range![0] - lineStart(text, first.range![0]);
  const last = map.items[map.items.length - 1];
  const lastNode = (last.value ?? last.key) as YNode;
  let end = lastNode.range![2];
  while (end > 0 && /\s/.test(text[end - 1])) end--;
  const eol = text.indexOf('\n', end);
  const at = eol < 0 ? text.length : text[eol - 1] === '\r' ? eol - 1 : eol;
  const lines: string[] = [];
  rest.forEach((k, i) => {
    const pad = ' '.repeat(indent + 2 * i);
    const key = renderScalar(String(k));
    lines.push(i === rest.length - 1 ? `${pad}${key}: ${renderScalar(value)}` : `${pad}${key}:`);
  });
  const nl = text.includes('\r\n') ? '\r\n' : '\n';
  return { start: at, end: at, text: nl + lines.join(nl) };
}

export interface PlannedFile {
  after: string;
  /** Index of each fix whose edits were all applied. */
  applied: number[];
  /** Fixes not applied, with why. */
  skipped: Array<{ index: number; reason: string }>;
}

/**
 * Apply fixes (each a list of edits that stand or fall together) to one file's text. Fixes are
 * taken in order; one that overlaps an earlier one waits for the next pass.
 */
export function applyFixes(text: string, fixes: ReadonlyArray<readonly ResolvedFixEdit[]>): PlannedFile {
  const docs = parseAllDocuments(text, { ...YAML_OPTIONS, uniqueKeys: false });
  const all = Array.isArray(docs) ? docs : [];
  const taken: TextEdit[] = [];
  const applied: number[] = [];
  const skipped: PlannedFile['skipped'] = [];
  const overlaps = (e: TextEdit) => taken.some((t) => e.start < t.end && t.start < e.end || (e.start === e.end && t.start === t.end && e.start === t.start) || (e.start === t.start && e.end === t.end));
  fixes.forEach((edits, index) => {
    try {
      const planned = edits.map((e) => planEdit(text, all, e));
      if (planned.some(overlaps)) {
        const same = planned.every((p) => taken.some((t) => t.start === p.start && t.end === p.end && t.text === p.text));
        if (same) applied.push(index);
        else skipped.push({ index, reason: 'it overlaps another fix; run --fix again' });
        return;
      }
      taken.push(...planned);
      applied.push(index);
    } catch (err) {
      skipped.push({ index, reason: err instanceof FixError ? err.message : `it failed: ${(err as Error).message}` });
    }
  });
  let after = text;
  for (const e of [...taken].sort((a, b) => b.start - a.start || b.end - a.end)) after = after.slice(0, e.start) + e.text + after.slice(e.end);
  return { after, applied, skipped };
}
