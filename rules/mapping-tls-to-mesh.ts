import { defineRule, type RelatedReport } from '../src/engine/rule.js';
import { INJECT, type MappingNode, type PodTemplateNode } from '../src/model/index.js';

/** How the Mapping asks Emissary to originate TLS, if it does. */
function tlsOrigination(m: MappingNode): { path: string[]; what: string } | undefined {
  const tls = m.spec.tls;
  // v3alpha1: the name of a TLSContext; v2: also `true`.
  if (tls === true) return { path: ['spec', 'tls'], what: 'sets tls: true' };
  if (typeof tls === 'string' && tls !== '') return { path: ['spec', 'tls'], what: `sets tls: ${tls} (a TLSContext for origination)` };
  if (m.service?.scheme === 'https') return { path: ['spec', 'service'], what: `names an https:// service (${m.service.raw})` };
  return undefined;
}

/** Where a pod template is meshed: its inject annotation, or the proxy container already there. */
function meshedAt(p: PodTemplateNode): RelatedReport {
  const inject = p.effective(INJECT);
  if (inject && (inject.value === 'enabled' || inject.value === 'ingress')) {
    return { resource: inject.resource, path: inject.path, message: `${p.resource.ref} is meshed by linkerd.io/inject: ${String(inject.value)}${inject.from === 'namespace' ? ` on ${inject.resource.ref}` : ''}.` };
  }
  return { resource: p.resource, path: [...p.path, 'spec', 'containers'], message: `${p.resource.ref} already runs the linkerd-proxy container.` };
}

export default defineRule({
  meta: {
    id: 'mapping-tls-to-mesh',
    severity: 'error',
    section: 'B',
    edge: 'routes',
    description: 'A Mapping must not originate TLS (an https:// service or tls) to a Service whose pods are meshed: Linkerd provides the mTLS, and Emissary must send plain HTTP.',
    remediation: 'Use a plain service (http:// or no scheme, with the HTTP port) and remove spec.tls; let Linkerd encrypt the hop with mTLS.',
    kinds: ['Mapping', 'Service', 'Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod', 'Namespace'],
  },
  check(ctx) {
    for (const m of ctx.graph.mappings) {
      const target = m.target;
      if (!target) continue;
      const origination = tlsOrigination(m);
      if (!origination) continue;
      const meshed = target.pods.filter((p) => p.meshed && !p.isEmissary);
      if (meshed.length === 0) continue;
      ctx.report({
        resource: m.resource,
        path: origination.path,
        message:
          `${m.resource.ref} ${origination.what}, so Emissary opens TLS to ${target.resource.ref}, whose pods are meshed. ` +
          "Linkerd's proxy sees only opaque TLS: it cannot route or balance the requests by HTTP, cannot use l5d-dst-override, and encrypts twice. " +
          'Send plain HTTP (no https:// scheme, no tls) and let Linkerd provide mTLS.',
        related: meshed.slice(0, 3).map(meshedAt),
      });
    }
  },
});
