import { defineRule } from '../src/engine/rule.js';
import { asMap, mappingMirror, type ServiceNode } from '../src/model/index.js';

/** `80 (http), 443 (https)`, or `no ports`. */
function portList(s: ServiceNode): string {
  const ports = s.ports.filter((p) => p.port !== undefined).map((p) => (p.name ? `${p.port} (${p.name})` : String(p.port)));
  return ports.length > 0 ? `port${ports.length > 1 ? 's' : ''} ${ports.join(', ')}` : 'no ports';
}

export default defineRule({
  meta: {
    id: 'mapping-service',
    severity: 'error',
    section: 'B',
    edge: 'routes',
    description: "A Mapping's service must name an in-cluster Service that is among the inputs, on a port that Service exposes (mirror Services of Linkerd multicluster, which the service mirror creates, are never reported missing).",
    remediation: 'Correct the name, namespace or port in spec.service (the port defaults to 80, 443 for https://), or add the Service; lint with --context to load Services kept elsewhere in the tree.',
    kinds: ['Mapping', 'Service', 'Module'],
  },
  check(ctx) {
    for (const m of ctx.graph.mappings) {
      const ref = m.service;
      const ns = m.serviceNamespace;
      if (!m.inCluster || !ref || !ns) continue;
      const where =
        ref.namespace !== undefined
          ? ''
          : ns === m.resource.namespace && ctx.graph.moduleConfig('use_ambassador_namespace_for_service_resolution') !== true
            ? " (a bare name resolves in the Mapping's namespace)"
            : ` (the ambassador Module sets use_ambassador_namespace_for_service_resolution, so a bare name resolves in Emissary's namespace ${ns})`;
      const s = m.target;
      // The service mirror creates mirror Services at run time: they are never among the inputs.
      if (!s && mappingMirror(ctx.graph, ctx.clusters, m)) continue;
      if (!s) {
        ctx.report({
          resource: m.resource,
          path: ['spec', 'service'],
          message: `${m.resource.ref} routes to Service ${ns}/${ref.name}${where}, which is not among the inputs: Emissary finds no endpoints and answers 503. Correct spec.service "${ref.raw}", add the Service, or lint with --context so the whole tree is loaded.`,
        });
        continue;
      }
      const spec = asMap(s.resource.obj.spec);
      // An ExternalName Service is a DNS alias: the port goes to the external name as it is.
      if (spec.type === 'ExternalName') continue;
      if (s.ports.some((p) => p.port === ref.port)) continue;
      // A headless Service resolves to the pods themselves, so a target port also answers.
      if (spec.clusterIP === 'None' && s.ports.some((p) => (p.targetPort ?? p.port) === ref.port)) continue;
      const how = ref.explicitPort ? `port ${ref.port}` : `port ${ref.port} (the default when ${ref.scheme === 'https' ? 'an https:// service' : 'spec.service'} names no port)`;
      const first = s.ports.find((p) => p.port !== undefined)?.port;
      const suggestion = first !== undefined ? ` Set the port in spec.service (for example ${ref.scheme ? `${ref.scheme}://` : ''}${ref.host}:${first}) or add the port to the Service.` : ' Add the port to the Service.';
      ctx.report({
        resource: m.resource,
        path: ['spec', 'service'],
        message: `${m.resource.ref} routes to ${how} of ${s.resource.ref}, which exposes ${portList(s)}.${suggestion}`,
        related: [{ resource: s.resource, path: ['spec', 'ports'], message: `${s.resource.ref} exposes ${portList(s)}.` }],
      });
    }
  },
});
