import { defineRule } from '../src/engine/rule.js';
import { EXPORTED, HOST_INSECURE_ACTION_PATH, hostglobMatches, insecureActionWritten, type ServiceNode } from '../src/model/index.js';

/** Authorities a source-cluster client may send when it calls the mirror of this Service. */
function mirrorAuthorities(s: ServiceNode, cluster: string, domain: string): string[] {
  const mirror = `${s.resource.name}-${cluster}`;
  const ns = s.resource.namespace;
  return [mirror, `${mirror}.${ns}`, `${mirror}.${ns}.svc`, `${mirror}.${ns}.svc.${domain}`];
}

export default defineRule({
  meta: {
    id: 'target-host-insecure',
    severity: 'error',
    section: 'C',
    edge: 'host',
    description:
      "When Emissary's own Service is exported to other clusters, the Hosts that take requests for its mirror must route plain-HTTP requests (requestPolicy.insecure.action: Route); other Hosts are never concerned, since cross-cluster traffic to exported Services never passes through Envoy.",
    remediation: "Set requestPolicy.insecure.action: Route on the Host that takes requests for the mirror of Emissary's Service, or stop exporting Emissary's Service.",
    kinds: ['Host', 'Service', 'Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'Pod'],
  },
  check(ctx) {
    const { graph } = ctx;
    const own = graph.exportedServices.filter((s) => s.selectsEmissary);
    if (own.length === 0 || graph.hosts.length === 0) return;
    // The mirror is named after this cluster; without --cluster any name stands for it.
    const cluster = graph.cluster ?? 'target';
    const domain = graph.settings.linkerd.clusterDomain;
    for (const s of own) {
      const authorities = mirrorAuthorities(s, cluster, domain);
      for (const h of graph.hosts) {
        if (h.view.insecureAction === 'Route') continue;
        if (!authorities.some((a) => hostglobMatches(h.view.hostname, a))) continue;
        const action = insecureActionWritten(h.resource) ? `"${h.view.insecureAction}"` : 'Redirect (the default)';
        ctx.report({
          resource: h.resource,
          path: HOST_INSECURE_ACTION_PATH,
          message:
            `${s.resource.ref}, which selects Emissary's pods, is exported, so clients in other clusters call Emissary through its mirror (${authorities[0]}) and Linkerd's proxy hands their requests to Envoy as plain HTTP; ` +
            `${h.resource.ref} (hostname "${h.view.hostname}") takes them and treats plain HTTP with ${action}, so they get a redirect or a rejection. ` +
            `Set requestPolicy.insecure.action: Route on this Host (or give the mirror's requests a Host of their own that routes), or stop exporting ${s.resource.ref}.`,
          related: [{ resource: s.resource, path: EXPORTED in s.labels ? ['metadata', 'labels', EXPORTED] : ['metadata', 'annotations'], message: `${s.resource.ref} selects Emissary's pods and is exported here.` }],
        });
      }
    }
  },
});
