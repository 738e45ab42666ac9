import { defineRule, type RelatedReport } from '../src/engine/rule.js';
import { gatewaysOf, INJECT, isObject, type PodTemplateNode, valueAt } from '../src/model/index.js';

/** Something in the inputs that only works when Emissary has the Linkerd proxy. */
interface Wiring extends RelatedReport {
  /** Says what it is, for the finding's message. */
  what: string;
}

const MAX_RELATED = 3;

/** Path of the pod template's annotations, or of its metadata when it has no annotations map. */
function annotationsPath(p: PodTemplateNode) {
  const annotations = p.metaPath('annotations');
  return isObject(valueAt(p.resource.obj, annotations)) ? annotations : p.metaPath();
}

function why(p: PodTemplateNode): string {
  const inject = p.effective(INJECT);
  if (inject?.value === 'disabled') {
    return inject.from === 'pod' ? ' (its pod template sets linkerd.io/inject: disabled)' : ` (${inject.resource.ref} sets linkerd.io/inject: disabled)`;
  }
  if (inject !== undefined) return ` (linkerd.io/inject is "${String(inject.value)}")`;
  return '';
}

export default defineRule({
  meta: {
    id: 'emissary-meshed',
    severity: 'error',
    section: 'B',
    description: "When the inputs wire Emissary to Linkerd (add_linkerd_headers, a Mapping to a meshed Service, or a multicluster gateway), Emissary's pods must be meshed.",
    remediation: 'Add `linkerd.io/inject: enabled` to the annotations of the Emissary pod template (or of its Namespace), and remove any `linkerd.io/inject: disabled` there.',
    kinds: ['Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'Pod', 'Namespace', 'Mapping', 'Module', 'Service'],
  },
  check(ctx) {
    const g = ctx.graph;
    const unmeshed = g.emissaryPods.filter((p) => !p.meshed);
    if (unmeshed.length === 0) return;

    // Wiring that concerns every Emissary pod: the Module and the Mappings.
    const shared: Wiring[] = [];
    const module = g.ambassadorModule;
    if (module && g.moduleConfig('add_linkerd_headers') === true) {
      shared.push({
        resource: module,
        path: ['spec', 'config', 'add_linkerd_headers'],
        message: `${module.ref} turns on add_linkerd_headers here.`,
        what: `${module.ref} turns on add_linkerd_headers`,
      });
    }
    for (const m of g.mappings) {
      if (m.spec.add_linkerd_headers === true) {
        shared.push({
          resource: m.resource,
          path: ['spec', 'add_linkerd_headers'],
          message: `${m.resource.ref} turns on add_linkerd_headers here.`,
          what: `${m.resource.ref} turns on add_linkerd_headers`,
        });
        continue;
      }
      const target = m.target;
      if (target && target.pods.some((p) => p.meshed && !p.isEmissary)) {
        shared.push({
          resource: m.resource,
          path: ['spec', 'service'],
          message: `${m.resource.ref} routes to the meshed ${target.resource.ref} here.`,
          what: `${m.resource.ref} routes to ${target.resource.ref}, whose pods are meshed`,
        });
      }
    }

    for (const p of unmeshed) {
      const wiring: Wiring[] = [];
      for (const s of gatewaysOf(g, p)) {
        wiring.push({
          resource: s.resource,
          path: ['metadata', 'name'],
          message: `${s.resource.ref} is a Linkerd multicluster gateway.`,
          what: `${s.resource.ref} makes it the Linkerd multicluster gateway, whose cross-cluster traffic the proxy must terminate on port 4143`,
        });
      }
      wiring.push(...shared);
      if (wiring.length === 0) continue;
      const more = wiring.length > 1 ? ` (and ${wiring.length - 1} more, see the related locations)` : '';
      ctx.report({
        resource: p.resource,
        path: annotationsPath(p),
        message:
          `${p.resource.ref} runs Emissary without the Linkerd proxy${why(p)}, but ${wiring[0].what}${more}. ` +
          'Without its own proxy, Emissary is outside the mesh: its requests carry no mTLS identity and nothing in the pod speaks Linkerd. ' +
          'Set linkerd.io/inject: enabled in its pod template annotations.',
        related: wiring.slice(0, MAX_RELATED).map(({ resource, path, message }) => ({ resource, path, message })),
      });
    }
  },
});
