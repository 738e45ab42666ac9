import { defineRule } from '../src/engine/rule.js';
import { atLeast, type MappingNode, parseServiceRef } from '../src/model/index.js';

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
      'Linkerd before 2.9: when Emissary is meshed and a Mapping routes to a meshed Service, add_linkerd_headers must be true on the Mapping or in the `ambassador` Module.',
    remediation:
      'Set `add_linkerd_headers: true` in the `ambassador` Module (`spec.config`) or on the Mapping, and remove `add_linkerd_headers: false` from the Mapping; or upgrade to Linkerd 2.9 or later, which routes on the original destination.',
    kinds: ['Mapping', 'Module', 'Service', 'Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'Pod', 'Namespace'],
  },
  check(ctx) {
    const g = ctx.graph;
    // From 2.9 the proxy discovers the destination from the connection's original address (the
    // Service's ClusterIP Emissary connects to), so the header is no longer needed to get mTLS.
    if (atLeast(ctx.settings.linkerd.version, '2.9')) return;
    if (!g.emissaryPods.some((p) => p.meshed)) return;
    const version = ctx.settings.linkerd.version.text;
    for (const m of g.mappings) {
      const target = m.target;
      if (!target || !target.pods.some((p) => p.meshed && !p.isEmissary)) continue;
      if (g.linkerdHeadersFor(m) || rewritesHostToTarget(m)) continue;
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
          `Linkerd ${version} finds the destination from the l5d-dst-override header or the Host header, and Emissary passes on the client's Host, ` +
          'so the proxy falls back to the bare address: no mTLS, no Linkerd load balancing, no ServiceProfile. ' +
          (explicitOff ? 'Set add_linkerd_headers: true here.' : 'Add add_linkerd_headers: true to this Mapping or to the ambassador Module.'),
        related: [{ resource: target.resource, path: ['metadata', 'name'], message: `${target.resource.ref} selects meshed pods.` }],
      });
    }
  },
});
