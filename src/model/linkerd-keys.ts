// The catalogue of label and annotation keys Linkerd defines (2.8 through 2.18), and what the
// key rules need from it: the prefixes Linkerd owns, whether a key is known, and the nearest
// known key for a misspelt one.
//
// Sources: linkerd/linkerd2 `pkg/k8s/labels.go` at the stable tags (proxy config overrides,
// workload labels, service-mirror and multicluster keys), `pkg/inject` (the overrides the
// injector applies), the charts (keys Linkerd writes itself) and the proxy configuration
// reference of linkerd.io.

import { addTo } from '../util/multimap.js';

/** Key prefixes (the part before the `/`) that Linkerd owns; keys under them are checked. */
export const LINKERD_PREFIXES = [
  'linkerd.io',
  'config.linkerd.io',
  'config.alpha.linkerd.io',
  'mirror.linkerd.io',
  'multicluster.linkerd.io',
] as const;

/** Prefixes of proxy configuration overrides, which the injector reads from pod templates and Namespaces. */
export const PROXY_CONFIG_PREFIXES = ['config.linkerd.io', 'config.alpha.linkerd.io', 'config.beta.linkerd.io'] as const;

export type KeyUse = 'annotation' | 'label';

export interface KnownKey {
  key: string;
  /** Whether Linkerd reads or writes it as an annotation or as a label. */
  use: KeyUse;
}

const annotations = (...keys: string[]): KnownKey[] => keys.map((key) => ({ key, use: 'annotation' as const }));
const labels = (...keys: string[]): KnownKey[] => keys.map((key) => ({ key, use: 'label' as const }));

/** Every key, with how Linkerd uses it. */
export const KNOWN_KEYS: readonly KnownKey[] = [
  // Injection, and what the injector and the charts write.
  ...annotations(
    'linkerd.io/inject',
    'linkerd.io/created-by',
    'linkerd.io/proxy-version',
    'linkerd.io/identity-mode',
    'linkerd.io/identity-issuer-expiry',
    'linkerd.io/trust-root-sha256',
  ),
  ...labels(
    'linkerd.io/control-plane-ns',
    'linkerd.io/control-plane-component',
    'linkerd.io/is-control-plane',
    'linkerd.io/extension',
    'linkerd.io/workload-ns',
    'linkerd.io/cni-resource',
    'linkerd.io/proxy-deployment',
    'linkerd.io/proxy-replicationcontroller',
    'linkerd.io/proxy-replicaset',
    'linkerd.io/proxy-job',
    'linkerd.io/proxy-daemonset',
    'linkerd.io/proxy-statefulset',
    'linkerd.io/proxy-cronjob',
  ),
  // Proxy configuration overrides (pod template or Namespace annotations).
  ...annotations(
    'config.linkerd.io/access-log',
    'config.linkerd.io/admin-port',
    'config.linkerd.io/close-wait-timeout',
    'config.linkerd.io/control-port',
    'config.linkerd.io/debug-image',
    'config.linkerd.io/debug-image-pull-policy',
    'config.linkerd.io/debug-image-version',
    'config.linkerd.io/default-inbound-policy',
    'config.linkerd.io/disable-identity',
    'config.linkerd.io/disable-tap',
    'config.linkerd.io/enable-debug-sidecar',
    'config.linkerd.io/enable-external-profiles',
    'config.linkerd.io/enable-gateway',
    'config.linkerd.io/image-pull-policy',
    'config.linkerd.io/inbound-port',
    'config.linkerd.io/init-image',
    'config.linkerd.io/init-image-version',
    'config.linkerd.io/opaque-ports',
    'config.linkerd.io/outbound-port',
    'config.linkerd.io/pod-inbound-ports',
    'config.linkerd.io/proxy-await',
    'config.linkerd.io/proxy-cpu-limit',
    'config.linkerd.io/proxy-cpu-ratio-limit',
    'config.linkerd.io/proxy-cpu-request',
    'config.linkerd.io/proxy-disable-inbound-protocol-detect-timeout',
    'config.linkerd.io/proxy-disable-outbound-protocol-detect-timeout',
    'config.linkerd.io/proxy-ephemeral-storage-limit',
    'config.linkerd.io/proxy-ephemeral-storage-request',
    'config.linkerd.io/proxy-gid',
    'config.linkerd.io/proxy-image',
    'config.linkerd.io/proxy-inbound-connect-timeout',
    'config.linkerd.io/proxy-inbound-discovery-cache-unused-timeout',
    'config.linkerd.io/proxy-log-format',
    'config.linkerd.io/proxy-log-level',
    'config.linkerd.io/proxy-memory-limit',
    'config.linkerd.io/proxy-memory-request',
    'config.linkerd.io/proxy-outbound-connect-timeout',
    'config.linkerd.io/proxy-outbound-discovery-cache-unused-timeout',
    'config.linkerd.io/proxy-require-identity-inbound-ports',
    'config.linkerd.io/proxy-uid',
    'config.linkerd.io/proxy-version',
    'config.linkerd.io/shutdown-grace-period',
    'config.linkerd.io/skip-inbound-ports',
    'config.linkerd.io/skip-outbound-ports',
    'config.linkerd.io/skip-subnets',
    'config.linkerd.io/trace-collector',
    'config.alpha.linkerd.io/proxy-enable-native-sidecar',
    'config.alpha.linkerd.io/proxy-wait-before-exit-seconds',
    'config.alpha.linkerd.io/trace-collector-service-account',
    'config.beta.linkerd.io/proxy-enable-native-sidecar',
  ),
  // The admission webhooks' namespace and object selectors read this label.
  ...labels('config.linkerd.io/admission-webhooks'),
  // Multicluster: the gateway Service (target cluster).
  ...annotations(
    'mirror.linkerd.io/gateway-identity',
    'mirror.linkerd.io/probe-path',
    'mirror.linkerd.io/probe-period',
    'mirror.linkerd.io/probe-timeout',
    'mirror.linkerd.io/probe-failure-threshold',
    'mirror.linkerd.io/multicluster-gateway',
  ),
  // Multicluster: exported Services (2.8 annotations, 2.9+ labels).
  ...annotations('mirror.linkerd.io/gateway-name', 'mirror.linkerd.io/gateway-ns'),
  ...labels('mirror.linkerd.io/exported', 'mirror.linkerd.io/federated'),
  // Multicluster: what the service mirror writes on mirrors, gateway mirrors and secrets.
  ...labels(
    'mirror.linkerd.io/mirrored-service',
    'mirror.linkerd.io/mirrored-gateway',
    'mirror.linkerd.io/cluster-name',
    'mirror.linkerd.io/headless-mirror-svc-name',
    'mirror.linkerd.io/remote-gateway-name',
    'mirror.linkerd.io/remote-gateway-ns',
    'multicluster.linkerd.io/remote-discovery',
    'multicluster.linkerd.io/remote-service',
  ),
  ...annotations(
    'mirror.linkerd.io/remote-resource-version',
    'mirror.linkerd.io/remote-svc-fq-name',
    'mirror.linkerd.io/remote-gateway-identity',
    'mirror.linkerd.io/remote-gateway-resource-version',
    'mirror.linkerd.io/remote-cluster-domain',
    'mirror.linkerd.io/remote-cluster-l5d-ns',
    'mirror.linkerd.io/mirrored-gateway-probe-period',
    'mirror.linkerd.io/mirrored-gateway-probe-path',
    'mirror.linkerd.io/mirrored-gateway-remote-name',
    'mirror.linkerd.io/mirrored-gateway-remote-namespace',
    'multicluster.linkerd.io/remote-discovery',
    'multicluster.linkerd.io/local-discovery',
  ),
];

const BY_KEY = new Map<string, KnownKey[]>();
for (const k of KNOWN_KEYS) addTo(BY_KEY, k.key, k);

/** Keys with a note that says more than "did you mean": keys that never existed in a release, or moved. */
export const KEY_HINTS: Readonly<Record<string, string>> = {
  'mirror.linkerd.io/probe-port':
    'No Linkerd release reads a probe port annotation: the probe port is the gateway Service port named mc-probe.',
};

/** The prefix of a key (before the `/`), or undefined for an unprefixed key. */
export function keyPrefix(key: string): string | undefined {
  const i = key.indexOf('/');
  return i < 0 ? undefined : key.slice(0, i);
}

/**
 * Whether the key names a Linkerd domain at all (`…linkerd.io/`): a cheap first test that every
 * key Linkerd reads passes, beta prefix included, before the exact checks.
 */
export function mentionsLinkerd(key: string): boolean {
  return key.includes('linkerd.io/');
}

/** Whether the key is under one of the prefixes Linkerd owns. */
export function isLinkerdKey(key: string): boolean {
  const p = keyPrefix(key);
  return p !== undefined && (LINKERD_PREFIXES as readonly string[]).includes(p);
}

/** Whether the key is a proxy configuration override (`config.linkerd.io/*` and its alpha and beta forms). */
export function isProxyConfigKey(key: string): boolean {
  const p = keyPrefix(key);
  return p !== undefined && (PROXY_CONFIG_PREFIXES as readonly string[]).includes(p);
}

export function isKnownKey(key: string): boolean {
  return BY_KEY.has(key);
}

/** How Linkerd uses a known key (annotation, label, or both). */
export function keyUses(key: string): KeyUse[] {
  return (BY_KEY.get(key) ?? []).map((k) => k.use);
}

/** Levenshtein distance (insertions, deletions, substitutions). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

const NAMES = [...BY_KEY.keys()].sort();

/**
 * The known key nearest to `key`, or undefined when none is near enough to be a likely typo.
 * Names are compared after the prefix; a different prefix costs one more edit, so
 * `linkerd.io/opaque-ports` finds `config.linkerd.io/opaque-ports`.
 */
export function nearestKnownKey(key: string): string | undefined {
  const prefix = keyPrefix(key) ?? '';
  const name = key.slice(prefix.length + 1);
  let best: string | undefined;
  let bestScore = Infinity;
  let bestLimit = 0;
  for (const k of NAMES) {
    const kp = keyPrefix(k)!;
    const kname = k.slice(kp.length + 1);
    const score = editDistance(name, kname) + (kp === prefix ? 0 : 1);
    if (score < bestScore) {
      best = k;
      bestScore = score;
      // Up to a third of the longer name may differ.
      bestLimit = Math.max(2, Math.floor(Math.max(name.length, kname.length) / 3));
    }
  }
  return best !== undefined && bestScore <= bestLimit ? best : undefined;
}
