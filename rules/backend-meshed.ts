import { defineRule } from '../src/engine/rule.js';
import { INJECT, type PodTemplateNode } from '../src/model/index.js';

const MAX_RELATED = 3;

/** Why a pod template is not meshed, for the message. */
function why(p: PodTemplateNode): string {
  const inject = p.effective(INJECT);
  if (inject === undefined) return 'no linkerd.io/inject on its pod template or namespace';
  const where = inject.from === 'pod' ? 'its pod template' : inject.resource.ref;
  return `linkerd.io/inject: ${String(inject.value)} on ${where}`;
}

export default defineRule({
  meta: {
    id: 'backend-meshed',
    severity: 'warning',
    section: 'B',
    edge: 'routes',
    description: 'When Emissary is meshed, the Services its Mappings route to should select meshed pods, or the hop from Emissary to them is not mTLS.',
    remediation: 'Mesh the workload behind the Service: add `linkerd.io/inject: enabled` to its pod template (or its Namespace) and remove any `linkerd.io/inject: disabled`.',
    kinds: ['Mapping', 'Service', 'Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod', 'Namespace'],
  },
  check(ctx) {
    const g = ctx.graph;
    const emissary = g.emissaryPods.find((p) => p.meshed);
    if (!emissary) return;
    for (const m of g.mappings) {
      const target = m.target;
      if (!target) continue;
      const unmeshed = target.pods.filter((p) => !p.meshed && !p.isEmissary);
      if (unmeshed.length === 0) continue;
      const names = unmeshed.slice(0, MAX_RELATED).map((p) => `${p.resource.ref} (${why(p)})`);
      const more = unmeshed.length > MAX_RELATED ? ` and ${unmeshed.length - MAX_RELATED} more` : '';
      ctx.report({
        resource: m.resource,
        path: ['spec', 'service'],
        message:
          `Emissary (${emissary.resource.ref}) is meshed, but ${m.resource.ref} routes to ${target.resource.ref}, whose pods are not meshed: ${names.join(', ')}${more}. ` +
          'That hop leaves the mesh as plain text, so the chain from the edge to the backend is not mTLS end to end. Mesh the workload with linkerd.io/inject: enabled.',
        related: unmeshed.slice(0, MAX_RELATED).map((p) => ({
          resource: p.resource,
          path: p.metaPath(),
          message: `${p.resource.ref} is not meshed (${why(p)}).`,
        })),
      });
    }
  },
});
