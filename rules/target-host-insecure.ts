import { defineRule } from '../src/engine/rule.js';
import {
  HOST_INSECURE_ACTION_PATH,
  insecureActionWritten,
  type ServiceNode,
} from '../src/model/index.js';

export default defineRule({
  meta: {
    id: 'target-host-insecure',
    severity: 'error',
    section: 'C',
    edge: 'host',
    description: 'In a target cluster, a Host that takes a Mapping to an exported Service must route plain-HTTP requests (requestPolicy.insecure.action: Route).',
    remediation: 'Set requestPolicy.insecure.action: Route on the Host.',
    kinds: ['Host', 'Mapping', 'Service'],
  },
  check(ctx) {
    const { graph } = ctx;
    if (!graph.isTargetCluster) return;
    const exported = new Set<ServiceNode>(graph.exportedServices);
    if (exported.size === 0) return;
    const toExported = graph.mappings.filter((m) => m.target && exported.has(m.target));
    for (const [h, m] of graph.hostAssociation.hostsTakingAny(toExported)) {
      if (!m.target || h.view.insecureAction === 'Route') continue;
      const action = insecureActionWritten(h.resource) ? `"${h.view.insecureAction}"` : 'Redirect (the default)';
      ctx.report({
        resource: h.resource,
        path: HOST_INSECURE_ACTION_PATH,
        message:
          `${h.resource.ref} takes ${m.resource.ref}, which routes to the exported ${m.target.resource.ref}, and treats plain-HTTP requests with ${action}. ` +
          `Linkerd's proxy hands meshed requests to Emissary as plain HTTP, so they get a redirect or a rejection instead of the Service. Set requestPolicy.insecure.action: Route.`,
        related: [{ resource: m.resource, path: ['spec', 'service'], message: `${m.resource.ref} routes to the exported ${m.target.resource.ref}.` }],
      });
    }
  },
});
