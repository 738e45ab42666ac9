import { defineRule, type RuleContext } from '../src/engine/rule.js';
import {
  EMISSARY_HTTP_PORT,
  emissaryListenPorts,
  emissaryNeedsListeners,
  gatewayPods,
  isNearMissPortName,
  listenersOnPort,
  MC_GATEWAY_PORT,
  MC_PROBE_PORT,
  mcGatewayPort,
  mcProbePort,
  nearMissPort,
  probesProxyAdmin,
  proxyInboundPort,
  resolveTargetPort,
  type ServiceNode,
  type ServicePortNode,
  targetPortPath,
} from '../src/model/index.js';

function portsPath(svc: ServiceNode): Array<string | number> {
  return svc.ports.length > 0 ? ['spec', 'ports'] : ['spec'];
}

function describe(p: ServicePortNode): string {
  return p.name !== undefined ? `"${p.name}"` : `#${p.index + 1}`;
}

/**
 * Whether renaming this near-miss port to `wanted` is unambiguous: it is the only port that is a
 * near miss of `wanted`, and neither the other gateway port's name nor a near miss of it.
 */
function renameIsSafe(svc: ServiceNode, near: ServicePortNode, wanted: string): boolean {
  const other = wanted === MC_GATEWAY_PORT ? MC_PROBE_PORT : MC_GATEWAY_PORT;
  const name = near.name!;
  if (name === other || isNearMissPortName(name, other)) return false;
  return svc.ports.filter((p) => p.name !== undefined && isNearMissPortName(p.name, wanted)).length === 1;
}

function reportMissing(ctx: RuleContext, svc: ServiceNode, wanted: string, what: string, example: string): void {
  const near = nearMissPort(svc, wanted);
  if (near) {
    const path = ['spec', 'ports', near.index, 'name'];
    ctx.report({
      resource: svc.resource,
      path,
      message: `${svc.resource.ref} has no port named "${wanted}" (${what}); did you mean "${wanted}" instead of "${near.name}"? Linkerd finds the port by its exact name. Rename it to "${wanted}".`,
      ...(renameIsSafe(svc, near, wanted) ? { fix: { description: `Rename port "${near.name}" to "${wanted}".`, edits: [{ path, value: wanted }] } } : {}),
    });
    return;
  }
  ctx.report({
    resource: svc.resource,
    path: portsPath(svc),
    message: `${svc.resource.ref} is a multicluster gateway but has no port named "${wanted}" (${what}). Add ${example}.`,
  });
}

export default defineRule({
  meta: {
    id: 'gateway-ports',
    severity: 'error',
    section: 'C',
    edge: 'gateway',
    description: 'A multicluster gateway Service needs a port named mc-gateway that reaches the proxy\'s inbound port 4143, and a port named mc-probe whose target is a port Emissary listens on.',
    remediation: 'Add {name: mc-gateway, port: 4143} and {name: mc-probe, port: 80, targetPort: 8080} (a port Emissary listens on; with Emissary 2.0 and later, one a Listener opens) to the gateway Service\'s ports.',
    kinds: ['Service', 'Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'Pod', 'Listener'],
  },
  check(ctx) {
    for (const svc of ctx.graph.gateways) {
      const pods = gatewayPods(svc);
      const ref = svc.resource.ref;

      const gw = mcGatewayPort(svc);
      if (!gw) {
        reportMissing(ctx, svc, MC_GATEWAY_PORT, "Linkerd's cross-cluster traffic enters there", '{name: mc-gateway, port: 4143} (its targetPort, when set, must be 4143)');
      } else {
        const res = resolveTargetPort(gw, pods);
        const wrong = res.pods.filter((o) => o.port !== proxyInboundPort(o.pod));
        if (wrong.length > 0) {
          const o = wrong[0];
          const inbound = proxyInboundPort(o.pod);
          const target =
            o.port === undefined && gw.targetPort === undefined
              ? 'no port number'
              : o.port === undefined
              ? `targetPort "${String(gw.targetPort)}", which names no container port of ${o.pod.resource.ref}`
              : gw.targetPort === undefined
                ? `port ${String(gw.port)} and no targetPort, so it sends traffic to container port ${o.port}`
                : `targetPort ${String(gw.targetPort)}${typeof gw.targetPort === 'string' ? ` (container port ${o.port})` : ''}`;
          const fix =
            gw.targetPort === undefined
              ? `Set its port to ${inbound}, or keep the port and add targetPort: ${inbound}`
              : `Set targetPort to ${inbound}, or remove it and use port ${inbound}`;
          ctx.report({
            resource: svc.resource,
            path: targetPortPath(gw),
            message: `${ref} port "mc-gateway" has ${target}; cross-cluster traffic must reach the Linkerd proxy's inbound port ${inbound}, where the proxy in gateway mode forwards it to the exported Services. ${fix}.`,
            related: [{ resource: o.pod.resource, path: o.pod.path, message: `${o.pod.resource.ref} is the gateway's pod template.` }],
          });
        }
      }

      const probe = mcProbePort(svc);
      if (!probe) {
        reportMissing(ctx, svc, MC_PROBE_PORT, "Linkerd's health probe of the gateway uses it", '{name: mc-probe, port: 80, targetPort: 8080}, whose targetPort is a port Emissary listens on');
        continue;
      }
      // Linkerd's own design: mc-probe reaches the proxy's admin port and the probe asks /ready or /live.
      if (probesProxyAdmin(svc, ctx.graph, ctx.clusters)) continue;
      const res = resolveTargetPort(probe, pods);
      if (res.unresolved.length > 0) {
        const pod = res.unresolved[0];
        ctx.report({
          resource: svc.resource,
          path: targetPortPath(probe),
          message: `${ref} port "mc-probe" has targetPort "${String(probe.targetPort)}", which names no container port of ${pod.resource.ref}, so the gateway probe reaches nothing. Use the number of a port Emissary listens on (8080 for Emissary's HTTP listener) or the name of one of its container ports.`,
          related: [{ resource: pod.resource, path: [...pod.path, 'spec', 'containers'], message: `${pod.resource.ref} declares its container ports here.` }],
        });
        continue;
      }
      const listen = emissaryListenPorts(ctx.graph, pods);
      const missed = res.ports.filter((p) => !listen.ports.has(p));
      if (missed.length === 0) continue;
      const port = missed[0];
      const declared = new Set(pods.flatMap((p) => p.containerPorts.map((c) => c.port)));
      let why: string;
      if (emissaryNeedsListeners(ctx.settings) && listenersOnPort(ctx.graph, port).length === 0) {
        why = `no Listener opens port ${port}, and Emissary ${ctx.settings.emissary.version.text} listens only where a Listener says`;
      } else if (declared.size > 0 && !declared.has(port)) {
        why = `port ${port} is not a container port of ${pods.map((p) => p.resource.ref).join(', ')}`;
      } else {
        why = `Emissary does not listen on port ${port} (it listens on ${listen.basis}: ${[...listen.ports].sort((a, b) => a - b).join(', ') || 'none'})`;
      }
      const how = probe.targetPort === undefined ? `port ${String(probe.port)} and no targetPort, so the probe goes to container port ${port}` : `targetPort ${describeTarget(probe, port)}`;
      const options = [...listen.ports].sort((a, b) => a - b);
      const fixTo = options.includes(EMISSARY_HTTP_PORT) ? EMISSARY_HTTP_PORT : options[0];
      const fix = fixTo !== undefined ? `Set targetPort to ${fixTo}` : emissaryNeedsListeners(ctx.settings) ? `Add a Listener on port ${port} (protocol: HTTP), or point targetPort at the port of an HTTP Listener` : 'Point targetPort at a port Emissary listens on (8080)';
      ctx.report({
        resource: svc.resource,
        path: targetPortPath(probe),
        message: `${ref} port ${describe(probe)} has ${how}, but ${why}: the gateway probe fails and the remote cluster marks the gateway down. ${fix}.`,
      });
    }
  },
});

function describeTarget(p: ServicePortNode, resolved: number): string {
  return typeof p.targetPort === 'string' && !/^\d+$/.test(p.targetPort) ? `"${p.targetPort}" (container port ${resolved})` : String(resolved);
}
