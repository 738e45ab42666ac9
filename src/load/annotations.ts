// Emissary 1.x configuration inside a `getambassador.io/config` annotation of a Service or
// Ingress: a YAML stream of flat objects (name, namespace and the spec's fields side by side),
// read as Emissary reads it into resources with metadata and spec, so that every rule sees them.
// Positions stay those of the flat objects inside the annotation (`embeddedPath`).

import type { InputProblem, Resource } from './types.js';
import type { Path } from '../yaml/types.js';
import { isObject } from '../util/object.js';
import { DEFAULT_PARSE_LIMITS, parseText, type ParseLimits } from '../yaml/parse.js';

export const CONFIG_ANNOTATION = 'getambassador.io/config';
const CARRIERS = new Set(['Service', 'Ingress']);
/** Flat keys that Emissary moves into metadata. */
const METADATA_KEYS = new Set(['name', 'namespace', 'generation']);

/** The annotation's path inside its carrier. */
const ANNOTATION_PATH: Path = ['metadata', 'annotations', CONFIG_ANNOTATION];

/** Unfold a flat annotation object into apiVersion, kind, metadata and spec, as Emissary does. */
function unfold(flat: Record<string, any>, carrier: Resource): Record<string, any> {
  const metadata: Record<string, any> = isObject(flat.metadata) ? { ...flat.metadata } : {};
  const spec: Record<string, any> = isObject(flat.spec) ? { ...flat.spec } : {};
  const out: Record<string, any> = { apiVersion: typeof flat.apiVersion === 'string' ? flat.apiVersion : '', kind: flat.kind, metadata, spec };
  for (const [k, v] of Object.entries(flat)) {
    if (k === 'apiVersion' || k === 'kind' || k === 'metadata' || k === 'spec' || k === 'status') continue;
    if (METADATA_KEYS.has(k)) metadata[k] = v;
    else if (k === 'metadata_labels') metadata.labels = v;
    else spec[k] = v;
  }
  if (typeof metadata.namespace !== 'string' || metadata.namespace === '') metadata.namespace = carrier.namespace;
  if (metadata.labels === undefined && isObject(carrier.obj?.metadata?.labels)) metadata.labels = carrier.obj.metadata.labels;
  if (out.apiVersion.startsWith('ambassador/')) out.apiVersion = `getambassador.io/${out.apiVersion.slice('ambassador/'.length)}`;
  return out;
}

/**
 * A field path of an unfolded object as it is written in the flat annotation object:
 * `spec.x` is `x`, `metadata.name` is `name`, `metadata.labels` is `metadata_labels`.
 */
export function embeddedPath(path: Path, flat: unknown): Path {
  const f = isObject(flat) ? flat : {};
  const [head, next, ...rest] = path;
  if (head === 'spec' && !isObject(f.spec)) return path.slice(1);
  if (head === 'metadata' && !isObject(f.metadata) && typeof next === 'string') {
    if (METADATA_KEYS.has(next)) return [next, ...rest];
    if (next === 'labels') return ['metadata_labels', ...rest];
  }
  return path;
}

export interface EmbeddedObject {
  /** The unfolded object, the object as written, and the stream's document that holds it. */
  obj: Record<string, any>;
  flat: Record<string, any>;
  docIndex: number;
}

/**
 * The objects of a carrier's `getambassador.io/config` annotation, and a yaml-syntax problem
 * at the annotation when its text does not parse.
 */
export function annotationObjects(carrier: Resource, limits: ParseLimits = DEFAULT_PARSE_LIMITS): { objects: EmbeddedObject[]; problems: InputProblem[]; text?: string } {
  if (!CARRIERS.has(carrier.kind) || carrier.group !== (carrier.kind === 'Service' ? '' : 'networking.k8s.io')) return { objects: [], problems: [] };
  const text = carrier.obj?.metadata?.annotations?.[CONFIG_ANNOTATION];
  if (typeof text !== 'string' || text.trim() === '') return { objects: [], problems: [] };
  const parsed = parseText(text, limits);
  const problems: InputProblem[] = parsed.problems.map((p) => ({
    rule: 'yaml-syntax' as const,
    message: `${carrier.ref}: the ${CONFIG_ANNOTATION} annotation is not valid YAML (${p.message.replace(/\.$/, '')}), so Emissary reads none of its configuration. Fix the YAML in the annotation.`,
    file: carrier.file,
    docIndex: carrier.docIndex,
    path: [...carrier.base, ...ANNOTATION_PATH],
    ref: carrier.ref,
  }));
  if (problems.length > 0) return { objects: [], problems, text };
  const objects: EmbeddedObject[] = [];
  for (const d of parsed.docs) {
    if (!isObject(d.value) || !('kind' in d.value)) continue;
    objects.push({ obj: unfold(d.value, carrier), flat: d.value, docIndex: d.index });
  }
  return { objects, problems, text };
}

/** Where a resource read from an annotation is written, for the resource itself. */
export function embeddedIn(carrier: Resource, text: string, o: EmbeddedObject): Resource['embedded'] {
  return { host: carrier, path: ANNOTATION_PATH, text, docIndex: o.docIndex, flat: o.flat };
}
