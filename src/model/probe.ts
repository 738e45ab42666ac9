// The multicluster probe through Emissary: the path Linkerd requests, the port it reaches, the
// Mapping that answers it, the Hosts and Listeners that let it through. Shared by the probe-*
// rules, so that they agree on which Mapping and which Host are "the probe's".

import type { Graph, HostNode, LinkNode, ListenerNode, MappingNode, PodTemplateNode, ServiceNode, ServicePortNode } from './graph.js';
import { linkTarget } from './link.js';
import type { Settings } from './settings.js';
import type { Path } from '../yaml/types.js';
import { annotationPath } from './k8s.js';
import { asArray, asMap } from '../util/object.js';
import { hostSelectorMatches } from './emissary.js';
import { effectiveProbePath, PROBE_PATH } from './linkerd.js';
import { EMISSARY_DIAG_PORT, gatewayPods, mcProbePort, PROXY_ADMIN_PORT, resolveTargetPort } from './gateway.js';
import { addTo } from '../util/multimap.js';
import { atLeast } from './version.js';

/** Emissary's readiness and liveness endpoints, served by its diagnostics server. */
export const READY_PATH = '/ambassador/v0/check_ready';
export const ALIVE_PATH = '/ambassador/v0/check_alive';
/** Port of Emissary's diagnostics server, which answers the health endpoints. */
/** Host headers the probe sends: `probe-gateway-<cluster>:<port>` (2.9-2.17), `probe-<link>:<port>` (2.18+). */
const PROBE_AUTHORITIES = ['probe-gateway-east:80', 'probe-east:4191'];

/** The probe's Host header as the Linkerd version sends it, for messages. */
export function probeAuthorityText(settings: Settings): string {
  return atLeast(settings.linkerd.version, '2.18') ? 'probe-<link>:<port>' : 'probe-gateway-<cluster>:<port>';
}

export interface ProbePath {
  /** The annotation as written. */
  value: string;
  /** Where it is, in the gateway Service. */
  path: Path;
  /** Why its form is wrong for the Linkerd version, or undefined when it is right. */
  formProblem?: string;
  /** The form the annotation should have (equal to value when the form is right). */
  corrected: string;
  /**
   * The path the probe requests once the annotation has the right form. The probe rules check
   * this path, so that a wrongly formed annotation is one finding (probe-path), not several.
   */
  requestPath: string;
  /** Whether the annotation names a path at all. */
  usable: boolean;
}

/** Whether the ambassador Module makes Envoy merge repeated slashes in request paths. */
export function mergesSlashes(graph: Graph): boolean {
  return graph.moduleConfig('merge_slashes') === true;
}

/** The probe path of a gateway, or undefined when the annotation is missing or not a string. */
export function probePathOf(gateway: ServiceNode, graph: Graph): ProbePath | undefined {
  const value = gateway.annotations[PROBE_PATH];
  if (typeof value !== 'string') return undefined;
  const settings = graph.settings;
  const modern = atLeast(settings.linkerd.version, '2.9');
  const merge = mergesSlashes(graph);
  const bare = value.replace(/^\/+/, '');
  const corrected = modern ? `/${bare}` : bare;
  let formProblem: string | undefined;
  if (bare === '') formProblem = 'it names no path, and Linkerd refuses an empty probe path';
  else if (modern && !value.startsWith('/'))
    formProblem = `Linkerd ${settings.linkerd.version.text} appends it to "http://<gateway>:<port>" as written, which makes the URL invalid, so the probe is never sent and the gateway is always down`;
  else if (!modern && value.startsWith('/') && !merge)
    formProblem = `Linkerd ${settings.linkerd.version.text} puts a "/" in front of it and requests "${effectiveProbePath(value, settings)}", and Emissary, which does not merge slashes unless the ambassador Module sets merge_slashes, matches that against no Mapping for "${value}"`;
  const requested = effectiveProbePath(formProblem ? corrected : value, settings);
  return {
    value,
    path: annotationPath(PROBE_PATH),
    formProblem,
    corrected,
    usable: bare !== '',
    requestPath: merge ? requested.replace(/\/{2,}/g, '/') : requested,
  };
}

export interface ProbeTarget {
  /** The gateway's `mc-probe` port. */
  port: ServicePortNode;
  /** The Emissary container port it reaches. */
  target: number;
}

/** Where the probe lands in Emissary: the `mc-probe` port's targetPort, resolved on the gateway's Emissary pods. */
export function probeTargetOf(gateway: ServiceNode): ProbeTarget | undefined {
  const port = mcProbePort(gateway);
  if (!port) return undefined;
  const target = resolveTargetPort(port, gatewayPods(gateway)).ports[0];
  return target === undefined ? undefined : { port, target };
}

/** The path a Mapping sends upstream for a request whose path equals its prefix; undefined when it cannot be told. */
export function upstreamPath(m: MappingNode, requestPath: string): string | undefined {
  const rr = m.spec.regex_rewrite;
  if (rr && typeof rr === 'object' && typeof rr.pattern === 'string') {
    // Envoy replaces every match of the RE2 pattern with the substitution (\1 is a group).
    const substitution = typeof rr.substitution === 'string' ? rr.substitution : '';
    try {
      const re = new RegExp(rr.pattern, 'g');
      return requestPath.replace(re, substitution.replace(/\$/g, '$$$$').replace(/\\(\d)/g, '$$$1'));
    } catch {
      return undefined;
    }
  }
  // Emissary sets Envoy's prefix_rewrite only for a non-empty rewrite; unset means "/".
  const rewrite = m.spec.rewrite;
  if (rewrite === undefined || rewrite === null) return '/';
  if (typeof rewrite === 'string' && rewrite !== '') return rewrite + requestPath.slice(String(m.spec.prefix ?? '').length);
  return requestPath;
}

/** Whether a Mapping routes to Emissary's own diagnostics server (localhost:8877). */
export function routesToDiagnostics(m: MappingNode): boolean {
  const s = m.service;
  if (!s || s.scheme === 'https' || s.port !== EMISSARY_DIAG_PORT) return false;
  const host = s.host.toLowerCase();
  return host === 'localhost' || host === '127.0.0.1';
}

/** Whether a Mapping's hostname lets a request with the probe's Host header match. */
export function acceptsProbeAuthority(m: MappingNode): boolean {
  if (m.hostView.regex) {
    try {
      const re = new RegExp(`^(?:${String(m.spec.host)})$`);
      return PROBE_AUTHORITIES.every((a) => re.test(a));
    } catch {
      return false;
    }
  }
  // A v3alpha1 Mapping without a hostname puts no constraint on the Host header (a Host can still
  // take it through its mappingSelector; probe-host checks that).
  return m.hostView.glob === undefined || m.hostView.glob === '*';
}

/** Why this Mapping (whose prefix equals the probe path) does not answer the probe; [] when it does. */
export function probeMappingProblems(m: MappingNode, requestPath: string): string[] {
  const out: string[] = [];
  if (!routesToDiagnostics(m)) out.push(`its service is "${m.service?.raw ?? m.spec.service ?? ''}", not Emissary's diagnostics server localhost:${EMISSARY_DIAG_PORT}`);
  const up = upstreamPath(m, requestPath);
  if (up !== undefined && up !== READY_PATH && up !== ALIVE_PATH) out.push(`it sends the request on as "${up}", not "${READY_PATH}" (set rewrite: ${READY_PATH})`);
  if (!acceptsProbeAuthority(m)) out.push(`its hostname "${m.hostView.glob ?? m.spec.host}" does not match the probe's Host header, which names no real host (use hostname: "*")`);
  return out;
}

interface ProbeIndex {
  /** Non-regex Mappings by prefix. */
  byPrefix: Map<string, MappingNode[]>;
  /** Mappings that route to the diagnostics server. */
  toDiagnostics: MappingNode[];
}

const indexes = new WeakMap<Graph, ProbeIndex>();

function indexOf(graph: Graph): ProbeIndex {
  let idx = indexes.get(graph);
  if (idx) return idx;
  idx = { byPrefix: new Map(), toDiagnostics: [] };
  for (const m of graph.mappings) {
    const prefix = m.spec.prefix;
    if (typeof prefix === 'string' && m.spec.prefix_regex !== true) addTo(idx.byPrefix, prefix, m);
    if (routesToDiagnostics(m)) idx.toDiagnostics.push(m);
  }
  indexes.set(graph, idx);
  return idx;
}

/** Whether Emissary's built-in health Mapping for this path is on (the Module can turn it off). */
export function builtinServes(graph: Graph, requestPath: string): boolean {
  const enabled = (key: string) => asMap(graph.moduleConfig(key)).enabled !== false;
  if (requestPath === READY_PATH) return enabled('readiness_probe') || enabled('diagnostics');
  if (requestPath === ALIVE_PATH) return enabled('liveness_probe') || enabled('diagnostics');
  return false;
}

export interface ProbeRoute {
  /** The Mapping that answers the probe, 'builtin' for Emissary's own, undefined for none. */
  served: MappingNode | 'builtin' | undefined;
  /** Mappings whose prefix is the probe path. */
  samePrefix: MappingNode[];
  /** The Mapping closest to a probe Mapping, for pointing at it when none serves. */
  nearest?: MappingNode;
}

/** What answers a probe request for `requestPath`. */
export function probeRoute(graph: Graph, requestPath: string): ProbeRoute {
  const idx = indexOf(graph);
  const samePrefix = idx.byPrefix.get(requestPath) ?? [];
  const mapping = samePrefix.find((m) => probeMappingProblems(m, requestPath).length === 0);
  if (mapping) return { served: mapping, samePrefix };
  if (builtinServes(graph, requestPath)) return { served: 'builtin', samePrefix };
  const nearest = samePrefix[0] ?? idx.toDiagnostics.find((m) => upstreamPath(m, String(m.spec.prefix ?? '')) === READY_PATH) ?? idx.toDiagnostics[0];
  return { served: undefined, samePrefix, nearest };
}

/** Hosts whose hostname is `*` (the only ones the probe's Host header can reach). */
export function wildcardHosts(graph: Graph): HostNode[] {
  return graph.hosts.filter((h) => h.view.hostname === '*');
}

/** Wildcard Hosts that take the probe Mapping (all of them for the built-in Mappings, or when no Mapping serves). */
export function probeHosts(graph: Graph, route: ProbeRoute): HostNode[] {
  const wild = wildcardHosts(graph);
  if (route.served === undefined || route.served === 'builtin') return wild;
  const served = route.served;
  return wild.filter((h) => graph.hostAssociation.takes(h, served));
}

/** Whether a Listener takes a Host: its namespace (SELF or ALL) and its hostBinding selector. */
export function listenerBindsHost(listener: ListenerNode, hostNamespace: string, hostLabels: Record<string, unknown>, graph: Graph): boolean {
  const ns = listener.view.hostNamespaces;
  if (ns !== 'ALL' && !ns.includes(hostNamespace)) return false;
  const selector = asMap(listener.resource.obj?.spec?.hostBinding).selector;
  return selector === undefined || selector === null ? true : hostSelectorMatches(selector, hostLabels, graph.hostRules.strict);
}

/** The Listener's securityModel, as written. */
export function securityModelOf(listener: ListenerNode): string | undefined {
  const s = listener.resource.obj?.spec?.securityModel;
  return typeof s === 'string' ? s : undefined;
}

/** The field that says what a Listener speaks. */
export function listenerProtocolPath(listener: ListenerNode): Path {
  const spec = asMap(listener.resource.obj?.spec);
  return ['spec', typeof spec.protocol === 'string' || asArray(spec.protocolStack).length === 0 ? 'protocol' : 'protocolStack'];
}

/** Annotation that moves the proxy's admin port away from 4191. */
export const PROXY_ADMIN_PORT_ANNOTATION = 'config.linkerd.io/admin-port';
/** Paths where the proxy's admin server answers 200 while the proxy is ready or alive. */
export const PROXY_PROBE_PATHS: readonly string[] = ['/ready', '/live'];

/** The proxy's admin port for this pod: `config.linkerd.io/admin-port`, else 4191. */
export function proxyAdminPort(pod: PodTemplateNode): number {
  const v = pod.effective(PROXY_ADMIN_PORT_ANNOTATION)?.value;
  const text = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '';
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  return n > 0 && n <= 65535 ? n : PROXY_ADMIN_PORT;
}

/** The Links, in any of the trees, generated from this gateway (`clusters`: every named cluster's graph). */
export function linksOfGateway(gw: ServiceNode, graph: Graph, clusters: ReadonlyMap<string, Graph>): LinkNode[] {
  const out: LinkNode[] = [];
  const trees = clusters.size > 0 ? [...clusters.values()] : [graph];
  for (const tree of trees) {
    for (const link of tree.links) if (linkTarget(tree, link, clusters)?.gateway === gw) out.push(link);
  }
  return out;
}

export interface ProbedPath {
  /** The path the probe requests. */
  path: string;
  /** Where it comes from: the Link's probeSpec.path (Linkerd 2.9 and later, when the Link is known) or the annotation. */
  from: 'link' | 'annotation';
  link?: LinkNode;
}

/**
 * The path the source cluster's probe requests. From Linkerd 2.9 the service mirror takes it
 * from the Link's `probeSpec.path`, so when a Link generated from this gateway is known, its path
 * is the one requested (undefined when that path lacks the leading `/`: the URL never parses and
 * nothing is requested); otherwise the annotation's path, as `probePathOf` corrects it.
 */
export function probedPath(gw: ServiceNode, graph: Graph, clusters: ReadonlyMap<string, Graph>): ProbedPath | undefined {
  if (atLeast(graph.settings.linkerd.version, '2.9')) {
    for (const link of linksOfGateway(gw, graph, clusters)) {
      const p = asMap(link.spec.probeSpec).path;
      if (typeof p === 'string') return p.startsWith('/') ? { path: mergesSlashes(graph) ? p.replace(/\/{2,}/g, '/') : p, from: 'link', link } : undefined;
    }
  }
  const probe = probePathOf(gw, graph);
  return probe?.usable ? { path: probe.requestPath, from: 'annotation' } : undefined;
}

/**
 * Whether the gateway uses Linkerd's own probe design: `mc-probe` reaches the proxy's admin port
 * (4191, `linkerd-admin`) on every gateway pod, and the probe requests `/ready` or `/live`. The
 * probe then tests the proxy, never Envoy: no Mapping, Host or Listener of Emissary is involved.
 */
export function probesProxyAdmin(gw: ServiceNode, graph: Graph, clusters: ReadonlyMap<string, Graph>): boolean {
  const port = mcProbePort(gw);
  if (!port) return false;
  const res = resolveTargetPort(port, gatewayPods(gw));
  if (res.pods.length === 0 || res.pods.some((o) => !o.pod.meshed || o.port !== proxyAdminPort(o.pod))) return false;
  const probed = probedPath(gw, graph, clusters);
  return probed !== undefined && PROXY_PROBE_PATHS.includes(probed.path);
}
