// From parsed documents to Kubernetes resources: `kind: List` unpacked, Helm values and CI
// files skipped, objects that are not valid Kubernetes objects turned into manifest-shape
// problems and kept out of the graph.

import type { InputProblem, Resource, SourceFile } from './types.js';
import type { Path } from '../yaml/types.js';
import { isObject } from '../util/object.js';
import { DEFAULT_PARSE_LIMITS, parseSlow, parseText, type ParsedDoc, type ParseLimits } from '../yaml/parse.js';
import { shapeProblems } from './shape.js';
import { annotationObjects, CONFIG_ANNOTATION, embeddedIn } from './annotations.js';
import { isToolConfig } from './toolfiles.js';

const CLUSTER_SCOPED = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'StorageClass',
  'PriorityClass',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'APIService',
  'IngressClass',
  'RuntimeClass',
  'CSIDriver',
  'VolumeAttachment',
  'ComponentStatus',
  'ClusterIssuer',
]);

function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}

function groupOf(apiVersion: string): string {
  const i = apiVersion.lastIndexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

export function refOf(kind: string, namespace: string, name: string): string {
  return namespace ? `${kind} ${namespace}/${name}` : `${kind} ${name}`;
}

export interface Extracted {
  resources: Resource[];
  problems: InputProblem[];
}

/** Resources and problems of one parsed document. */
function extract(file: SourceFile, doc: ParsedDoc, out: Extracted, defaultNamespace: string): void {
  visit(file, doc.index, doc.value, [], out, defaultNamespace);
}

function visit(file: SourceFile, docIndex: number, value: unknown, base: Path, out: Extracted, defaultNamespace: string): void {
  if (!isObject(value)) return; // empty documents, scalars and bare lists are not manifests
  const hasApi = 'apiVersion' in value;
  const hasKind = 'kind' in value;
  if (!hasApi && !hasKind) return; // Helm values, CI config and other YAML
  const shape = (path: Path, message: string, ref?: string) =>
    out.problems.push({ rule: 'manifest-shape', message, file, docIndex, path: [...base, ...path], ref });

  const { apiVersion, kind } = value;
  if (!hasApi || !hasKind) {
    const missing = hasApi ? 'kind' : 'apiVersion';
    shape([hasApi ? 'apiVersion' : 'kind'], `The object has ${hasApi ? 'apiVersion' : 'kind'} but no ${missing}; add ${missing} so Kubernetes can read it.`);
    return;
  }
  if (typeof apiVersion !== 'string' || apiVersion === '') {
    shape(['apiVersion'], 'apiVersion must be a non-empty string such as "v1" or "apps/v1".');
    return;
  }
  if (typeof kind !== 'string' || kind === '') {
    shape(['kind'], 'kind must be a non-empty string such as "Service".');
    return;
  }
  // Configuration for tools (kustomizations, kubeconfigs, kind clusters...) is not a cluster object.
  if (isToolConfig(apiVersion, kind, value)) return;
  if (kind === 'List' || (kind.endsWith('List') && Array.isArray(value.items))) {
    if (!Array.isArray(value.items)) {
      shape(['items'], `A ${kind} must have an items list.`);
      return;
    }
    value.items.forEach((item, i) => visit(file, docIndex, item, [...base, 'items', i], out, defaultNamespace));
    return;
  }
  const metadata = value.metadata;
  if (!isObject(metadata)) {
    shape(metadata === undefined ? ['kind'] : ['metadata'], `${kind} has no metadata mapping; add metadata with a name.`);
    return;
  }
  const name = metadata.name;
  if (typeof name !== 'string' || name === '') {
    shape(name === undefined ? ['metadata'] : ['metadata', 'name'], `${kind} has no metadata.name; give the object a name.`);
    return;
  }
  const nsField = metadata.namespace;
  if (nsField !== undefined && typeof nsField !== 'string') {
    shape(['metadata', 'namespace'], `${kind} ${name}: metadata.namespace must be a string.`);
    return;
  }
  const group = groupOf(apiVersion);
  const namespace = isClusterScoped(kind) ? '' : (nsField as string | undefined) || defaultNamespace;
  const ref = refOf(kind, namespace, name);
  const problems = shapeProblems(group, kind, value);
  if (problems.length > 0) {
    for (const p of problems) shape(p.path, `${ref}: ${p.message}`, ref);
    return;
  }
  const resource: Resource = { file, docIndex, base, apiVersion, group, kind, name, namespace, obj: value, ref };
  out.resources.push(resource);
  if (kind === 'Service' || kind === 'Ingress') visitAnnotation(resource, out);
}

/** The Emissary configuration in a Service's or Ingress's getambassador.io/config annotation. */
function visitAnnotation(carrier: Resource, out: Extracted): void {
  const { objects, problems, text } = annotationObjects(carrier);
  out.problems.push(...problems);
  if (text === undefined) return;
  const where = [...carrier.base, 'metadata', 'annotations', CONFIG_ANNOTATION];
  for (const o of objects) {
    const { obj } = o;
    const { apiVersion, kind } = obj;
    const name = obj.metadata.name;
    const shape = (message: string) => out.problems.push({ rule: 'manifest-shape', message: `${carrier.ref}: in the ${CONFIG_ANNOTATION} annotation, ${message}`, file: carrier.file, docIndex: carrier.docIndex, path: where, ref: carrier.ref });
    if (typeof kind !== 'string' || kind === '' || apiVersion === '') {
      shape('an object has no apiVersion or kind; give each object both (for example apiVersion: getambassador.io/v2, kind: Mapping).');
      continue;
    }
    if (typeof name !== 'string' || name === '') {
      shape(`a ${kind} has no name; give it one.`);
      continue;
    }
    if (typeof obj.metadata.namespace !== 'string') {
      shape(`${kind} ${name}: namespace must be a string.`);
      continue;
    }
    const group = groupOf(apiVersion);
    const ref = refOf(kind, obj.metadata.namespace, name);
    const problems = shapeProblems(group, kind, obj);
    if (problems.length > 0) {
      for (const p of problems) shape(`${ref}: ${p.message}`);
      continue;
    }
    out.resources.push({ ...carrier, apiVersion, group, kind, name, namespace: obj.metadata.namespace, obj, ref, embedded: embeddedIn(carrier, text, o) });
  }
}

/** The namespace of a namespaced object that names none, as `kubectl apply` without `-n` takes it. */
export const DEFAULT_NAMESPACE = 'default';

/**
 * Parse files and extract resources and input problems. A namespaced object without
 * `metadata.namespace` is placed in `defaultNamespace` (`--namespace`, like `kubectl apply -n`).
 */
export function loadFiles(files: SourceFile[], parser: 'auto' | 'slow' = 'auto', limits: ParseLimits = DEFAULT_PARSE_LIMITS, defaultNamespace: string = DEFAULT_NAMESPACE): Extracted {
  const out: Extracted = { resources: [], problems: [] };
  for (const file of files) {
    const parsed = parser === 'slow' ? parseSlow(file.text, limits) : parseText(file.text, limits);
    for (const p of parsed.problems) out.problems.push({ rule: 'yaml-syntax', message: p.message, file, region: p.region });
    for (const d of parsed.docs) extract(file, d, out, defaultNamespace);
  }
  return out;
}
