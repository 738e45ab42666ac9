// Kubernetes semantics shared by the graph and the rules: label selectors, Go booleans, port lists.

import { asArray, asMap, type StringMap } from '../util/object.js';

/** Every selector label equals the candidate's label (an empty selector selects nothing here). */
export function labelsMatch(selector: StringMap, labels: StringMap): boolean {
  const keys = Object.keys(selector);
  if (keys.length === 0) return false;
  return keys.every((k) => k in labels && String(labels[k]) === String(selector[k]));
}

/** A metav1.LabelSelector (matchLabels and matchExpressions) against labels. Empty selects all. */
export function labelSelectorMatches(selector: unknown, labels: StringMap): boolean {
  const sel = asMap(selector);
  const ml = asMap(sel.matchLabels);
  for (const k of Object.keys(ml)) {
    if (!(k in labels) || String(labels[k]) !== String(ml[k])) return false;
  }
  for (const e of asArray(sel.matchExpressions)) {
    const key = String(e?.key ?? '');
    const values = asArray(e?.values).map(String);
    const has = key in labels;
    const val = has ? String(labels[key]) : undefined;
    switch (e?.operator) {
      case 'In':
        if (!has || !values.includes(val!)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(val!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** Whether a LabelSelector has no terms at all. */
export function selectorIsEmpty(selector: unknown): boolean {
  const sel = asMap(selector);
  return Object.keys(asMap(sel.matchLabels)).length === 0 && asArray(sel.matchExpressions).length === 0;
}

/** Go's strconv.ParseBool. undefined when the text is not a boolean. */
export function parseGoBool(v: unknown): boolean | undefined {
  const s = typeof v === 'boolean' ? String(v) : typeof v === 'string' ? v : undefined;
  if (s === undefined) return undefined;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return undefined;
}

export interface PortList {
  ports: number[];
  ranges: Array<[number, number]>;
  /** Entries that are neither a port nor a range. */
  invalid: string[];
}

/** Linkerd's port list syntax: "80,443", "4000-4100", spaces allowed. */
export function parsePortList(v: unknown): PortList {
  const out: PortList = { ports: [], ranges: [], invalid: [] };
  const text = typeof v === 'number' ? String(v) : typeof v === 'string' ? v : '';
  for (const raw of text.split(',')) {
    const part = raw.trim();
    if (!part) continue;
    const range = /^(\d+)-(\d+)$/.exec(part);
    if (range) out.ranges.push([Number(range[1]), Number(range[2])]);
    else if (/^\d+$/.test(part)) out.ports.push(Number(part));
    else out.invalid.push(part);
  }
  return out;
}

export function portListIncludes(list: PortList, port: number): boolean {
  return list.ports.includes(port) || list.ranges.some(([a, b]) => port >= a && port <= b);
}

/** Path helper: ['metadata', 'annotations', key]. */
export function annotationPath(key: string): string[] {
  return ['metadata', 'annotations', key];
}
