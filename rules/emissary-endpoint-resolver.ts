import { defineRule } from '../src/engine/rule.js';
import { atLeast, installsReading, mappingMirror, type MappingNode } from '../src/model/index.js';

export default defineRule({
  meta: {
    id: 'emissary-endpoint-resolver',
    severity: 'warning',
    section: 'B',
    description:
      'A Mapping whose resolver is a KubernetesEndpointResolver sends to pod addresses: for a meshed backend Linkerd then loses its Service-level features (warning), and for a mirror Service of Linkerd multicluster the requests fail (error).',
    remediation: 'Drop the resolver (Emissary\'s default, kubernetes-service, sends to the Service address), or use a KubernetesServiceResolver.',
    kinds: ['Mapping', 'Module', 'KubernetesEndpointResolver'],
    edge: 'routes',
  },
  check(ctx) {
    const { graph, settings } = ctx;
    const v = settings.linkerd.version;
    const lost = atLeast(v, '2.10')
      ? `Linkerd ${v.text} still gives the hop mTLS (it knows the pods' identities), but it sees pod addresses, not the Service, so the Service's routes, retries, timeouts and traffic splits do not apply.`
      : `Linkerd ${v.text}'s destination service answers only for Service addresses, so the proxy finds no endpoint with an identity for the pods, and neither mTLS nor the Service's routes, retries, timeouts and traffic splits apply.`;
    // Findings of Mappings that take the resolver from the Module point at the Module, once per kind.
    const viaModule = { warning: [] as MappingNode[], error: [] as MappingNode[] };
    for (const m of graph.mappings) {
      if (m.resolver.kind !== 'endpoint') continue;
      const mirror = mappingMirror(graph, ctx.clusters, m);
      const mirrorCase = mirror !== undefined && mirror.kind !== 'probe';
      let message: string;
      if (mirrorCase) {
        const how =
          mirror.mode === 'remote-discovery' || mirror.mode === 'federated'
            ? `a ${mirror.mode} mirror has no Endpoints in this cluster, so Emissary finds nothing to send to`
            : mirror.mode === 'gateway'
              ? `a gateway-mode mirror's endpoint is the remote gateway, which Emissary then dials by address, without the identity the gateway requires`
              : `a mirror has either no Endpoints (remote discovery, federated) or the remote gateway's address, which Emissary then dials without the identity the gateway requires`;
        message = `${m.resource.ref} routes to the mirror Service ${m.serviceNamespace}/${m.service!.name} through the endpoint resolver "${m.resolver.name}": ${how}, so its requests fail. Use the default kubernetes-service resolver for this Mapping (resolver: kubernetes-service).`;
      } else {
        const target = m.target;
        if (!target || !target.pods.some((p) => p.meshed)) continue;
        // Emissary must be meshed for Linkerd to be on the hop at all (backend-meshed speaks otherwise).
        if (!installsReading(graph, m.resource).some((i) => i.pod.meshed)) continue;
        message = `${m.resource.ref} resolves ${target.resource.ref} with the endpoint resolver "${m.resolver.name}", so meshed Emissary sends to the pods' addresses. ${lost} Drop the resolver, or set resolver: kubernetes-service.`;
      }
      const severity = mirrorCase ? 'error' : 'warning';
      if (m.resolver.from === 'module') {
        viaModule[severity].push(m);
        continue;
      }
      ctx.report({ resource: m.resource, path: ['spec', 'resolver'], severity, message, related: m.resolver.resource ? [{ resource: m.resolver.resource, path: ['kind'], message: `${m.resolver.resource.ref} resolves Services to pod addresses.` }] : [] });
    }
    const module = graph.ambassadorModule;
    if (!module) return;
    for (const severity of ['error', 'warning'] as const) {
      const list = viaModule[severity];
      if (list.length === 0) continue;
      const first = list[0];
      const which = list.length === 1 ? first.resource.ref : `${list.length} Mappings (${first.resource.ref}, ...)`;
      ctx.report({
        resource: module,
        path: ['spec', 'config', 'resolver'],
        severity,
        message:
          severity === 'error'
            ? `${module.ref} makes the endpoint resolver "${first.resolver.name}" the default, and ${which} ${list.length === 1 ? 'routes to a mirror Service' : 'route to mirror Services'} of Linkerd multicluster through it: a mirror has either no Endpoints (remote discovery, federated) or the remote gateway's address, which Emissary then dials without the identity the gateway requires, so ${list.length === 1 ? 'its' : 'their'} requests fail. Set resolver: kubernetes-service on ${list.length === 1 ? 'the Mapping' : 'those Mappings'}, or drop the Module's resolver.`
            : `${module.ref} makes the endpoint resolver "${first.resolver.name}" the default, so meshed Emissary sends ${which} to pod addresses of meshed Services. ${lost} Drop the Module's resolver.`,
        related: [{ resource: first.resource, path: ['spec', 'service'], message: `${first.resource.ref} uses the Module's resolver.` }],
      });
    }
  },
});

