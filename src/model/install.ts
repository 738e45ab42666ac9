// Emissary installs: each pod template that runs Emissary's data plane is one install, with the
// AMBASSADOR_ID it answers to and the namespace AMBASSADOR_SINGLE_NAMESPACE confines it to.
// Which getambassador.io resources an install reads (its Listeners, its Mappings) is found
// through an index by id, built once per graph.

import type { Graph, ListenerNode, MappingNode, PodTemplateNode } from './graph.js';
import type { Resource } from '../load/types.js';
import type { Path } from '../yaml/types.js';
import { addTo } from '../util/multimap.js';
import { asArray, asMap, isObject } from '../util/object.js';
import { isEmissaryContainer } from './emissary.js';
import { INJECT } from './linkerd.js';
import { EMISSARY_DIAG_PORT, PROXY_ADMIN_PORT, proxyInboundPort } from './gateway.js';

/** The id of an install without AMBASSADOR_ID, and of a resource without ambassador_id. */
export const DEFAULT_AMBASSADOR_ID = 'default';
/** Emissary's snapshot server and Envoy's admin port: served by Emissary's pods, not by Envoy's Listeners. */
export const EMISSARY_SNAPSHOT_PORT = 8005;
export const ENVOY_ADMIN_PORT = 8001;

/** A resource id every install reads. */
const AUTOMATIC_ID = '_automatic_';

export interface EmissaryInstall {
  pod: PodTemplateNode;
  /** AMBASSADOR_ID, `default` when unset; undefined when it comes from somewhere meshlint cannot read. */
  id: string | undefined;
  /**
   * With AMBASSADOR_SINGLE_NAMESPACE: the namespace the install reads (AMBASSADOR_NAMESPACE), or
   * null when that cannot be read; undefined when the install reads every namespace.
   */
  singleNamespace: string | null | undefined;
  /** Path of the Emissary container inside the workload, for pointing at its env. */
  containerPath: Path;
}

type EnvValue = { value: string } | 'unset' | 'unknown';

/** An env variable of a container as the pod sees it; `unknown` when it comes from a reference. */
function envOf(container: Record<string, any>, name: string, podNamespace: string): EnvValue {
  for (const e of asArray(container.env)) {
    if (!isObject(e) || e.name !== name) continue;
    if (typeof e.value === 'string' || typeof e.value === 'number' || typeof e.value === 'boolean') return { value: String(e.value) };
    const fieldPath = asMap(asMap(e.valueFrom).fieldRef).fieldPath;
    if (fieldPath === 'metadata.namespace') return { value: podNamespace };
    return e.valueFrom === undefined ? { value: '' } : 'unknown';
  }
  return asArray(container.envFrom).length > 0 ? 'unknown' : 'unset';
}

function makeInstall(pod: PodTemplateNode): EmissaryInstall {
  let index = pod.containers.findIndex(isEmissaryContainer);
  if (index < 0) index = 0; // a workload named in config (emissary.workloads)
  const c = pod.containers[index] ?? {};
  const rawId = envOf(c, 'AMBASSADOR_ID', pod.namespace);
  // Emissary treats an empty variable as unset.
  const id = rawId === 'unknown' ? undefined : rawId === 'unset' || rawId.value === '' ? DEFAULT_AMBASSADOR_ID : rawId.value;
  const single = envOf(c, 'AMBASSADOR_SINGLE_NAMESPACE', pod.namespace);
  let singleNamespace: string | null | undefined;
  if (single === 'unknown') singleNamespace = null;
  else if (single !== 'unset' && single.value !== '') {
    const ns = envOf(c, 'AMBASSADOR_NAMESPACE', pod.namespace);
    singleNamespace = ns === 'unknown' ? null : ns === 'unset' || ns.value === '' ? 'default' : ns.value;
  }
  return { pod, id, singleNamespace, containerPath: [...pod.path, 'spec', 'containers', index] };
}

/** The ids a getambassador.io resource names (`spec.ambassador_id`, a string or a list; none means `default`). */
export function ambassadorIdsOf(r: Resource): string[] {
  const spec = asMap(r.obj?.spec);
  const raw = spec.ambassador_id ?? spec.ambassadorId;
  const list = typeof raw === 'string' ? [raw] : asArray(raw).filter((x) => typeof x === 'string');
  return list.length === 0 ? [DEFAULT_AMBASSADOR_ID] : list;
}

/** Whether the resource's `ambassador_id` was written. */
export function ambassadorIdWritten(r: Resource): boolean {
  const spec = asMap(r.obj?.spec);
  return spec.ambassador_id !== undefined || spec.ambassadorId !== undefined;
}

/** Path of the resource's ambassador_id (or of its spec, or name, when none is written). */
export function ambassadorIdPath(r: Resource): Path {
  const spec = asMap(r.obj?.spec);
  if (spec.ambassadorId !== undefined && spec.ambassador_id === undefined) return ['spec', 'ambassadorId'];
  if (ambassadorIdWritten(r)) return ['spec', 'ambassador_id'];
  return isObject(r.obj?.spec) ? ['spec'] : ['metadata', 'name'];
}

/** Whether an install with this id and scope reads a resource. */
function reads(install: EmissaryInstall, r: Resource): boolean {
  const ns = install.singleNamespace;
  return ns === undefined || ns === null || ns === r.namespace;
}

interface InstallIndex {
  installs: EmissaryInstall[];
  /** Installs by id (those whose id is known). */
  byId: Map<string, EmissaryInstall[]>;
  /** Some install's id cannot be read: which resources it reads is unknown. */
  someUnknown: boolean;
  listeners: Map<EmissaryInstall, ListenerNode[]>;
  mappings: Map<EmissaryInstall, MappingNode[]>;
}

const indexes = new WeakMap<Graph, InstallIndex>();

function indexOf(graph: Graph): InstallIndex {
  let idx = indexes.get(graph);
  if (idx) return idx;
  const installs = graph.emissaryPods.map(makeInstall);
  idx = { installs, byId: new Map(), someUnknown: false, listeners: new Map(), mappings: new Map() };
  for (const i of installs) {
    if (i.id === undefined) idx.someUnknown = true;
    else addTo(idx.byId, i.id, i);
  }
  indexes.set(graph, idx);
  for (const l of graph.listeners) for (const i of installsReading(graph, l.resource)) addTo(idx.listeners, i, l);
  for (const m of graph.mappings) for (const i of installsReading(graph, m.resource)) addTo(idx.mappings, i, m);
  return idx;
}

/** The graph's Emissary installs, one per pod template that runs Emissary. */
export function emissaryInstalls(graph: Graph): EmissaryInstall[] {
  return indexOf(graph).installs;
}

/** Whether every install's id and scope can be read, so that "no install reads this" can be told. */
export function installsKnown(graph: Graph): boolean {
  const idx = indexOf(graph);
  return idx.installs.length > 0 && !idx.someUnknown;
}

/** The installs (with a known id) whose id a getambassador.io resource names, whatever their scope. */
export function installsWithIdOf(graph: Graph, r: Resource): EmissaryInstall[] {
  const idx = indexOf(graph);
  const ids = ambassadorIdsOf(r);
  if (ids.includes(AUTOMATIC_ID)) return idx.installs.filter((i) => i.id !== undefined);
  return [...new Set(ids.flatMap((id) => idx.byId.get(id) ?? []))];
}

/** The installs (with a known id) that read a getambassador.io resource: its id matches and it is in their scope. */
export function installsReading(graph: Graph, r: Resource): EmissaryInstall[] {
  return installsWithIdOf(graph, r).filter((i) => reads(i, r));
}

/** Listeners an install reads. */
export function listenersOf(graph: Graph, install: EmissaryInstall): ListenerNode[] {
  return indexOf(graph).listeners.get(install) ?? [];
}

/** Mappings an install reads. */
export function mappingsOf(graph: Graph, install: EmissaryInstall): MappingNode[] {
  return indexOf(graph).mappings.get(install) ?? [];
}

/** `Kind ns/name` of the install's workload and, when it is not `default`, its id, for messages. */
export function installText(install: EmissaryInstall): string {
  return install.id === DEFAULT_AMBASSADOR_ID ? install.pod.resource.ref : `${install.pod.resource.ref} (AMBASSADOR_ID ${install.id})`;
}

/**
 * Ports of an install's pods that no Listener serves and that still answer: diagd (8877), the
 * snapshot server (8005), Envoy's admin port (8001) and, on meshed pods, the proxy's inbound and
 * admin ports (the multicluster gateway's 4143, the admin-port probe's 4191).
 */
export function notEnvoyPorts(pod: PodTemplateNode): Set<number> {
  const ports = new Set([EMISSARY_DIAG_PORT, EMISSARY_SNAPSHOT_PORT, ENVOY_ADMIN_PORT]);
  if (pod.meshed) {
    ports.add(proxyInboundPort(pod));
    ports.add(PROXY_ADMIN_PORT);
  }
  return ports;
}

/** Whether the install's pods are injected in Linkerd's ingress mode (`linkerd.io/inject: ingress`). */
export function inIngressMode(install: EmissaryInstall): boolean {
  return install.pod.effective(INJECT)?.value === 'ingress';
}

/** The installs in ingress mode that read a Mapping. */
export function ingressModeReaders(graph: Graph, m: MappingNode): EmissaryInstall[] {
  return installsReading(graph, m.resource).filter(inIngressMode);
}

/** A related location at the `linkerd.io/inject: ingress` that puts an install in ingress mode. */
export function ingressModeRelated(install: EmissaryInstall): Array<{ resource: Resource; path: Path; message: string }> {
  const e = install.pod.effective(INJECT);
  if (!e) return [];
  const where = e.from === 'namespace' ? `${e.resource.ref}, the namespace of ${install.pod.resource.ref},` : install.pod.resource.ref;
  return [{ resource: e.resource, path: e.path, message: `${where} injects Emissary in Linkerd's ingress mode here.` }];
}
