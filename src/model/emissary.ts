// Emissary-ingress semantics: how a Mapping's `service` names a Service, how Host and Mapping
// associate, what a Listener accepts.

import { atLeast, type Version } from './version.js';
import type { Resource } from '../load/types.js';
import { asArray, asMap, isObject, valueAt, type StringMap } from '../util/object.js';

/** The Modules Emissary reads: `ambassador`, and the legacy `tls` and `authentication` Modules. */
export const READ_MODULE_NAMES = new Set(['ambassador', 'tls', 'authentication']);

/**
 * The version of a getambassador.io resource written as v1 or v2 and served by the API server
 * (configuration in annotations is converted by Emissary itself), else undefined.
 */
export function legacyApiVersion(r: { group: string; apiVersion: string; embedded?: unknown }): 'v1' | 'v2' | undefined {
  if (r.group !== 'getambassador.io' || r.embedded !== undefined) return undefined;
  const v = r.apiVersion.slice(r.apiVersion.lastIndexOf('/') + 1);
  return v === 'v1' || v === 'v2' ? v : undefined;
}

/** How a resolver finds a Mapping's upstream: the Service address, the pods' addresses, or Consul. */
export type ResolverKind = 'service' | 'endpoint' | 'consul' | 'unknown';

const RESOLVER_KINDS: Record<string, ResolverKind> = {
  KubernetesServiceResolver: 'service',
  KubernetesEndpointResolver: 'endpoint',
  ConsulResolver: 'consul',
};

/** The resolvers Emissary makes itself when no resource of that name exists. */
const BUILTIN_RESOLVERS: Record<string, ResolverKind> = {
  'kubernetes-service': 'service',
  endpoint: 'endpoint',
  'kubernetes-endpoint': 'endpoint',
  consul: 'consul',
  'consul-endpoint': 'consul',
};

/** The header Emissary adds for Linkerd when add_linkerd_headers is on. */
export const L5D_DST_OVERRIDE = 'l5d-dst-override';

/**
 * Whether a Mapping removes a request header: its own remove_request_headers, or else the
 * ambassador Module's (a Mapping's list replaces the Module's default, it does not add to it).
 */
export function removesRequestHeader(spec: Record<string, any>, moduleDefault: unknown, header: string): boolean {
  const list = spec.remove_request_headers !== undefined ? spec.remove_request_headers : moduleDefault;
  const names = typeof list === 'string' ? [list] : asArray(list);
  return names.some((n) => typeof n === 'string' && n.toLowerCase() === header);
}

/** Whether a Service reference is the fully qualified in-cluster form `name.ns.svc.<clusterDomain>`. */
export function isFullyQualified(ref: ServiceRef, clusterDomain: string): boolean {
  const labels = ref.host.toLowerCase().replace(/\.$/, '').split('.');
  return labels.length >= 4 && labels.slice(2).join('.') === `svc.${clusterDomain.toLowerCase()}`;
}

/** The resolver in effect for a Mapping. */
export interface ResolverInEffect {
  name: string;
  kind: ResolverKind;
  /** Where it is chosen: the Mapping's spec.resolver, the ambassador Module's config.resolver, or Emissary's default. */
  from: 'mapping' | 'module' | 'default';
  /** The resolver resource of that name, when it is among the inputs. */
  resource?: Resource;
}

/** Resolver kinds of the resolver resources among the inputs, by name (resolvers are named globally). */
export function resolverIndex(resources: Iterable<Resource>): Map<string, Resource> {
  const out = new Map<string, Resource>();
  for (const r of resources) if (r.group === 'getambassador.io' && RESOLVER_KINDS[r.kind] && !out.has(r.name)) out.set(r.name, r);
  return out;
}

/** Which resolver a Mapping uses: its own `resolver`, else the Module's, else `kubernetes-service`. */
export function resolverInEffect(spec: Record<string, any>, moduleResolver: unknown, index: Map<string, Resource>): ResolverInEffect {
  const own = typeof spec.resolver === 'string' && spec.resolver !== '' ? spec.resolver : undefined;
  const mod = typeof moduleResolver === 'string' && moduleResolver !== '' ? moduleResolver : undefined;
  const name = own ?? mod ?? 'kubernetes-service';
  const from = own ? 'mapping' : mod ? 'module' : 'default';
  const resource = index.get(name);
  const kind = resource ? RESOLVER_KINDS[resource.kind] : BUILTIN_RESOLVERS[name] ?? 'unknown';
  return { name, kind, from, resource };
}

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

const EMISSARY_IMAGE = /emissary|ambassador|datawire\/aes/i;
/** Programs of Emissary's images that never proxy traffic: the CRD conversion webhook and the cloud agent. */
const NOT_DATA_PLANE = /^(?:.*\/)?(?:apiext|emissary-apiext|agent|ambassador-agent)$/;

/**
 * Whether a container runs Emissary's data plane: an Emissary or Ambassador image, and not the
 * CRD conversion webhook (`apiext`) nor the Ambassador Cloud agent (`ambassador-agent` image,
 * command `agent`).
 */
export function isEmissaryContainer(c: Record<string, any>): boolean {
  if (typeof c.image !== 'string' || !EMISSARY_IMAGE.test(c.image)) return false;
  if (/ambassador-agent|apiext/i.test(c.image)) return false;
  const program = asArray(c.command)[0];
  return !(typeof program === 'string' && NOT_DATA_PLANE.test(program));
}

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
    if (p.startsWith(':')) port = /^\d+$/.test(p.slice(1)) ? Number(p.slice(1)) : NaN;
  } else {
    const colon = rest.lastIndexOf(':');
    if (colon >= 0) {
      host = rest.slice(0, colon);
      port = /^\d+$/.test(rest.slice(colon + 1)) ? Number(rest.slice(colon + 1)) : NaN;
    }
  }
  if (port !== undefined && !Number.isInteger(port)) return undefined;
  if (host === '') return undefined;
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

/**
 * Emissary's hostglob_matches: could some hostname match both globs? A `*` stands for at least one
 * character and only counts at the start or the end; a glob with `*` at both ends matches only
 * itself, and one starting with `.` matches nothing but itself.
 */
export function hostglobMatches(g1: string, g2: string): boolean {
  const a = g1.toLowerCase();
  const b = g2.toLowerCase();
  if (a === b || a === '*' || b === '*') return true;
  if (a === '' || b === '' || a.startsWith('.') || b.startsWith('.')) return false;
  const aStart = a.startsWith('*');
  const aEnd = a.endsWith('*');
  const bStart = b.startsWith('*');
  const bEnd = b.endsWith('*');
  if ((aStart && aEnd) || (bStart && bEnd)) return false;
  if (!aStart && !aEnd && !bStart && !bEnd) return false;
  if ((aStart && bEnd) || (bStart && aEnd)) return true; // `*.example.com` and `foo.*` share foo.example.com
  if (aStart) return leadingGlobMatches(a, b, bStart);
  if (bStart) return leadingGlobMatches(b, a, aStart);
  if (aEnd) return trailingGlobMatches(a, b, bEnd);
  return trailingGlobMatches(b, a, aEnd);
}

/** `glob` starts with `*`; `other` does not end with one (it may start with one). */
function leadingGlobMatches(glob: string, other: string, otherWild: boolean): boolean {
  const suffix = glob.slice(1);
  const rest = otherWild ? other.slice(1) : other;
  // The `*` matches at least one character, so a plain name must be longer than the suffix.
  if (glob.length > rest.length) return otherWild && suffix.endsWith(rest);
  return rest.endsWith(suffix);
}

/** `glob` ends with `*`; `other` does not start with one (it may end with one). */
function trailingGlobMatches(glob: string, other: string, otherWild: boolean): boolean {
  const prefix = glob.slice(0, -1);
  const rest = otherWild ? other.slice(0, -1) : other;
  if (glob.length > rest.length) return otherWild && prefix.startsWith(rest);
  return rest.startsWith(prefix);
}

/** The environment variable of Emissary's container that turns strict label selectors off (3.2+). */
export const DISABLE_STRICT_SELECTORS_ENV = 'DISABLE_STRICT_LABEL_SELECTORS';

/** Values Emissary reads as true in a boolean environment variable (case does not matter). */
const TRUE_WORDS = new Set(['y', 'yes', 't', 'true', 'on', '1']);

/** Whether an environment value reads as true to Emissary. */
export function envTrue(value: unknown): boolean {
  return typeof value === 'string' && TRUE_WORDS.has(value.trim().toLowerCase());
}

/** How one Emissary install associates Hosts and Mappings: decided once per graph. */
export interface HostRules {
  /**
   * Strict label selectors: a Host with a mappingSelector takes a Mapping with a hostname only when
   * the hostname and every selector label match. From Emissary 3.2, unless its container sets
   * DISABLE_STRICT_LABEL_SELECTORS; earlier (all of 2.x, 3.0-3.1, 1.x) the hostname or any one
   * selector label is enough.
   */
  strict: boolean;
  /** Hosts' `mappingSelector` is read (2.0.5 and later); earlier only the older `selector` is. */
  readsMappingSelector: boolean;
  /** The version would be strict, but Emissary's environment turns strict selectors off. */
  strictDisabledByEnv: boolean;
}

export function hostRules(emissary: Version, disableStrictEnv: boolean): HostRules {
  const byVersion = atLeast(emissary, '3.2');
  return {
    strict: byVersion && !disableStrictEnv,
    readsMappingSelector: atLeast(emissary, '2.0.5'),
    strictDisabledByEnv: byVersion && disableStrictEnv,
  };
}

/** The matchLabels entries of a selector, values as strings. Emissary reads only matchLabels. */
export function matchLabelsOf(selector: unknown): Array<[string, string]> {
  const ml = asMap(asMap(selector).matchLabels);
  return Object.keys(ml).map((k) => [k, String(ml[k])]);
}

/** A label selector (a Host's mappingSelector, a Listener's hostBinding.selector) against labels. */
export function hostSelectorMatches(selector: unknown, labels: StringMap, strict: boolean): boolean {
  return entriesMatch(matchLabelsOf(selector), labels, strict);
}

function entriesMatch(entries: Array<[string, string]>, labels: StringMap, strict: boolean): boolean {
  if (entries.length === 0) return true;
  const hit = ([k, v]: [string, string]) => k in labels && String(labels[k]) === v;
  return strict ? entries.every(hit) : entries.some(hit);
}

/** A selector Emissary takes as set: a map with at least one key (an empty one counts as absent). */
function setSelector(v: unknown): Record<string, any> | undefined {
  return isObject(v) && Object.keys(v).length > 0 ? v : undefined;
}

/** Where a Host says what to do with plain HTTP. */
export const HOST_INSECURE_ACTION_PATH = ['spec', 'requestPolicy', 'insecure', 'action'];

export interface HostView {
  hostname: string;
  /**
   * mappingSelector, or the deprecated selector (only selector before Emissary 2.0.5); undefined
   * when none is a non-empty map.
   */
  selector: unknown;
  /** The selector's matchLabels entries ([] when it has none: it then matches every Mapping). */
  matchLabels: Array<[string, string]>;
  /** requestPolicy.insecure.action, Redirect when not a string. */
  insecureAction: string;
}

/** Whether a Host writes an insecure action at all (else Redirect is Emissary's default). */
export function insecureActionWritten(host: { obj: unknown }): boolean {
  return valueAt(host.obj, HOST_INSECURE_ACTION_PATH) !== undefined;
}

export function hostView(spec: unknown, readsMappingSelector = true): HostView {
  const s = asMap(spec);
  const hostname = typeof s.hostname === 'string' && s.hostname !== '' ? s.hostname : '*';
  const selector = (readsMappingSelector ? setSelector(s.mappingSelector) : undefined) ?? setSelector(s.selector);
  const action = asMap(asMap(s.requestPolicy).insecure).action;
  return { hostname, selector, matchLabels: selector === undefined ? [] : matchLabelsOf(selector), insecureAction: typeof action === 'string' ? action : 'Redirect' };
}

export interface MappingHostView {
  /** Hostname glob, undefined when none is set (or the Mapping is rejected). */
  glob?: string;
  /** host_regex: matches every Host. */
  regex: boolean;
  /**
   * A v3alpha1 `host` (without `hostname`) is an exact name: one with `*` in it makes Emissary
   * reject the Mapping, which then associates with no Host.
   */
  rejected: boolean;
  labels: StringMap;
}

export function mappingHostView(apiVersion: string, spec: unknown, labels: unknown): MappingHostView {
  const s = asMap(spec);
  const hostname = typeof s.hostname === 'string' && s.hostname !== '' ? s.hostname : undefined;
  const host = typeof s.host === 'string' && s.host !== '' ? s.host : undefined;
  // `hostname` wins over `host` and `host_regex`.
  const regex = hostname === undefined && host !== undefined && s.host_regex === true;
  const v3 = apiVersion.endsWith('/v3alpha1');
  let glob: string | undefined;
  let rejected = false;
  if (hostname !== undefined) glob = hostname;
  else if (regex) glob = undefined;
  else if (host !== undefined) {
    // getambassador.io/v2 `host` converts to a v3alpha1 `hostname` (a glob); a v3alpha1 `host` is exact.
    glob = host;
    rejected = v3 && host.includes('*');
  } else if (!v3) glob = '*'; // converting an older Mapping without a host gives hostname "*"
  else {
    // An exact `:authority` header match stands in for the host.
    const authority = asMap(s.headers)[':authority'];
    if (typeof authority === 'string' && authority !== '' && !authority.includes('*')) glob = authority;
  }
  return { glob: rejected ? undefined : glob, regex, rejected, labels: asMap(labels) };
}

/** Whether a Mapping names a host at all (a hostname glob or a host_regex). */
export function hasHostname(mapping: MappingHostView): boolean {
  return mapping.regex || mapping.glob !== undefined;
}

/** Whether a Host's hostname fits a Mapping's (a host_regex fits every Host; no hostname fits none). */
export function hostnameFits(host: HostView, mapping: MappingHostView): boolean {
  if (mapping.regex) return true;
  return mapping.glob !== undefined && hostglobMatches(host.hostname, mapping.glob);
}

/** Emissary's Host↔Mapping association for one pair, under the install's rules. */
export function hostAssociates(host: HostView, mapping: MappingHostView, strict: boolean): boolean {
  if (mapping.rejected) return false;
  const named = hasHostname(mapping);
  const hostMatch = named && hostnameFits(host, mapping);
  if (host.selector === undefined) return hostMatch;
  if (strict && named && !hostMatch) return false;
  if (!strict && hostMatch) return true;
  // Emissary's selector test: no matchLabels matches everything, no labels match nothing else.
  return entriesMatch(host.matchLabels, mapping.labels, strict);
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
