import { defineRule } from '../src/engine/rule.js';
import {
  addTo,
  annotationPath,
  asMap,
  GATEWAY_IDENTITY,
  gatewayPods,
  type Path,
  type PodTemplateNode,
  valueAt,
  workloadIdentity,
} from '../src/model/index.js';

/** Where a pod template names its service account, or its metadata when it names none. */
function serviceAccountPath(pod: PodTemplateNode): Path {
  const spec = asMap(valueAt(pod.resource.obj, [...pod.path, 'spec']));
  if (typeof spec.serviceAccountName === 'string' && spec.serviceAccountName) return [...pod.path, 'spec', 'serviceAccountName'];
  if (typeof spec.serviceAccount === 'string' && spec.serviceAccount) return [...pod.path, 'spec', 'serviceAccount'];
  return pod.metaPath();
}

export default defineRule({
  meta: {
    id: 'gateway-identity',
    severity: 'error',
    section: 'C',
    edge: 'gateway',
    description: 'The gateway Service\'s mirror.linkerd.io/gateway-identity must be the mesh identity of the Emissary pods it selects.',
    remediation: 'Set mirror.linkerd.io/gateway-identity to <serviceaccount>.<namespace>.serviceaccount.identity.<linkerd namespace>.<trust domain> of the gateway pods (for the published install: emissary-ingress.emissary.serviceaccount.identity.linkerd.cluster.local).',
    kinds: ['Service', 'Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'Pod'],
  },
  check(ctx) {
    for (const svc of ctx.graph.gateways) {
      const raw = svc.annotations[GATEWAY_IDENTITY];
      if (raw === undefined || raw === null || String(raw) === '') continue;
      const value = String(raw);
      const byIdentity = new Map<string, PodTemplateNode[]>();
      for (const pod of gatewayPods(svc)) {
        const id = workloadIdentity(pod.serviceAccount, pod.namespace, ctx.settings);
        addTo(byIdentity, id, pod);
      }
      const path = annotationPath(GATEWAY_IDENTITY);
      if (byIdentity.size > 1) {
        const pods = [...byIdentity.values()].map((l) => l[0]);
        ctx.report({
          resource: svc.resource,
          path,
          message: `${svc.resource.ref} selects Emissary pods with different identities (${[...byIdentity.keys()].join(', ')}), but a gateway has one identity: remote clusters refuse connections to the pods whose identity differs from "${value}". Run the gateway's pods under one service account and set ${GATEWAY_IDENTITY} to its identity.`,
          related: pods.map((p) => ({ resource: p.resource, path: serviceAccountPath(p), message: `${p.resource.ref} runs as service account "${p.serviceAccount}" in ${p.namespace}.` })),
        });
        continue;
      }
      const [[expected, pods]] = [...byIdentity.entries()];
      if (value === expected) continue;
      const pod = pods[0];
      const { namespace, trustDomain } = ctx.settings.linkerd;
      ctx.report({
        resource: svc.resource,
        path,
        message: `${svc.resource.ref} has ${GATEWAY_IDENTITY} "${value}", but its Emissary pods (${pod.resource.ref}, service account "${pod.serviceAccount}") present "${expected}" (Linkerd namespace "${namespace}", trust domain "${trustDomain}"): remote clusters check the gateway's TLS identity against the annotation and refuse every connection. Set it to "${expected}".`,
        fix: { description: `Set ${GATEWAY_IDENTITY} to "${expected}".`, edits: [{ path, value: expected }] },
        related: [{ resource: pod.resource, path: serviceAccountPath(pod), message: `${pod.resource.ref} runs as service account "${pod.serviceAccount}" in ${pod.namespace}.` }],
      });
    }
  },
});
