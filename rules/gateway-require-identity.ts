import { defineRule } from '../src/engine/rule.js';
import {
  emissaryPublicPorts,
  gatewaysOf,
  mcGatewayPort,
  parsePortList,
  portListIncludes,
  proxyInboundPort,
  REQUIRE_IDENTITY,
  resolveTargetPort,
} from '../src/model/index.js';

export default defineRule({
  meta: {
    id: 'gateway-require-identity',
    severity: 'error',
    section: 'C',
    edge: 'gateway',
    description: 'The gateway pods\' config.linkerd.io/proxy-require-identity-inbound-ports must list the mc-gateway target port and no port where Emissary serves clients outside the mesh.',
    remediation: 'Set config.linkerd.io/proxy-require-identity-inbound-ports: "4143" on the Emissary pod template (the mc-gateway target port), and leave Emissary\'s own ports (8080, 8443, 8877, Listener ports) out of it.',
    kinds: ['Service', 'Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'Pod', 'Namespace', 'Listener'],
  },
  check(ctx) {
    for (const pod of ctx.graph.emissaryPods) {
      const gateways = gatewaysOf(ctx.graph, pod);
      if (gateways.length === 0) continue;
      // The port cross-cluster traffic lands on: each gateway's mc-gateway target, else the proxy's inbound port.
      const required = new Set<number>();
      for (const g of gateways) {
        const gw = mcGatewayPort(g);
        const on = gw ? resolveTargetPort(gw, [pod]).pods[0]?.port : undefined;
        required.add(on ?? proxyInboundPort(pod));
      }
      const want = [...required].sort((a, b) => a - b);
      const wantText = want.join(',');
      const eff = pod.effective(REQUIRE_IDENTITY);
      if (!eff) {
        ctx.report({
          resource: pod.resource,
          path: pod.metaPath('annotations'),
          message: `${pod.resource.ref} runs Emissary as the multicluster gateway (${gateways.map((g) => g.resource.ref).join(', ')}) without ${REQUIRE_IDENTITY}, so its proxy accepts unauthenticated connections on the gateway port ${wantText} from anywhere the load balancer is reachable. Add ${REQUIRE_IDENTITY}: "${wantText}" to the pod template's annotations.`,
        });
        continue;
      }
      const value = typeof eff.value === 'number' ? String(eff.value) : typeof eff.value === 'string' ? eff.value : '';
      const list = parsePortList(value);
      const lead =
        eff.from === 'namespace'
          ? `${eff.resource.ref} gives ${pod.resource.ref} ${REQUIRE_IDENTITY} "${value}"`
          : `${pod.resource.ref} has ${REQUIRE_IDENTITY} "${value}"`;
      const related = eff.from === 'namespace' ? [{ resource: pod.resource, path: pod.path, message: `${pod.resource.ref} inherits the annotation from its Namespace.` }] : undefined;
      const problems: string[] = [];
      if (list.invalid.length > 0) {
        problems.push(`${list.invalid.map((e) => `"${e}"`).join(', ')} ${list.invalid.length > 1 ? 'are' : 'is'} not a port or port range, so the proxy cannot read the list`);
      }
      const absent = want.filter((p) => !portListIncludes(list, p));
      if (absent.length > 0) {
        const listed = [...list.ports, ...list.ranges.map(([a, b]) => `${a}-${b}`)].join(', ');
        problems.push(`it does not include the mc-gateway target port ${absent.join(', ')}${listed ? ` (it lists ${listed} instead)` : ''}, so cross-cluster connections are not required to present a mesh identity`);
      }
      const publicPorts = [...emissaryPublicPorts(ctx.graph, pod)].sort((a, b) => a - b).filter((p) => !required.has(p) && portListIncludes(list, p));
      if (publicPorts.length > 0) {
        problems.push(`it includes ${publicPorts.join(', ')}, where Emissary serves clients outside the mesh, whose connections the proxy would then refuse`);
      }
      if (problems.length === 0) continue;
      ctx.report({
        resource: eff.resource,
        path: eff.path,
        message: `${lead}: ${problems.join('; ')}. Set it to "${wantText}".`,
        related,
      });
    }
  },
});
