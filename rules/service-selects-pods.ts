import { defineRule } from '../src/engine/rule.js';
import { asMap } from '../src/model/index.js';

export default defineRule({
  meta: {
    id: 'service-selects-pods',
    severity: 'warning',
    section: 'B',
    edge: 'selects',
    description: 'A Service with a selector should select at least one pod template in the inputs.',
    remediation: "Make the selector match the labels of the workload's pod template (same namespace), or lint with --context so the workloads kept elsewhere in the tree are loaded.",
    kinds: ['Service', 'Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod'],
  },
  check(ctx) {
    const g = ctx.graph;
    // Inputs without any workload are routing or Service config alone: their pods are elsewhere.
    if (g.podTemplates.length === 0) return;
    for (const s of g.services) {
      const selector = s.selector;
      // No selector: the Endpoints are managed by hand (or by a controller such as the service mirror).
      if (!selector || Object.keys(selector).length === 0) continue;
      // An ExternalName Service is a DNS alias; Kubernetes ignores its selector.
      if (asMap(s.resource.obj.spec).type === 'ExternalName') continue;
      if (s.pods.length > 0) continue;
      const labels = Object.entries(selector).map(([k, v]) => `${k}=${String(v)}`).join(', ');
      ctx.report({
        resource: s.resource,
        path: ['spec', 'selector'],
        message:
          `${s.resource.ref} selects pods labelled ${labels}, but no pod template in namespace ${s.resource.namespace} among the inputs has all these labels: ` +
          'the Service gets no endpoints, and Mappings and clients routed to it fail. ' +
          "Fix the selector or the pod template's labels, or lint with --context to load workloads kept elsewhere.",
      });
    }
  },
});
