import { defineRule } from '../src/engine/rule.js';
import {
  addTo,
  annotationPath,
  GATEWAY_IDENTITY,
  GATEWAY_NAME,
  GATEWAY_NS,
  hasGatewayMarks,
  MC_GATEWAY_PORT,
  MULTICLUSTER_GATEWAY,
  type ServiceNode,
  usesExportAnnotations,
} from '../src/model/index.js';

function nsName(s: ServiceNode): string {
  return `${s.resource.namespace}/${s.resource.name}`;
}

export default defineRule({
  meta: {
    id: 'export-gateway-ref',
    severity: 'error',
    section: 'D',
    description:
      'Linkerd 2.8: a Service exported with mirror.linkerd.io/gateway-name or gateway-ns must carry both, naming a multicluster gateway Service in the inputs.',
    remediation:
      'Set both mirror.linkerd.io/gateway-name and mirror.linkerd.io/gateway-ns to the name and namespace of the gateway Service (Emissary\'s Service), exactly as that Service is defined.',
    kinds: ['Service'],
  },
  check(ctx) {
    const { graph, settings } = ctx;
    if (!usesExportAnnotations(settings)) return;
    const isGateway = (s: ServiceNode) => s.isGateway || hasGatewayMarks(s);
    // Candidate gateways for a did-you-mean: every Service that is a gateway on its own terms.
    const candidates = graph.services.filter(isGateway);
    const byName = new Map<string, ServiceNode[]>();
    const byNs = new Map<string, ServiceNode[]>();
    for (const c of candidates) {
      addTo(byName, c.resource.name, c);
      addTo(byNs, c.resource.namespace, c);
    }
    const only = candidates.length === 1 ? candidates[0] : undefined;

    for (const s of graph.services) {
      const ann = s.annotations;
      const hasName = GATEWAY_NAME in ann;
      const hasNs = GATEWAY_NS in ann;
      if (!hasName && !hasNs) continue;
      const ref = s.resource.ref;
      if (hasName !== hasNs) {
        const present = hasName ? GATEWAY_NAME : GATEWAY_NS;
        const missing = hasName ? GATEWAY_NS : GATEWAY_NAME;
        const value = typeof ann[present] === 'string' ? (ann[present] as string) : undefined;
        let guess = only;
        if (value !== undefined) {
          const list = (hasName ? byName : byNs).get(value) ?? [];
          if (list.length === 1) guess = list[0];
        }
        const fill = guess ? (hasName ? guess.resource.namespace : guess.resource.name) : undefined;
        ctx.report({
          resource: s.resource,
          path: annotationPath(present),
          target: 'key',
          message:
            `${ref} has ${present} but no ${missing}: Linkerd 2.8 exports a Service only when both are set, so this Service is not mirrored. ` +
            (fill ? `Add ${missing}: "${fill}".` : `Add ${missing} naming the gateway Service.`),
          related: guess ? [{ resource: guess.resource, path: ['metadata', 'name'], message: `The multicluster gateway ${guess.resource.ref}.` }] : undefined,
        });
        continue;
      }
      const name = ann[GATEWAY_NAME];
      const ns = ann[GATEWAY_NS];
      // A value that is not a string is annotation-value-type's finding.
      if (typeof name !== 'string' || typeof ns !== 'string') continue;
      const target = graph.service(ns, name);
      if (target) {
        if (isGateway(target)) continue;
        ctx.report({
          resource: s.resource,
          path: annotationPath(GATEWAY_NAME),
          message:
            `${ref} names ${target.resource.ref} as its gateway, but that Service is not a multicluster gateway: it selects no Emissary pods in the inputs and has no ${GATEWAY_IDENTITY} or ${MULTICLUSTER_GATEWAY} annotation and no ${MC_GATEWAY_PORT} port. ` +
            (only && only !== target ? `Point ${GATEWAY_NAME} and ${GATEWAY_NS} at the gateway Service ${nsName(only)}.` : `Point ${GATEWAY_NAME} and ${GATEWAY_NS} at Emissary's gateway Service.`),
          related: [{ resource: target.resource, path: ['metadata', 'name'], message: `${target.resource.ref}, named as the gateway.` }],
        });
        continue;
      }
      // No such Service: blame the part that is wrong when a gateway matches the other part.
      const sameName = byName.get(name) ?? [];
      const sameNs = byNs.get(ns) ?? [];
      let blame: string;
      let guess: ServiceNode | undefined;
      if (sameName.length > 0) {
        blame = GATEWAY_NS;
        guess = sameName.length === 1 ? sameName[0] : undefined;
      } else if (sameNs.length > 0) {
        blame = GATEWAY_NAME;
        guess = sameNs.length === 1 ? sameNs[0] : undefined;
      } else {
        blame = graph.knownNamespaces.has(ns) ? GATEWAY_NAME : GATEWAY_NS;
        guess = only;
      }
      ctx.report({
        resource: s.resource,
        path: annotationPath(blame),
        message:
          `${ref} names ${ns}/${name} as its gateway Service (${GATEWAY_NAME} and ${GATEWAY_NS}), but no such Service is in the inputs` +
          (graph.knownNamespaces.has(ns) ? '' : ` and no resource is in namespace "${ns}"`) +
          `, so Linkerd 2.8 cannot mirror it. ` +
          (guess
            ? `Did you mean ${nsName(guess)}? Set ${GATEWAY_NAME}: "${guess.resource.name}" and ${GATEWAY_NS}: "${guess.resource.namespace}".`
            : `Set both annotations to the name and namespace of the gateway Service.`),
        related: guess ? [{ resource: guess.resource, path: ['metadata', 'name'], message: `The multicluster gateway ${guess.resource.ref}.` }] : undefined,
      });
    }
  },
});
