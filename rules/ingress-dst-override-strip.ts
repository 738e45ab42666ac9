import { defineRule } from '../src/engine/rule.js';
import { atLeast, ingressModeReaders, ingressModeRelated, L5D_DST_OVERRIDE, removesRequestHeader, type MappingNode } from '../src/model/index.js';

export default defineRule({
  meta: {
    id: 'ingress-dst-override-strip',
    severity: 'warning',
    section: 'B',
    description:
      "When Emissary runs in Linkerd's ingress mode and adds l5d-dst-override, the Mapping or the ambassador Module must remove a client's own l5d-dst-override (remove_request_headers), or clients choose the meshed destination.",
    remediation: 'Add remove_request_headers: [l5d-dst-override] to the Mapping, or to the ambassador Module\'s config for every Mapping that does not set its own list.',
    kinds: ['Mapping', 'Module', 'Deployment'],
  },
  check(ctx) {
    const { graph, settings } = ctx;
    if (!atLeast(settings.linkerd.version, '2.9')) return; // ingress mode arrives in 2.9
    const moduleRemoves = graph.moduleConfig('remove_request_headers');
    const fromModule: MappingNode[] = [];
    let reader;
    const explain =
      `Emissary appends its l5d-dst-override to any the client sent, and Linkerd's proxy in ingress mode routes on the first one, so a client can send requests to any meshed Service through Emissary (an open relay into the mesh).`;
    for (const m of graph.mappings) {
      if (!graph.linkerdHeadersFor(m) || removesRequestHeader(m.spec, moduleRemoves, L5D_DST_OVERRIDE)) continue;
      const readers = ingressModeReaders(graph, m);
      if (readers.length === 0) continue;
      if (m.spec.add_linkerd_headers !== true) {
        fromModule.push(m);
        reader ??= readers[0];
        continue;
      }
      ctx.report({
        resource: m.resource,
        path: ['spec', 'add_linkerd_headers'],
        message:
          `${m.resource.ref} turns on add_linkerd_headers while ${readers[0].pod.resource.ref} runs in Linkerd's ingress mode, and neither it nor the ambassador Module removes a client's l5d-dst-override. ${explain} ` +
          `Add remove_request_headers: [${L5D_DST_OVERRIDE}] to the Mapping.`,
        related: ingressModeRelated(readers[0]),
      });
    }
    const module = graph.ambassadorModule;
    if (fromModule.length === 0 || !module || !reader) return;
    const first = fromModule[0].resource.ref;
    ctx.report({
      resource: module,
      path: ['spec', 'config', 'add_linkerd_headers'],
      message:
        `${module.ref} turns on add_linkerd_headers for ${fromModule.length === 1 ? first : `${fromModule.length} Mappings (${first}, ...)`} while ${reader.pod.resource.ref} runs in Linkerd's ingress mode, and nothing removes a client's l5d-dst-override. ${explain} ` +
        `Add remove_request_headers: [${L5D_DST_OVERRIDE}] to the Module's config (a Mapping that sets its own remove_request_headers must list it too).`,
      related: [...ingressModeRelated(reader), { resource: fromModule[0].resource, path: ['spec'], message: `${first} takes add_linkerd_headers from the Module.` }],
    });
  },
});
