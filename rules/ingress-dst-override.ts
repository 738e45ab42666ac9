import { defineRule } from '../src/engine/rule.js';
import { atLeast, ingressModeReaders, ingressModeRelated, isClusterForm, isFullyQualified } from '../src/model/index.js';

export default defineRule({
  meta: {
    id: 'ingress-dst-override',
    severity: 'error',
    section: 'B',
    description:
      "When Emissary runs in Linkerd's ingress mode and adds l5d-dst-override, a Mapping's service must be the fully qualified name.namespace.svc.<cluster domain>: from Linkerd 2.13.5 the proxy resolves the header through the policy controller, which refuses other forms.",
    remediation: 'Write spec.service as name.namespace.svc.cluster.local[:port] (with your cluster domain), or mesh Emissary with linkerd.io/inject: enabled.',
    kinds: ['Mapping', 'Module', 'Deployment'],
    edge: 'routes',
  },
  check(ctx) {
    const { graph, settings } = ctx;
    if (!atLeast(settings.linkerd.version, '2.13.5')) return;
    const domain = settings.linkerd.clusterDomain;
    for (const m of graph.mappings) {
      const s = m.service;
      if (!s || s.local || !graph.linkerdHeadersFor(m)) continue;
      if (m.resolver.kind !== 'service' && m.resolver.kind !== 'endpoint') continue;
      if (!isClusterForm(s, domain) || isFullyQualified(s, domain)) continue;
      const readers = ingressModeReaders(graph, m);
      if (readers.length === 0) continue;
      const ns = s.namespace ?? m.serviceNamespace;
      const fqdn = ns ? `${s.scheme === 'https' ? 'https://' : ''}${s.name}.${ns}.svc.${domain}:${s.port}` : undefined;
      const from = m.spec.add_linkerd_headers === true ? 'its add_linkerd_headers' : "the ambassador Module's add_linkerd_headers";
      ctx.report({
        resource: m.resource,
        path: ['spec', 'service'],
        message:
          `${m.resource.ref} makes Emissary add l5d-dst-override (${from}) with the value "${s.host}:${s.port}", taken from its service as written, and ${readers[0].pod.resource.ref} runs in Linkerd's ingress mode: Linkerd ${settings.linkerd.version.text} resolves that header through the policy controller, which accepts only name.namespace.svc.${domain}, so every request of this Mapping fails. ` +
          (fqdn ? `Set spec.service to ${fqdn}.` : `Write spec.service as name.namespace.svc.${domain}:port.`),
        related: ingressModeRelated(readers[0]),
        ...(fqdn ? { fix: { description: `Set spec.service to ${fqdn}.`, edits: [{ path: ['spec', 'service'], value: fqdn }] } } : {}),
      });
    }
  },
});
