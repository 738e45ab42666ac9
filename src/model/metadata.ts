// The metadata blocks (labels and annotations) of every resource, with their paths: the
// object's own metadata, a CronJob's job template metadata, and the pod template metadata of
// workloads. A bare Pod's metadata is its pod template.

import type { Graph, PodTemplateNode } from './graph.js';
import type { Path } from '../yaml/types.js';
import type { Resource } from '../load/types.js';
import { isObject, valueAt } from '../util/object.js';

/** Which metadata of a resource a block is. */
export type MetadataScope = 'object' | 'job-template' | 'pod-template';

export interface MetadataBlock {
  resource: Resource;
  scope: MetadataScope;
  /** Path of the `metadata` mapping from the resource's root. */
  path: Path;
  /** The pod template, for scope 'pod-template'. */
  pod?: PodTemplateNode;
  labels?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}

export type MetadataField = 'labels' | 'annotations';

export interface MetadataEntry {
  block: MetadataBlock;
  field: MetadataField;
  key: string;
  value: unknown;
  /** Path of the entry from the resource's root. */
  path: Path;
}

function block(resource: Resource, scope: MetadataScope, path: Path, meta: unknown, pod?: PodTemplateNode): MetadataBlock | undefined {
  if (!isObject(meta)) return undefined;
  return {
    resource,
    scope,
    path,
    pod,
    labels: isObject(meta.labels) ? meta.labels : undefined,
    annotations: isObject(meta.annotations) ? meta.annotations : undefined,
  };
}

/** Appends the metadata blocks of one resource to `out`, in document order. */
function pushBlocksOf(graph: Graph, r: Resource, out: MetadataBlock[]): void {
  const pods = graph.podTemplatesOf(r);
  let barePod: PodTemplateNode | undefined;
  for (const p of pods) if (p.path.length === 0) barePod ??= p;
  const own = block(r, barePod ? 'pod-template' : 'object', ['metadata'], r.obj.metadata, barePod);
  if (own) out.push(own);
  if (r.kind === 'CronJob') {
    const job = block(r, 'job-template', ['spec', 'jobTemplate', 'metadata'], valueAt(r.obj, ['spec', 'jobTemplate', 'metadata']));
    if (job) out.push(job);
  }
  for (const p of pods) {
    if (p === barePod) continue;
    const path = p.metaPath();
    const b = block(r, 'pod-template', path, valueAt(r.obj, path), p);
    if (b) out.push(b);
  }
}

/** Every metadata block of every resource of the graph. */
export function metadataBlocks(graph: Graph): MetadataBlock[] {
  const out: MetadataBlock[] = [];
  for (const r of graph.resources) pushBlocksOf(graph, r, out);
  return out;
}

/** Every label and annotation of a block, labels first. */
export function entriesOf(b: MetadataBlock): MetadataEntry[] {
  const out: MetadataEntry[] = [];
  pushEntriesOf(b, out);
  return out;
}

/** Appends the entries of a block that `keep` accepts (all without it) to `out`. */
function pushEntriesOf(b: MetadataBlock, out: MetadataEntry[], keep?: (key: string, value: unknown) => boolean): void {
  if (b.labels) for (const key in b.labels) if (!keep || keep(key, b.labels[key])) out.push(new Entry(b, 'labels', key, b.labels[key]));
  if (b.annotations) for (const key in b.annotations) if (!keep || keep(key, b.annotations[key])) out.push(new Entry(b, 'annotations', key, b.annotations[key]));
}

/** An entry whose path is built only when a rule reports on it (most entries are fine). */
class Entry implements MetadataEntry {
  constructor(
    readonly block: MetadataBlock,
    readonly field: MetadataField,
    readonly key: string,
    readonly value: unknown,
  ) {}

  get path(): Path {
    return [...this.block.path, this.field, this.key];
  }
}

const blocksCache = new WeakMap<Graph, readonly MetadataBlock[]>();

/** The graph's metadata blocks, found once per graph (several rules read them all). */
function cachedBlocks(graph: Graph): readonly MetadataBlock[] {
  let out = blocksCache.get(graph);
  if (!out) blocksCache.set(graph, (out = metadataBlocks(graph)));
  return out;
}

/** Every label and annotation of every resource and pod template of the graph. */
export function metadataEntries(graph: Graph): MetadataEntry[] {
  return metadataEntriesWhere(graph);
}

/**
 * The labels and annotations `keep` accepts (all without it). A rule that looks for a few keys or values asks
 * for those: an entry object for every label of ten thousand resources cost more than the
 * rules that read them.
 */
export function metadataEntriesWhere(graph: Graph, keep?: (key: string, value: unknown) => boolean): MetadataEntry[] {
  const out: MetadataEntry[] = [];
  for (const b of cachedBlocks(graph)) pushEntriesOf(b, out, keep);
  return out;
}

/** Where a block sits, for messages: "", " in the job template", " in the pod template". */
export function scopeText(b: MetadataBlock): string {
  if (b.scope === 'job-template') return ' in the job template';
  if (b.scope === 'pod-template' && b.path.length > 1) return ' in the pod template';
  return '';
}

/** "annotation" or "label". */
export function fieldNoun(field: MetadataField): string {
  return field === 'labels' ? 'label' : 'annotation';
}
