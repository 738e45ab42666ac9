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

/** Why requiring identity on the gateway port is defence in depth, true for every Linkerd version. */
const DEFENCE =
  "The gateway proxy already refuses cross-cluster connections without a mesh identity (Linkerd 2.8 and 2.9 refuse them as having no identity; from 2.10 connections to the gateway port must be mTLS), so this is defence in depth: requiring identity on that port also refuses a client that bypasses the gateway's own check, for example after a configuration change.";

export default defineRule({
  meta: {
    id: 'gateway-require-identity',
    severity: 'error',
    section: 'C',
    edge: 'gateway',
    description: 'The gateway pods\' config.linkerd.io/proxy-require-identity-inbound-ports must not list a port where Emissary serves clients outside the mesh (error), and should list the mc-gateway target port (warning, defence in depth).',
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
          message: `${pod.resource.ref} runs Emissary as the multicluster gateway (${gateways.map((g) => g.resource.ref).join(', ')}) without ${REQUIRE_IDENTITY}. ${DEFENCE} Add ${REQUIRE_IDENTITY}: "${wantText}" to the pod template's annotations.`,
          severity: 'warning',
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
      // Errors: the list cannot be read, or it refuses Emissary's own clients. Warnings: the
      // gateway port is left out, which only drops a second lock on a locked door.
      const problems: string[] = [];
      const hardening: string[] = [];
      if (list.invalid.length > 0) {
        problems.push(`${list.invalid.map((e) => `"${e}"`).join(', ')} ${list.invalid.length > 1 ? 'are' : 'is'} not a port or port range, so the proxy cannot read the list`);
      }
      const absent = want.filter((p) => !portListIncludes(list, p));
      if (absent.length > 0) {
        const listed = [...list.ports, ...list.ranges.map(([a, b]) => `${a}-${b}`)].join(', ');
        hardening.push(`it does not include the mc-gateway target port ${absent.join(', ')}${listed ? ` (it lists ${listed} instead)` : ''}`);
      }
      const publicPorts = [...emissaryPublicPorts(ctx.graph, pod)].sort((a, b) => a - b).filter((p) => !required.has(p) && portListIncludes(list, p));
      if (publicPorts.length > 0) {
        problems.push(`it includes ${publicPorts.join(', ')}, where Emissary serves clients outside the mesh, whose connections the proxy would then refuse`);
      }
      if (problems.length === 0 && hardening.length === 0) continue;
      const all = [...problems, ...hardening].join('; ');
      ctx.report({
        resource: eff.resource,
        path: eff.path,
        message: `${lead}: ${all}.${hardening.length > 0 ? ` ${DEFENCE}` : ''} Set it to "${wantText}".`,
        related,
        ...(problems.length === 0 ? { severity: 'warning' as const } : {}),
      });
    }
  },
});
