import { defineRule } from '../src/engine/rule.js';
import { asMap, ENABLE_GATEWAY, gatewaysOf, parseGoBool } from '../src/model/index.js';

export default defineRule({
  meta: {
    id: 'gateway-enable',
    severity: 'error',
    section: 'C',
    edge: 'gateway',
    description: 'The pods of a multicluster gateway must turn on the proxy\'s gateway mode with config.linkerd.io/enable-gateway set to a true value.',
    remediation: 'Add the annotation config.linkerd.io/enable-gateway: "true" to the pod template (spec.template.metadata.annotations) of the Emissary workload, or to its Namespace.',
    kinds: ['Service', 'Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod', 'Namespace'],
  },
  check(ctx) {
    // A pod template may sit behind several gateway Services: judge it once.
    for (const pod of ctx.graph.emissaryPods) {
      const gateways = gatewaysOf(ctx.graph, pod);
      if (gateways.length === 0) continue;
      const eff = pod.effective(ENABLE_GATEWAY);
      if (eff && parseGoBool(eff.value) === true) continue;
      const via = gateways.map((g) => g.resource.ref).join(', ');
      const fix = `set config.linkerd.io/enable-gateway: "true" in the ${pod.path.length > 0 ? "pod template's" : "Pod's"} annotations`;
      const lead = `${pod.resource.ref} runs Emissary as the multicluster gateway (${via}), but its proxy is not in gateway mode, so cross-cluster traffic arriving on port 4143 is not forwarded to the exported Services`;
      if (eff && eff.from === 'pod') {
        ctx.report({
          resource: pod.resource,
          path: eff.path,
          message: `${lead}: config.linkerd.io/enable-gateway is "${String(eff.value)}", which Linkerd does not read as true. Change it to "true".`,
        });
        continue;
      }
      const onWorkload = pod.path.length > 0 && ENABLE_GATEWAY in asMap(pod.resource.obj?.metadata?.annotations);
      let why: string;
      if (eff) why = `its Namespace sets config.linkerd.io/enable-gateway to "${String(eff.value)}", which Linkerd does not read as true`;
      else if (onWorkload) why = `config.linkerd.io/enable-gateway is on the ${pod.resource.kind}'s own metadata, where Linkerd does not look`;
      else why = 'config.linkerd.io/enable-gateway is not set on the pod template or its Namespace';
      ctx.report({
        resource: pod.resource,
        path: pod.metaPath('annotations'),
        message: `${lead}: ${why}. ${fix[0].toUpperCase()}${fix.slice(1)}.`,
        related: eff ? [{ resource: eff.resource, path: eff.path, message: `${eff.resource.ref} sets config.linkerd.io/enable-gateway to "${String(eff.value)}" here.` }] : undefined,
      });
    }
  },
});
