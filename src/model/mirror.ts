// Mirror Services of Linkerd multicluster (source cluster): the Services the service mirror
// creates at run time, so they are never among the inputs.
//
// - `<svc>-<targetClusterName>`: one per exported Service of a linked cluster (gateway mode and,
//   from 2.14, remote discovery), in the exported Service's namespace.
// - `<svc>-federated` (Linkerd 2.17 and later): one per federated Service.
// - `probe-gateway-<targetClusterName>` and, from 2.18, `probe-<link name>`: the probe Services,
//   in the Link's namespace (`linkerd-multicluster` by default).
//
// Target cluster names are known from the Links among the inputs (`spec.targetClusterName`) and
// from the names of the other clusters linted with `--cluster`.

import type { Graph, LinkNode, MappingNode, ServiceNode } from './graph.js';
import { addTo } from '../util/multimap.js';
import { EXPORTED } from './linkerd.js';
import { setLinkSelectors } from './link.js';
import { atLeast } from './version.js';

/** Namespace the multicluster extension installs into by default (home of the probe Services). */
export const MULTICLUSTER_NAMESPACE = 'linkerd-multicluster';
/** Suffix of a federated Service's mirror (Linkerd 2.17 and later). */
export const FEDERATED_SUFFIX = 'federated';

export type MirrorKind = 'cluster' | 'federated' | 'probe';

/** How a mirror reaches the exported pods, when the inputs say so. */
export type MirrorMode = 'gateway' | 'remote-discovery' | 'federated';

export interface MirrorService {
  /** `cluster`: `<svc>-<cluster>`; `federated`: `<svc>-federated`; `probe`: a probe Service. */
  kind: MirrorKind;
  /** The exported Service's name (cluster and federated mirrors). */
  exportedName?: string;
  /** The target cluster's name, when the name tells it. */
  targetCluster?: string;
  /** Links among the inputs that create this mirror (by target cluster name or Link name). */
  links: LinkNode[];
  /** The target cluster's graph, when it is linted as a named cluster. */
  targetGraph?: Graph;
  /** The exported Service in the target cluster's graph, when it is there. */
  exported?: ServiceNode;
  /**
   * Gateway, remote discovery (`mirror.linkerd.io/exported: remote-discovery` on the exported
   * Service) or federated; undefined when the inputs do not say (a cluster mirror whose exported
   * Service is not among the inputs, or a probe Service).
   */
  mode?: MirrorMode;
}

interface MirrorIndex {
  /** Target cluster names: from Links and from the other named clusters. */
  clusters: Set<string>;
  /** Links by target cluster name. */
  linksByCluster: Map<string, LinkNode[]>;
  /** Links by their own name. */
  linksByName: Map<string, LinkNode[]>;
  /** Namespaces that hold a Link. */
  linkNamespaces: Set<string>;
}

const indexes = new WeakMap<Graph, MirrorIndex>();

function indexOf(graph: Graph, clusters: ReadonlyMap<string, Graph>): MirrorIndex {
  let idx = indexes.get(graph);
  if (idx) return idx;
  idx = { clusters: new Set(), linksByCluster: new Map(), linksByName: new Map(), linkNamespaces: new Set() };
  for (const l of graph.links) {
    const target = l.spec.targetClusterName;
    if (typeof target === 'string' && target !== '') {
      idx.clusters.add(target);
      addTo(idx.linksByCluster, target, l);
    }
    addTo(idx.linksByName, l.resource.name, l);
    idx.linkNamespaces.add(l.resource.namespace);
  }
  for (const name of clusters.keys()) if (name !== '' && name !== graph.cluster) idx.clusters.add(name);
  indexes.set(graph, idx);
  return idx;
}

/** The mode of a mirror of this exported Service, from its export label. */
function modeOfExported(exported: ServiceNode | undefined): MirrorMode | undefined {
  if (!exported) return undefined;
  return exported.labels[EXPORTED] === 'remote-discovery' ? 'remote-discovery' : 'gateway';
}

function clusterMirror(graph: Graph, clusters: ReadonlyMap<string, Graph>, idx: MirrorIndex, namespace: string, exportedName: string, cluster: string): MirrorService {
  const targetGraph = clusters.get(cluster);
  const exported = targetGraph && targetGraph !== graph ? targetGraph.service(namespace, exportedName) : undefined;
  return {
    kind: 'cluster',
    exportedName,
    targetCluster: cluster,
    links: idx.linksByCluster.get(cluster) ?? [],
    targetGraph: targetGraph !== graph ? targetGraph : undefined,
    exported,
    mode: modeOfExported(exported),
  };
}

function probeMirror(idx: MirrorIndex, namespace: string, rest: string, graph: Graph): MirrorService | undefined {
  // probe-gateway-<cluster>: the name says what it is, wherever the Link lives.
  if (rest.startsWith('gateway-') && rest.length > 'gateway-'.length) {
    const cluster = rest.slice('gateway-'.length);
    return { kind: 'probe', targetCluster: cluster, links: idx.linksByCluster.get(cluster) ?? [] };
  }
  // probe-<link> (2.18+): only when the name is a known Link or cluster, or it sits where Links do.
  if (!atLeast(graph.settings.linkerd.version, '2.18')) return undefined;
  const byName = idx.linksByName.get(rest) ?? [];
  if (byName.length > 0 || idx.clusters.has(rest) || idx.linkNamespaces.has(namespace) || namespace === MULTICLUSTER_NAMESPACE) {
    const target = byName[0]?.spec.targetClusterName;
    return { kind: 'probe', targetCluster: typeof target === 'string' ? target : idx.clusters.has(rest) ? rest : undefined, links: byName.length > 0 ? byName : idx.linksByCluster.get(rest) ?? [] };
  }
  return undefined;
}

/**
 * Whether the Service `namespace/name` of this (source) cluster is one the service mirror
 * creates, and what it mirrors; undefined for an ordinary Service name. `clusters` is every
 * named cluster's graph (the rule context's `clusters`).
 */
export function mirrorServiceOf(graph: Graph, clusters: ReadonlyMap<string, Graph>, namespace: string, name: string): MirrorService | undefined {
  const idx = indexOf(graph, clusters);
  if (name.startsWith('probe-')) {
    const probe = probeMirror(idx, namespace, name.slice('probe-'.length), graph);
    if (probe) return probe;
  }
  // The longest cluster name that ends the Service name after a "-" wins (names are DNS labels,
  // so this looks at a few split points only).
  for (let i = name.indexOf('-'); i > 0 && i < name.length - 1; i = name.indexOf('-', i + 1)) {
    const exportedName = name.slice(0, i);
    const suffix = name.slice(i + 1);
    if (idx.clusters.has(suffix)) return clusterMirror(graph, clusters, idx, namespace, exportedName, suffix);
  }
  if (name.endsWith(`-${FEDERATED_SUFFIX}`) && name.length > FEDERATED_SUFFIX.length + 1 && atLeast(graph.settings.linkerd.version, '2.17')) {
    const federating = graph.links.filter((l) => setLinkSelectors(l).includes('federatedServiceSelector'));
    return { kind: 'federated', exportedName: name.slice(0, -(FEDERATED_SUFFIX.length + 1)), links: federating, mode: 'federated' };
  }
  return undefined;
}

/** The mirror Service a Mapping routes to, or undefined when its service is not an in-cluster mirror name. */
export function mappingMirror(graph: Graph, clusters: ReadonlyMap<string, Graph>, m: MappingNode): MirrorService | undefined {
  if (!m.inCluster || !m.service || m.serviceNamespace === undefined) return undefined;
  return mirrorServiceOf(graph, clusters, m.serviceNamespace, m.service.name);
}
