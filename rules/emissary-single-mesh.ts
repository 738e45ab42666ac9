import { defineRule } from '../src/engine/rule.js';
import { asMap, parseGoBool } from '../src/model/index.js';

const ISTIO_INJECT = 'sidecar.istio.io/inject';
const ISTIO_NAMESPACE_LABEL = 'istio-injection';
const CONSUL_INJECT = 'consul.hashicorp.com/connect-inject';

/** Istio reads y/yes/true/on as "inject" and n/no/false/off as "do not" (case-insensitive). */
function istioFlag(v: unknown): boolean | undefined {
  const s = String(v).trim().toLowerCase();
  if (['y', 'yes', 'true', 'on'].includes(s)) return true;
  if (['n', 'no', 'false', 'off'].includes(s)) return false;
  return undefined;
}

export default defineRule({
  meta: {
    id: 'emissary-single-mesh',
    severity: 'error',
    section: 'B',
    description: "Emissary's meshed pods must not also get an Istio or Consul sidecar: Linkerd must be the only mesh on Emissary.",
    remediation:
      'Set `sidecar.istio.io/inject: "false"` and `consul.hashicorp.com/connect-inject: "false"` on the Emissary pod template (as the published Emissary install does), and remove any `"true"` value for them.',
    kinds: ['Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'Pod', 'Namespace'],
  },
  check(ctx) {
    for (const p of ctx.graph.emissaryPods) {
      if (!p.meshed) continue;
      const ref = p.resource.ref;
      const clash = 'Two sidecars would both capture its traffic, and Linkerd must be the only mesh on Emissary';

      let optOut = false;
      for (const [where, map] of [['labels', p.labels], ['annotations', p.annotations]] as const) {
        if (!(ISTIO_INJECT in map)) continue;
        const flag = istioFlag(map[ISTIO_INJECT]);
        if (flag === false) optOut = true;
        if (flag === true) {
          ctx.report({
            resource: p.resource,
            path: p.metaPath(where, ISTIO_INJECT),
            message: `${ref} is meshed by Linkerd, and this ${where === 'labels' ? 'label' : 'annotation'} asks Istio to inject its sidecar too. ${clash}. Set it to "false".`,
          });
        }
      }

      const ns = p.namespaceResource;
      if (ns && !optOut) {
        const nsLabels = asMap(ns.obj?.metadata?.labels);
        if (nsLabels[ISTIO_NAMESPACE_LABEL] === 'enabled') {
          ctx.report({
            resource: ns,
            path: ['metadata', 'labels', ISTIO_NAMESPACE_LABEL],
            message: `${ns.ref} turns on Istio injection, and ${ref} (Emissary, meshed by Linkerd) does not opt out, so it would get both sidecars. Add the annotation sidecar.istio.io/inject: "false" to its pod template, or remove this label.`,
            related: [{ resource: p.resource, path: p.metaPath('annotations'), message: `${ref} needs sidecar.istio.io/inject: "false" here.` }],
          });
        }
      }

      if (CONSUL_INJECT in p.annotations && parseGoBool(p.annotations[CONSUL_INJECT]) === true) {
        ctx.report({
          resource: p.resource,
          path: p.metaPath('annotations', CONSUL_INJECT),
          message: `${ref} is meshed by Linkerd, and this annotation asks Consul to inject its Connect sidecar too. ${clash}. Set it to "false".`,
        });
      }
    }
  },
});
