import { defineRule } from '../src/engine/rule.js';
import { installsReading, mappingMirror } from '../src/model/index.js';

export default defineRule({
  meta: {
    id: 'mirror-target-requires-mesh',
    severity: 'error',
    section: 'B',
    description:
      "A Mapping that routes to a mirror Service of Linkerd multicluster needs a meshed Emissary: a gateway-mode mirror's gateway accepts only mTLS from a meshed client, and remote-discovery and federated mirrors have no Endpoints for an unmeshed one.",
    remediation: "Mesh Emissary (linkerd.io/inject: enabled on its pod template or namespace).",
    kinds: ['Mapping', 'Link', 'Deployment'],
    edge: 'routes',
  },
  check(ctx) {
    const { graph } = ctx;
    for (const m of graph.mappings) {
      const mirror = mappingMirror(graph, ctx.clusters, m);
      if (!mirror || mirror.kind === 'probe') continue;
      // Only when the Emissary that reads the Mapping is among the inputs, and none of its pods is meshed.
      const readers = installsReading(graph, m.resource);
      if (readers.length === 0 || readers.some((i) => i.pod.meshed)) continue;
      const emissary = readers[0].pod.resource;
      const how =
        mirror.mode === 'remote-discovery' || mirror.mode === 'federated'
          ? `it is a ${mirror.mode} mirror, which has no Endpoints: only a meshed client's proxy can reach the remote pods`
          : mirror.mode === 'gateway'
            ? `its endpoint is the remote cluster's gateway, which accepts only mTLS connections from a meshed client`
            : `a mirror either points at the remote cluster's gateway, which accepts only mTLS from a meshed client, or has no Endpoints at all (remote discovery, federated)`;
      const link = mirror.links[0];
      ctx.report({
        resource: m.resource,
        path: ['spec', 'service'],
        message: `${m.resource.ref} routes to the mirror Service ${m.serviceNamespace}/${m.service!.name}, but ${emissary.ref}, which runs Emissary, is not meshed, and ${how}, so its requests fail. Mesh Emissary with linkerd.io/inject: enabled on its pod template.`,
        related: [
          ...(link ? [{ resource: link.resource, path: ['spec', 'targetClusterName'], message: `${link.resource.ref} creates the mirror.` }] : []),
          { resource: emissary, path: readers[0].pod.metaPath(), message: `${emissary.ref} runs Emissary without the Linkerd proxy.` },
        ],
      });
    }
  },
});
