// Linkerd facts shared by rules: identities, probe paths, annotation keys.

import type { Settings } from './settings.js';
import { atLeast } from './version.js';

export const INJECT = 'linkerd.io/inject';
export const ENABLE_GATEWAY = 'config.linkerd.io/enable-gateway';
export const SKIP_INBOUND = 'config.linkerd.io/skip-inbound-ports';
export const REQUIRE_IDENTITY = 'config.linkerd.io/proxy-require-identity-inbound-ports';
export const GATEWAY_IDENTITY = 'mirror.linkerd.io/gateway-identity';
export const PROBE_PATH = 'mirror.linkerd.io/probe-path';
export const PROBE_PERIOD = 'mirror.linkerd.io/probe-period';
export const MULTICLUSTER_GATEWAY = 'mirror.linkerd.io/multicluster-gateway';
export const GATEWAY_NAME = 'mirror.linkerd.io/gateway-name';
export const GATEWAY_NS = 'mirror.linkerd.io/gateway-ns';
export const EXPORTED = 'mirror.linkerd.io/exported';
/** The label that makes a Service a member of a federated Service (Linkerd 2.17 and later). */
export const FEDERATED = 'mirror.linkerd.io/federated';
export const MC_GATEWAY_PORT = 'mc-gateway';
export const MC_PROBE_PORT = 'mc-probe';
/** The proxy's inbound port, where a gateway proxy takes cross-cluster traffic. */
export const PROXY_INBOUND_PORT = 4143;

/** The identity a meshed pod presents: `<sa>.<ns>.serviceaccount.identity.<linkerd ns>.<trust domain>`. */
export function workloadIdentity(serviceAccount: string, namespace: string, settings: Settings): string {
  return `${serviceAccount || 'default'}.${namespace}.serviceaccount.identity.${settings.linkerd.namespace}.${settings.linkerd.trustDomain}`;
}

/** The path the probe requests: Linkerd 2.8 puts a `/` in front of the annotation; later versions do not. */
export function effectiveProbePath(annotation: string, settings: Settings): string {
  return atLeast(settings.linkerd.version, '2.9') ? annotation : `/${annotation}`;
}

/** Whether this Linkerd exports Services with annotations (2.8) rather than a Link selector (2.9+). */
export function usesExportAnnotations(settings: Settings): boolean {
  return !atLeast(settings.linkerd.version, '2.9');
}

/**
 * Whether a Service carries a gateway mark of its own: a gateway annotation, or a port named
 * mc-gateway or mc-probe. Linkerd's own gateway has them too, so this says nothing of Emissary.
 */
export function hasGatewayMarks(s: { annotations: Readonly<Record<string, unknown>>; ports: ReadonlyArray<{ name?: string }> }): boolean {
  return MULTICLUSTER_GATEWAY in s.annotations || GATEWAY_IDENTITY in s.annotations || s.ports.some((p) => p.name === MC_GATEWAY_PORT || p.name === MC_PROBE_PORT);
}

/**
 * The port of the probe Service the source cluster's service mirror dials (the multicluster
 * chart's `probe.port`): config `linkerd.multicluster.probePort`, else the chart's default, 4191
 * from Linkerd 2.11 (4181 before).
 */
export function sourceProbePort(settings: Settings): { port: number; configured: boolean } {
  const p = settings.linkerd.multicluster.probePort;
  if (p !== undefined) return { port: p, configured: true };
  return { port: atLeast(settings.linkerd.version, '2.11') ? 4191 : 4181, configured: false };
}
