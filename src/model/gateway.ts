// The Linkerd multicluster gateway as Emissary plays it: its ports, how Service ports reach
// container ports, where Emissary listens, and the gateway annotations' value syntax.

import type { Graph, ListenerNode, PodTemplateNode, ServiceNode, ServicePortNode } from './graph.js';
import type { Settings } from './settings.js';
import { parseGoDuration } from '../util/duration.js';
import { MC_GATEWAY_PORT, MC_PROBE_PORT, PROXY_INBOUND_PORT } from './linkerd.js';
import { editDistance } from './linkerd-keys.js';
import { atLeast } from './version.js';

/** Annotation that moves the proxy's inbound port away from 4143. */
export const PROXY_INBOUND_PORT_ANNOTATION = 'config.linkerd.io/inbound-port';
/** The proxy's admin port (serves /ready, /live and metrics). */
export const PROXY_ADMIN_PORT = 4191;
/** Emissary's default plain-HTTP and HTTPS ports (its containers listen there, not on 80/443). */
export const EMISSARY_HTTP_PORT = 8080;
export const EMISSARY_HTTPS_PORT = 8443;
/** Emissary's diagnostics/readiness port (diagd). */
export const EMISSARY_DIAG_PORT = 8877;

/** Container port names of an injected proxy, which exist at run time even when the manifest lacks the container. */
const PROXY_PORT_NAMES: Record<string, (pod: PodTemplateNode) => number> = {
  'linkerd-proxy': (pod) => proxyInboundPort(pod),
  'linkerd-admin': () => PROXY_ADMIN_PORT,
};

/** The gateway Service's pods that run Emissary. */
export function gatewayPods(gateway: ServiceNode): PodTemplateNode[] {
  return gateway.pods.filter((p) => p.isEmissary);
}

/** The Service port with exactly this name. */
export function servicePortNamed(service: ServiceNode, name: string): ServicePortNode | undefined {
  return service.ports.find((p) => p.name === name);
}

export function mcGatewayPort(service: ServiceNode): ServicePortNode | undefined {
  return servicePortNamed(service, MC_GATEWAY_PORT);
}

export function mcProbePort(service: ServiceNode): ServicePortNode | undefined {
  return servicePortNamed(service, MC_PROBE_PORT);
}

/** The proxy's inbound port for this pod: `config.linkerd.io/inbound-port`, else 4143. */
export function proxyInboundPort(pod: PodTemplateNode): number {
  const v = pod.effective(PROXY_INBOUND_PORT_ANNOTATION)?.value;
  const text = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '';
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    if (n > 0 && n <= 65535) return n;
  }
  return PROXY_INBOUND_PORT;
}

const NEAR_MISS_ALIASES: Record<string, string[]> = {
  [MC_GATEWAY_PORT]: ['gateway', 'gw', 'mcgw', 'multicluster', 'multiclustergateway', 'linkerdgateway'],
  [MC_PROBE_PORT]: ['probe', 'mcprobes', 'health', 'healthcheck', 'multiclusterprobe', 'gatewayprobe'],
};

/**
 * Whether a port name looks like a misspelling of `wanted` (`mc_gateway`, `mcgateway`, `MC-Gateway`,
 * `gateway`, `mc-probes`, `probe`...), but is not `wanted` itself.
 */
export function isNearMissPortName(name: string, wanted: string): boolean {
  if (name === wanted) return false;
  const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
  const n = norm(name);
  const w = norm(wanted);
  if (n === w) return true;
  if ((NEAR_MISS_ALIASES[wanted] ?? []).includes(n)) return true;
  if (n.startsWith(w) && n.length - w.length <= 1) return true;
  return editDistance(name.toLowerCase(), wanted) <= 2;
}

/** The first port of the Service whose name is a near miss of `wanted`. */
export function nearMissPort(service: ServiceNode, wanted: string): ServicePortNode | undefined {
  return service.ports.find((p) => p.name !== undefined && isNearMissPortName(p.name, wanted));
}

/** How a Service port's targetPort lands on one pod template. */
export interface TargetPortOnPod {
  pod: PodTemplateNode;
  /** The container port number, or undefined when a named targetPort matches no container port. */
  port?: number;
}

export interface TargetPortResolution {
  /** The targetPort as written (undefined when unset: the Service port is used). */
  written?: number | string;
  /** Per pod template. */
  pods: TargetPortOnPod[];
  /** Distinct resolved numbers. */
  ports: number[];
  /** Pod templates where a named targetPort matches no container port. */
  unresolved: PodTemplateNode[];
}

/**
 * Resolve a Service port's targetPort against pod templates: unset means the Service port, a number
 * is itself, a name is looked up among each pod's container ports (the names of an injected proxy,
 * `linkerd-proxy` and `linkerd-admin`, resolve on meshed pods whose manifest lacks the container).
 */
export function resolveTargetPort(port: ServicePortNode, pods: PodTemplateNode[]): TargetPortResolution {
  const written = port.targetPort;
  const out: TargetPortOnPod[] = [];
  for (const pod of pods) {
    if (written === undefined) out.push({ pod, port: port.port });
    else if (typeof written === 'number') out.push({ pod, port: written });
    else if (/^\d+$/.test(written)) out.push({ pod, port: Number(written) });
    else {
      const found = pod.containerPorts.find((c) => c.name === written);
      if (found) out.push({ pod, port: found.port });
      else if (pod.meshed && !pod.hasProxy && PROXY_PORT_NAMES[written]) out.push({ pod, port: PROXY_PORT_NAMES[written](pod) });
      else out.push({ pod, port: undefined });
    }
  }
  const ports = [...new Set(out.map((o) => o.port).filter((p): p is number => p !== undefined))];
  return { written, pods: out, ports, unresolved: out.filter((o) => o.port === undefined).map((o) => o.pod) };
}

/** Path of a Service port's targetPort, or of its `port` when targetPort is unset. */
export function targetPortPath(port: ServicePortNode): Array<string | number> {
  return ['spec', 'ports', port.index, port.targetPort === undefined ? 'port' : 'targetPort'];
}

/** Listeners (Emissary 2.0 and later) on this port. */
export function listenersOnPort(graph: Graph, port: number): ListenerNode[] {
  return graph.listeners.filter((l) => l.view.port === port);
}

/** Whether this Emissary version only listens where a Listener says (2.0 and later). */
export function emissaryNeedsListeners(settings: Settings): boolean {
  return atLeast(settings.emissary.version, '2.0');
}

/** Container ports of Emissary's own containers (not an injected proxy's). */
export function emissaryContainerPorts(pod: PodTemplateNode): number[] {
  return [...new Set(pod.containerPorts.filter((c) => !c.container.startsWith('linkerd-')).map((c) => c.port))];
}

export interface ListenPorts {
  /** Ports Emissary accepts connections on. */
  ports: Set<number>;
  /** How the set was built, for messages. */
  basis: string;
}

/**
 * Ports the gateway's Emissary pods listen on. Emissary 2.0 and later listen only on Listener
 * ports (and only where the pod declares the port, when it declares any); Emissary 1.x listens
 * on its declared container ports, or on its defaults (the Module's `service_port`, else 8080;
 * 8443; 8877) when none are declared.
 */
export function emissaryListenPorts(graph: Graph, pods: PodTemplateNode[]): ListenPorts {
  const declared = new Set<number>();
  for (const p of pods) for (const c of p.containerPorts) declared.add(c.port);
  if (emissaryNeedsListeners(graph.settings)) {
    const ports = new Set<number>();
    for (const l of graph.listeners) {
      if (l.view.port !== undefined && (declared.size === 0 || declared.has(l.view.port))) ports.add(l.view.port);
    }
    return { ports, basis: declared.size === 0 ? 'Listener ports' : 'ports that have a Listener and are container ports of the pods' };
  }
  if (declared.size > 0) return { ports: declared, basis: 'container ports of the pods' };
  const servicePort = graph.moduleConfig('service_port');
  return {
    ports: new Set([typeof servicePort === 'number' ? servicePort : EMISSARY_HTTP_PORT, EMISSARY_HTTPS_PORT, EMISSARY_DIAG_PORT]),
    basis: "Emissary's default ports",
  };
}

/**
 * Ports where Emissary serves clients outside the mesh: 8080, 8443, the container ports of its
 * own containers, and (Emissary 2.0 and later) Listener ports. Requiring mesh identity on them
 * refuses ordinary ingress traffic.
 */
export function emissaryPublicPorts(graph: Graph, pod: PodTemplateNode): Set<number> {
  const ports = new Set<number>([EMISSARY_HTTP_PORT, EMISSARY_HTTPS_PORT, ...emissaryContainerPorts(pod)]);
  if (emissaryNeedsListeners(graph.settings)) {
    for (const l of graph.listeners) if (l.view.port !== undefined) ports.add(l.view.port);
  }
  ports.delete(proxyInboundPort(pod));
  return ports;
}

export type ProbePeriodResult = { ok: true; seconds: number } | { ok: false; reason: string };

/**
 * `mirror.linkerd.io/probe-period` as the Linkerd version reads it: Linkerd 2.8 and 2.9 take
 * whole seconds only (an unsigned 32-bit decimal); from 2.10 a base-10 integer is seconds and
 * anything else must be a Go duration such as `3s`. A period must be positive: the probe ticker
 * cannot run with a zero or negative interval.
 */
export function parseProbePeriod(value: unknown, settings: Settings): ProbePeriodResult {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : undefined;
  if (text === undefined) return { ok: false, reason: 'it is not a string' };
  if (!atLeast(settings.linkerd.version, '2.10')) {
    if (!/^\d+$/.test(text)) return { ok: false, reason: `this version reads whole seconds only (a Go duration such as "3s" is accepted from Linkerd 2.10)` };
    const n = Number(text);
    if (n > 4294967295) return { ok: false, reason: 'it is out of range' };
    if (n === 0) return { ok: false, reason: 'it must be at least one second' };
    return { ok: true, seconds: n };
  }
  if (/^[+-]?\d+$/.test(text)) {
    const n = Number(text);
    if (n <= 0) return { ok: false, reason: 'it must be positive' };
    return { ok: true, seconds: n };
  }
  const d = parseGoDuration(text);
  if (!d.ok) return { ok: false, reason: `it is neither whole seconds nor a Go duration: ${d.error}` };
  if (d.nanoseconds <= 0n) return { ok: false, reason: 'it must be positive' };
  return { ok: true, seconds: Number(d.nanoseconds) / 1e9 };
}

/**
 * The multicluster gateways that run on this pod template, in the graph's order: the inverse of
 * `gatewayPods`, so none unless the template runs Emissary.
 */
export function gatewaysOf(graph: Graph, pod: PodTemplateNode): ServiceNode[] {
  if (!pod.isEmissary) return [];
  return graph.servicesSelecting(pod).filter((s) => s.isGateway);
}
