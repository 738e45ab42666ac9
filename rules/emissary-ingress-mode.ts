import { defineRule } from '../src/engine/rule.js';
import {
  asArray,
  atLeast,
  INJECT,
  isObject,
  type Path,
  type PodTemplateNode,
  type Graph,
  type Resource,
  type Version,
} from '../src/model/index.js';

const INGRESS_MODE_ENV = 'LINKERD2_PROXY_INGRESS_MODE';

/** Why ingress mode is wrong for Emissary, true for the Linkerd version linted and for how Emissary resolves endpoints. */
function why(graph: Graph, version: Version): string {
  const endpoints = graph.mappings.some((m) => m.resolver.kind === 'endpoint');
  const parts: string[] = [];
  parts.push(
    endpoints
      ? 'Meshed normally, Emissary already gets mTLS.'
      : 'Emissary connects to Service addresses, so meshed normally it already gets mTLS and Linkerd load balancing.',
  );
  parts.push("In ingress mode the proxy routes on the l5d-dst-override header, which any client can send: Emissary becomes an open relay into the cluster unless every Mapping strips the client's header.");
  if (atLeast(version, '2.11') && !atLeast(version, '2.12')) parts.push(`Linkerd ${version.text} also refuses Emissary's non-HTTP outbound traffic in ingress mode (such as TLS to the Kubernetes API).`);
  if (atLeast(version, '2.13') && !atLeast(version, '2.13.5')) parts.push(`Linkerd ${version.text} fails every request that arrives without l5d-dst-override in ingress mode.`);
  else if (atLeast(version, '2.11') && !atLeast(version, '2.13')) parts.push(`Linkerd ${version.text} forwards requests without l5d-dst-override without mTLS in ingress mode.`);
  return parts.join(' ');
}

/** Where an already-injected proxy container turns ingress mode on (output of `linkerd inject --ingress`). */
function proxyEnvPath(p: PodTemplateNode): Path | undefined {
  const ci = p.containers.findIndex((c) => c.name === 'linkerd-proxy');
  if (ci < 0) return undefined;
  const env = asArray(p.containers[ci].env);
  const ei = env.findIndex((e) => isObject(e) && e.name === INGRESS_MODE_ENV && String(e.value).toLowerCase() === 'true');
  if (ei < 0) return undefined;
  return [...p.path, 'spec', 'containers', ci, 'env', ei, 'value'];
}

export default defineRule({
  meta: {
    id: 'emissary-ingress-mode',
    severity: 'warning',
    section: 'B',
    description: 'Emissary should be meshed normally (`linkerd.io/inject: enabled`), not in Linkerd ingress mode (`linkerd.io/inject: ingress`).',
    remediation:
      'Change `linkerd.io/inject: ingress` to `enabled` for the Emissary pods. If ingress mode is truly needed, make every Mapping strip the client-sent `l5d-dst-override` header (for example with `remove_request_headers`).',
    kinds: ['Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'Pod', 'Namespace'],
  },
  check(ctx) {
    // Before 2.9 there is no ingress mode: inject-value reports the value as invalid.
    if (!atLeast(ctx.settings.linkerd.version, '2.9')) return;
    // A namespace-level value is reported once, naming every Emissary workload it applies to. Each
    // resource holds one such place: a Namespace's annotation, or a workload's pod template or proxy.
    const byResource = new Map<Resource, { path: Path; from: 'pod' | 'namespace' | 'proxy'; pods: string[] }>();
    const add = (resource: Resource, path: Path, from: 'pod' | 'namespace' | 'proxy', pod: string) => {
      const entry = byResource.get(resource);
      if (entry) entry.pods.push(pod);
      else byResource.set(resource, { path, from, pods: [pod] });
    };
    for (const p of ctx.graph.emissaryPods) {
      const inject = p.effective(INJECT);
      if (inject?.value === 'ingress') {
        add(inject.resource, inject.path, inject.from, p.resource.ref);
        continue;
      }
      const env = p.hasProxy ? proxyEnvPath(p) : undefined;
      if (env) add(p.resource, env, 'proxy', p.resource.ref);
    }
    const WHY = why(ctx.graph, ctx.settings.linkerd.version);
    for (const [resource, { path, from, pods }] of byResource) {
      const subject = pods.join(', ');
      const message =
        from === 'namespace'
          ? `${resource.ref} meshes its pods in Linkerd ingress mode, including Emissary (${subject}). ${WHY} Set linkerd.io/inject: enabled on the Emissary pod template.`
          : from === 'proxy'
            ? `The Linkerd proxy of ${subject} (Emissary) runs in ingress mode (${INGRESS_MODE_ENV}). ${WHY} Inject Emissary again without --ingress.`
            : `${subject} meshes Emissary in Linkerd ingress mode. ${WHY} Use "enabled".`;
      ctx.report({ resource, path, message });
    }
  },
});
