import { defineRule } from '../src/engine/rule.js';
import {
  emissaryInstalls,
  emissaryNeedsListeners,
  installText,
  listenersOf,
  notEnvoyPorts,
  resolveTargetPort,
  targetPortPath,
} from '../src/model/index.js';

export default defineRule({
  meta: {
    id: 'service-listener-port',
    severity: 'error',
    section: 'G',
    description: "From Emissary 2.0, each port of Emissary's Service must reach a port where one of the install's Listeners listens (or a port Envoy does not serve, such as 8877).",
    remediation: "Add a Listener on the Service port's target port, or point the targetPort at a port a Listener names.",
    kinds: ['Service', 'Listener'],
  },
  check(ctx) {
    const { graph, settings } = ctx;
    if (!emissaryNeedsListeners(settings)) return;
    for (const install of emissaryInstalls(graph)) {
      const listeners = listenersOf(graph, install);
      // Without any Listener for the install, listener-missing speaks (or they live elsewhere).
      if (install.id === undefined || listeners.length === 0) continue;
      const listening = new Set(listeners.map((l) => l.view.port).filter((p) => p !== undefined));
      const skip = notEnvoyPorts(install.pod);
      for (const svc of graph.servicesSelecting(install.pod)) {
        for (const port of svc.ports) {
          const target = resolveTargetPort(port, [install.pod]).ports[0];
          if (target === undefined || listening.has(target) || skip.has(target)) continue;
          const ports = [...listening].sort((a, b) => a - b).join(', ');
          ctx.report({
            resource: svc.resource,
            path: targetPortPath(port),
            message:
              `Port ${port.name ? `${port.name} (${port.port})` : port.port} of ${svc.resource.ref} sends clients to port ${target} of ${installText(install)}, but no Listener of that install listens on ${target} (they listen on ${ports}), so those clients get connection refused. ` +
              `Add a Listener with port: ${target}, or set the targetPort to a Listener's port.`,
            related: listeners.slice(0, 3).map((l) => ({ resource: l.resource, path: ['spec', 'port'], message: `${l.resource.ref} listens on ${l.view.port ?? 'no port'}.` })),
          });
        }
      }
    }
  },
});
