import { defineRule } from '../src/engine/rule.js';
import {
  emissaryNeedsListeners,
  type HostNode,
  listenerBindsHost,
  listenerProtocolPath,
  listenersOnPort,
  probeHosts,
  probePathOf,
  probesProxyAdmin,
  probeRoute,
  probeTargetOf,
  targetPortPath,
} from '../src/model/index.js';

export default defineRule({
  meta: {
    id: 'probe-listener',
    severity: 'error',
    section: 'C',
    edge: 'gateway',
    description: 'From Emissary 2.0, a Listener on the mc-probe target port must accept plain HTTP and bind the Host that takes the probe.',
    remediation: 'Add a Listener on the mc-probe target port with protocol: HTTP (securityModel XFP) and a hostBinding that includes the namespace of the Host with hostname "*" (for example namespace.from: ALL).',
    kinds: ['Service', 'Listener', 'Host'],
  },
  check(ctx) {
    const { graph, settings } = ctx;
    if (!emissaryNeedsListeners(settings)) return; // Emissary 1.x has no Listener resource
    for (const gw of graph.gateways) {
      const probeTarget = probeTargetOf(gw);
      if (!probeTarget || probesProxyAdmin(gw, graph, ctx.clusters)) continue; // the admin-port probe never reaches Envoy
      const { port, target } = probeTarget;
      const listeners = listenersOnPort(graph, target);
      if (listeners.length === 0) {
        ctx.report({
          resource: gw.resource,
          path: targetPortPath(port),
          message:
            `${gw.resource.ref} sends the probe to Emissary's port ${target} (mc-probe), but no Listener listens there: from Emissary 2.0 Emissary opens only the ports Listeners name. ` +
            `Add a Listener with port: ${target}, protocol: HTTP, securityModel: XFP and hostBinding.namespace.from: ALL.`,
        });
        continue;
      }
      const plain = listeners.filter((l) => l.view.plainHttp);
      if (plain.length === 0) {
        const l = listeners[0];
        ctx.report({
          resource: l.resource,
          path: listenerProtocolPath(l),
          message:
            `${l.resource.ref} listens on ${gw.resource.ref}'s mc-probe target port ${target} but does not accept plain HTTP, and Linkerd's probe is plain HTTP. ` +
            `Use protocol: HTTP (or a protocolStack with HTTP and without TLS).`,
          related: [{ resource: gw.resource, path: ['spec', 'ports', port.index], message: `${gw.resource.ref}'s mc-probe port reaches port ${target}.` }],
        });
        continue;
      }
      // The Host that takes the probe; with no Host at all, Emissary's own in its namespace.
      const probe = probePathOf(gw, graph);
      let hosts: Array<Pick<HostNode, 'resource'> & { ns: string; labels: Record<string, unknown> }>;
      if (graph.hosts.length === 0) hosts = [{ resource: gw.resource, ns: gw.resource.namespace, labels: {} }];
      else {
        if (!probe?.usable) continue;
        const taking = probeHosts(graph, probeRoute(graph, probe.requestPath));
        const routing = taking.filter((h) => h.view.insecureAction === 'Route');
        hosts = (routing.length > 0 ? routing : taking).map((h) => ({ resource: h.resource, ns: h.resource.namespace, labels: h.resource.obj?.metadata?.labels ?? {} }));
        if (hosts.length === 0) continue; // probe-host reports the missing Host
      }
      if (plain.some((l) => hosts.some((h) => listenerBindsHost(l, h.ns, h.labels, graph)))) continue;
      const l = plain[0];
      const h = hosts[0];
      const hostName = graph.hosts.length === 0 ? `Emissary's default Host (namespace ${h.ns})` : h.resource.ref;
      ctx.report({
        resource: l.resource,
        path: ['spec', 'hostBinding'],
        message:
          `${l.resource.ref} takes ${gw.resource.ref}'s probe on port ${target}, but its hostBinding does not include ${hostName}, which takes the probe, so the probe finds no route. ` +
          `Set hostBinding.namespace.from: ALL (or move the Listener to namespace ${h.ns}), and make any hostBinding.selector match the Host's labels.`,
        related: graph.hosts.length === 0 ? [] : [{ resource: h.resource, path: ['metadata', 'namespace'], message: `${h.resource.ref} takes the probe.` }],
      });
    }
  },
});
