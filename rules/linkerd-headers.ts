import { defineRule } from '../src/engine/rule.js';
import { atLeast, ingressModeReaders, ingressModeRelated, type MappingNode, parseServiceRef } from '../src/model/index.js';

/**
 * Whether the Mapping already sends the Service's own name as the Host header (`host_rewrite:
 * web.shop` or `web.shop.svc.cluster.local:80`), which Linkerd resolves as it would the header.
 */
function rewritesHostToTarget(m: MappingNode): boolean {
  const target = m.target;
  if (!target || typeof m.spec.host_rewrite !== 'string') return false;
  const ref = parseServiceRef(m.spec.host_rewrite);
  return ref !== undefined && !ref.local && ref.name === target.resource.name && ref.namespace === target.resource.namespace;
}

export default defineRule({
  meta: {
    id: 'linkerd-headers',
    severity: 'error',
    section: 'B',
    edge: 'routes',
    description:
      'When a Mapping routes to a meshed Service, add_linkerd_headers must be true on the Mapping or in the `ambassador` Module where the header matters: Linkerd 2.8 with Emissary meshed, and Emissary in ingress mode on Linkerd 2.11 to 2.13.4.',
    remediation:
      'Set `add_linkerd_headers: true` in the `ambassador` Module (`spec.config`) or on the Mapping, and remove `add_linkerd_headers: false` from the Mapping; or mesh Emissary with `linkerd.io/inject: enabled` on Linkerd 2.9 or later, where the proxy routes on the original destination.',
    kinds: ['Mapping', 'Module', 'Service', 'Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'Pod', 'Namespace'],
  },
  check(ctx) {
    const g = ctx.graph;
    const v = ctx.settings.linkerd.version;
    const version = v.text;
    // Linkerd 2.8 routes on l5d-dst-override, else on the Host header. From 2.9 a normally meshed
    // Emissary needs no header (the proxy routes on the original destination); in ingress mode the
    // proxy reads only the header: without it 2.9-2.10 and 2.13.5+ route on the original address,
    // 2.11-2.12 forward without mTLS and 2.13.0-2.13.4 fail the request.
    const legacy = !atLeast(v, '2.9');
    const ingressWindow = atLeast(v, '2.11') && !atLeast(v, '2.13.5');
    if (!legacy && !ingressWindow) return;
    if (legacy && !g.emissaryPods.some((p) => p.meshed)) return;
    for (const m of g.mappings) {
      const target = m.target;
      if (!target || !target.pods.some((p) => p.meshed && !p.isEmissary)) continue;
      if (g.linkerdHeadersFor(m)) continue;
      const ingress = legacy ? [] : ingressModeReaders(g, m);
      if (legacy ? rewritesHostToTarget(m) : ingress.length === 0) continue;
      const explicitOff = m.spec.add_linkerd_headers === false;
      const cause = explicitOff
        ? 'turns add_linkerd_headers off'
        : g.ambassadorModule
          ? `sets no add_linkerd_headers and ${g.ambassadorModule.ref} does not turn it on`
          : 'sets no add_linkerd_headers and no ambassador Module turns it on';
      ctx.report({
        resource: m.resource,
        path: explicitOff ? ['spec', 'add_linkerd_headers'] : ['spec'],
        message:
          `${m.resource.ref} routes to the meshed ${target.resource.ref} but ${cause}. ` +
          (legacy
            ? `Linkerd ${version} finds the destination from the l5d-dst-override header or the Host header, and Emissary passes on the client's Host, ` +
              'so the proxy falls back to the bare address: no mTLS, no Linkerd load balancing, no ServiceProfile. '
            : `Emissary is meshed in ingress mode (linkerd.io/inject: ingress), where the proxy routes on l5d-dst-override alone, and without it Linkerd ${version} ` +
              (atLeast(v, '2.13') ? 'fails the request (fixed in 2.13.5, which routes on the original address). ' : 'forwards the request to the original address without mTLS. ')) +
          (explicitOff ? 'Set add_linkerd_headers: true here.' : 'Add add_linkerd_headers: true to this Mapping or to the ambassador Module.'),
        related: [{ resource: target.resource, path: ['metadata', 'name'], message: `${target.resource.ref} selects meshed pods.` }, ...ingress.slice(0, 1).flatMap(ingressModeRelated)],
      });
    }
  },
});
