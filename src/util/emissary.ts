// Emissary-ingress semantics: how a Mapping's `service` names a Service, how Host and Mapping
// associate, what a Listener accepts.

import { atLeast, type Version } from './version.js';
import { asArray, asMap, type StringMap } from './k8s.js';

export interface ServiceRef {
  raw: string;
  scheme: 'http' | 'https' | undefined;
  /** Host part as written (without scheme and port). */
  host: string;
  port: number;
  /** Whether the port was written. */
  explicitPort: boolean;
  /** Service name for in-cluster references. */
  name: string;
  /** Namespace part when written (`name.ns...`), else undefined. */
  namespace?: string;
  /** localhost, an IP address, or a name with more labels than a Service name. */
  local: boolean;
}

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** Parse `[scheme://]name[.namespace][:port]` as Emissary does. */
export function parseServiceRef(raw: string): ServiceRef | undefined {
  let rest = raw.trim();
  if (!rest) return undefined;
  let scheme: ServiceRef['scheme'];
  const sm = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(rest);
  if (sm) {
    const s = sm[1].toLowerCase();
    if (s !== 'http' && s !== 'https') return undefined;
    scheme = s;
    rest = rest.slice(sm[0].length);
  }
  rest = rest.replace(/\/.*$/, '');
  let port: number | undefined;
  let host = rest;
  if (rest.startsWith('[')) {
    const end = rest.indexOf(']');
    host = rest.slice(0, end + 1);
    const p = rest.slice(end + 1);
    if (p.startsWith(':')) port = Number(p.slice(1));
  } else {
    const colon = rest.lastIndexOf(':');
    if (colon >= 0) {
      host = rest.slice(0, colon);
      port = Number(rest.slice(colon + 1));
    }
  }
  if (port !== undefined && !Number.isInteger(port)) return undefined;
  const explicitPort = port !== undefined;
  port ??= scheme === 'https' ? 443 : 80;
  const lower = host.toLowerCase();
  const local = lower === 'localhost' || lower === '127.0.0.1' || IPV4.test(lower) || lower.startsWith('[');
  const labels = lower.split('.');
  const namespace = !local && labels.length >= 2 ? labels[1] : undefined;
  return { raw, scheme, host, port, explicitPort, name: labels[0], namespace, local };
}

/**
 * Whether a dotted name is an in-cluster form (`name.ns`, `name.ns.svc`, `name.ns.svc.<domain>`).
 * Longer names (`api.example.com`) are external.
 */
export function isClusterForm(ref: ServiceRef, clusterDomain = 'cluster.local'): boolean {
  if (ref.local) return false;
  const labels = ref.host.toLowerCase().split('.');
  if (labels.length <= 2) return true;
  const tail = labels.slice(2).join('.');
  return tail === 'svc' || tail === `svc.${clusterDomain.toLowerCase()}`;
}

/** Emissary's hostglob_matches: could some hostname match both globs? (`*` only first or last.) */
export function hostglobMatches(g1: string, g2: string): boolean {
  const a = g1.toLowerCase();
  const b = g2.toLowerCase();
  if (a === b || a === '*' || b === '*') return true;
  if (a.startsWith('.') || b.startsWith('.')) return false;
  const wa = a.includes('*');
  const wb = b.includes('*');
  if (!wa && !wb) return false;
  if (wa && !wb) return globRegExp(a).test(b);
  if (wb && !wa) return globRegExp(b).test(a);
  const aLead = a.startsWith('*');
  const bLead = b.startsWith('*');
  if (aLead && bLead) {
    const sa = a.slice(1);
    const sb = b.slice(1);
    return sa.endsWith(sb) || sb.endsWith(sa);
  }
  if (!aLead && !bLead) {
    const pa = a.slice(0, -1);
    const pb = b.slice(0, -1);
    return pa.startsWith(pb) || pb.startsWith(pa);
  }
  return true; // `*.example.com` and `foo.*` are both matched by foo.example.com
}

function globRegExp(glob: string): RegExp {
  return new RegExp('^' + glob.split('*').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
}

/**
 * A Host's mappingSelector against a Mapping's labels. Emissary reads only matchLabels.
 * From 3.2 all labels must match; before, any single matching label was enough.
 */
export function hostSelectorMatches(selector: unknown, labels: StringMap, emissary: Version): boolean {
  const ml = asMap(asMap(selector).matchLabels);
  const keys = Object.keys(ml);
  if (keys.length === 0) return true;
  const hit = (k: string) => k in labels && String(labels[k]) === String(ml[k]);
  return atLeast(emissary, '3.2') ? keys.every(hit) : keys.some(hit);
}

export interface HostView {
  hostname: string;
  /** mappingSelector, or the deprecated selector. */
  selector: unknown;
  insecureAction: string;
}

export function hostView(spec: unknown): HostView {
  const s = asMap(spec);
  const hostname = typeof s.hostname === 'string' && s.hostname !== '' ? s.hostname : '*';
  const selector = s.mappingSelector ?? s.selector;
  const action = asMap(asMap(s.requestPolicy).insecure).action;
  return { hostname, selector: selector ?? undefined, insecureAction: typeof action === 'string' ? action : 'Redirect' };
}

export interface MappingHostView {
  /** Hostname glob, undefined when none is set. */
  glob?: string;
  /** host_regex: matches every Host. */
  regex: boolean;
  labels: StringMap;
}

export function mappingHostView(apiVersion: string, spec: unknown, labels: unknown): MappingHostView {
  const s = asMap(spec);
  const regex = s.host_regex === true && typeof s.host === 'string';
  let glob: string | undefined;
  if (typeof s.hostname === 'string' && s.hostname !== '') glob = s.hostname;
  else if (typeof s.host === 'string' && s.host !== '') glob = s.host;
  else if (!apiVersion.endsWith('/v3alpha1')) glob = '*'; // older Mappings without a host match any Host
  return { glob, regex, labels: asMap(labels) };
}

/** Emissary's Host↔Mapping association for the given version. */
export function hostAssociates(host: HostView, mapping: MappingHostView, emissary: Version): boolean {
  const hostMatch = mapping.regex ? true : mapping.glob !== undefined ? hostglobMatches(host.hostname, mapping.glob) : undefined;
  const selMatch = host.selector !== undefined && host.selector !== null ? hostSelectorMatches(host.selector, mapping.labels, emissary) : undefined;
  if (atLeast(emissary, '3.2')) {
    if (hostMatch !== undefined && selMatch !== undefined) return hostMatch && selMatch;
    return hostMatch ?? selMatch ?? false;
  }
  return Boolean(hostMatch) || Boolean(selMatch);
}

export interface ListenerView {
  port: number | undefined;
  /** Plain HTTP is accepted (HTTP/HTTPPROXY, or an HTTP stack without TLS). */
  plainHttp: boolean;
  /** Namespaces whose Hosts bind: 'ALL' or a list. */
  hostNamespaces: 'ALL' | string[];
}

export function listenerView(spec: unknown, ownNamespace: string): ListenerView {
  const s = asMap(spec);
  const port = typeof s.port === 'number' ? s.port : undefined;
  let plainHttp = false;
  if (typeof s.protocol === 'string') plainHttp = s.protocol === 'HTTP' || s.protocol === 'HTTPPROXY';
  else {
    const stack = asArray(s.protocolStack).map(String);
    plainHttp = stack.includes('HTTP') && !stack.includes('TLS');
  }
  const from = asMap(asMap(s.hostBinding).namespace).from;
  const hostNamespaces: 'ALL' | string[] = from === 'ALL' ? 'ALL' : [ownNamespace];
  return { port, plainHttp, hostNamespaces };
}
