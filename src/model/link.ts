// The Linkerd multicluster Link: the selectors that pick the Services it exports, the cluster it
// targets, and the gateway Service it was generated from (one answer, for the rules and the
// graph picture alike).

import type { Graph, LinkNode, ServiceNode } from './graph.js';
import { asMap, isObject, valueAt, type Path, type StringMap } from '../util/object.js';
import { annotationPath, labelSelectorMatches, selectorIsEmpty } from './k8s.js';
import { servicePortNamed } from './gateway.js';
import { GATEWAY_IDENTITY, MC_GATEWAY_PORT, MC_PROBE_PORT, PROBE_PATH } from './linkerd.js';
import { parseGoDuration } from '../util/duration.js';

/** The Link fields that select Services to export. */
export const LINK_SELECTORS = ['selector', 'remoteDiscoverySelector', 'federatedServiceSelector'] as const;

export type LinkSelectorField = (typeof LINK_SELECTORS)[number];

/** The selector fields a Link sets to a selector with at least one term: an empty or missing selector selects nothing. */
export function setLinkSelectors(link: LinkNode): LinkSelectorField[] {
  return LINK_SELECTORS.filter((k) => isObject(link.spec[k]) && !selectorIsEmpty(link.spec[k]));
}

/** The Link fields copied from the gateway Service. */
export const LINK_GATEWAY_FIELDS = ['gatewayAddress', 'gatewayPort', 'gatewayIdentity', 'probeSpec'] as const;

/** A value of the gateway Service that a Link field must copy, with where it is. */
export interface GatewayValue {
  value: string;
  path: Path;
  /** How the gateway spells it, for messages. */
  what: string;
}

/** A checked Link field and the gateway's value for it (undefined when the gateway has none). */
export interface LinkExpectation {
  field: Path;
  name: string;
  /** The field compares as a number (a port). */
  numeric: boolean;
  expected?: GatewayValue;
}

/** The port a Link uses for a named gateway port: the nodePort for a NodePort Service, else the port. */
function linkPort(gw: ServiceNode, name: string): GatewayValue | undefined {
  const p = servicePortNamed(gw, name);
  if (!p) return undefined;
  if (asMap(gw.resource.obj.spec).type === 'NodePort') {
    // An unset nodePort is assigned by Kubernetes and cannot be checked.
    if (p.nodePort === undefined) return undefined;
    return { value: String(p.nodePort), path: ['spec', 'ports', p.index, 'nodePort'], what: `the nodePort of the ${name} port, as the Service is of type NodePort` };
  }
  if (p.port === undefined) return undefined;
  return { value: String(p.port), path: ['spec', 'ports', p.index, 'port'], what: `the ${name} port` };
}

function annotation(gw: ServiceNode, key: string): GatewayValue | undefined {
  const v = gw.annotations[key];
  if (typeof v !== 'string') return undefined;
  return { value: v, path: annotationPath(key), what: `the ${key} annotation` };
}

/** What each checked Link field must equal on this gateway; the ports compare as numbers. */
export function linkExpectations(gw: ServiceNode): LinkExpectation[] {
  return [
    { field: ['spec', 'gatewayPort'], name: 'gatewayPort', numeric: true, expected: linkPort(gw, MC_GATEWAY_PORT) },
    { field: ['spec', 'gatewayIdentity'], name: 'gatewayIdentity', numeric: false, expected: annotation(gw, GATEWAY_IDENTITY) },
    { field: ['spec', 'probeSpec', 'path'], name: 'probeSpec.path', numeric: false, expected: annotation(gw, PROBE_PATH) },
    { field: ['spec', 'probeSpec', 'port'], name: 'probeSpec.port', numeric: true, expected: linkPort(gw, MC_PROBE_PORT) },
  ];
}

/** A Link field as text, when it is a string or a number. */
export function linkFieldValue(link: LinkNode, field: Path): string | undefined {
  const v = valueAt(link.resource.obj, field);
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

/** Whether a Link value equals the gateway's; numeric fields compare as numbers. */
export function sameLinkValue(a: string, b: string, numeric: boolean): boolean {
  if (numeric && /^\s*\d+\s*$/.test(a) && /^\s*\d+\s*$/.test(b)) return Number(a) === Number(b);
  return a === b;
}

/**
 * The graph of the cluster a Link targets. With named clusters, the one its targetClusterName
 * names; otherwise the Link's own inputs, when they hold a gateway (a tree that keeps both sides
 * of the link).
 */
export function linkTargetGraph(graph: Graph, link: LinkNode, clusters: ReadonlyMap<string, Graph>): Graph | undefined {
  const named = [...clusters.keys()].some((k) => k !== '');
  if (named) {
    const t = link.spec.targetClusterName;
    return typeof t === 'string' && t !== '' ? clusters.get(t) : undefined;
  }
  return graph.gateways.length > 0 ? graph : undefined;
}

/** The gateway a Link was generated from: the only one, or the one that agrees with it on most fields (the first of equals). */
export function linkGateway(link: LinkNode, gateways: readonly ServiceNode[]): ServiceNode | undefined {
  if (gateways.length <= 1) return gateways[0];
  let best: ServiceNode | undefined;
  let bestScore = -1;
  for (const gw of gateways) {
    let score = 0;
    for (const { field, numeric, expected } of linkExpectations(gw)) {
      const actual = linkFieldValue(link, field);
      if (expected && actual !== undefined && sameLinkValue(actual, expected.value, numeric)) score++;
    }
    if (score > bestScore) {
      best = gw;
      bestScore = score;
    }
  }
  return best;
}

/** The cluster a Link targets and the gateway Service there it was generated from. */
export function linkTarget(graph: Graph, link: LinkNode, clusters: ReadonlyMap<string, Graph>): { graph: Graph; gateway?: ServiceNode } | undefined {
  const target = linkTargetGraph(graph, link, clusters);
  return target && { graph: target, gateway: linkGateway(link, target.gateways) };
}
/**
 * Whether a Link in any of the trees (`clusters`: every named cluster's graph) has a Service
 * selector that selects these labels: then the Service is exported whatever its label values.
 * Links are few, so each label set is tried against each of their selectors.
 */
export function selectedByKnownLink(clusters: ReadonlyMap<string, Graph>, labels: StringMap): boolean {
  for (const g of clusters.values()) {
    for (const l of g.links) for (const k of setLinkSelectors(l)) if (labelSelectorMatches(l.spec[k], labels)) return true;
  }
  return false;
}

/** The Linkerd version that first serves a Link API version; undefined for a version no release serves. */
export function linkVersionServedFrom(version: string): string | undefined {
  return ({ v1alpha1: '2.9', v1alpha2: '2.17', v1alpha3: '2.18' } as Record<string, string>)[version];
}

/** Link fields the CRD types as strings although they hold numbers. */
export const LINK_STRING_FIELDS: ReadonlyArray<readonly [string] | readonly [string, string]> = [
  ['gatewayPort'],
  ['probeSpec', 'port'],
  ['probeSpec', 'failureThreshold'],
  ['probeSpec', 'timeout'],
  ['probeSpec', 'period'],
];

/** Why a Link's probeSpec.period is not the Go duration the service mirror parses it as; undefined when it is one. */
export function linkPeriodProblem(period: string): string | undefined {
  const d = parseGoDuration(period);
  return d.ok ? undefined : d.error;
}
