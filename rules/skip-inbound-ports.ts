import { defineRule } from '../src/engine/rule.js';
import {
  emissaryContainerPorts,
  gatewaysOf,
  mcProbePort,
  parsePortList,
  portListIncludes,
  resolveTargetPort,
  SKIP_INBOUND,
} from '../src/model/index.js';

export default defineRule({
  meta: {
    id: 'skip-inbound-ports',
    severity: 'warning',
    section: 'B',
    edge: 'gateway',
    description:
      "`config.linkerd.io/skip-inbound-ports` on Emissary's pods must name container ports Emissary listens on (warning), and in a target cluster must not skip the gateway's `mc-probe` target port (error).",
    remediation:
      'List container ports, not Service ports (Emissary listens on 8080 and 8443, not 80 and 443), or remove the annotation; in a target cluster, never skip the `mc-probe` target port.',
    kinds: ['Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'Pod', 'Namespace', 'Service', 'Listener'],
  },
  check(ctx) {
    const g = ctx.graph;
    const listenerPorts = g.listeners.map((l) => l.view.port).filter((n): n is number => typeof n === 'number');

    for (const p of g.emissaryPods) {
      if (!p.meshed) continue;
      const skip = p.effective(SKIP_INBOUND);
      if (!skip) continue;
      const list = parsePortList(skip.value);
      const ref = p.resource.ref;
      const value = String(skip.value);

      // The probe reaches Emissary through its proxy, over mTLS: skipping that port hands the
      // encrypted probe to Envoy's plain listener.
      const probeTargets = new Set<number>();
      const probeSkipped = new Set<number>();
      if (g.isTargetCluster) {
        for (const s of gatewaysOf(g, p)) {
          const probe = mcProbePort(s);
          const port = probe ? resolveTargetPort(probe, [p]).ports[0] : undefined;
          if (probe === undefined || port === undefined) continue;
          probeTargets.add(port);
          if (!portListIncludes(list, port) || probeSkipped.has(port)) continue;
          probeSkipped.add(port);
          ctx.report({
            resource: skip.resource,
            path: skip.path,
            severity: 'error',
            message:
              `config.linkerd.io/skip-inbound-ports "${value}" makes the proxy of ${ref} skip port ${port}, the target of the mc-probe port of the gateway ${s.resource.ref}. ` +
              "Linkerd's probe arrives over mTLS and needs the proxy to unwrap it; skipped, it hits Emissary's plain listener and the gateway is reported down. " +
              (list.ports.includes(port) ? `Remove ${port} from the list.` : `Change the list so that it leaves out ${port}.`),
            related: [{ resource: s.resource, path: ['spec', 'ports', probe.index], message: `The mc-probe port of ${s.resource.ref} sends the probe to port ${port}.` }],
          });
        }
      }

      const known = new Set<number>([...emissaryContainerPorts(p), ...listenerPorts]);
      if (known.size === 0) continue; // the pod declares no ports: nothing to compare with
      const noop: string[] = [];
      for (const n of list.ports) if (!known.has(n) && !probeSkipped.has(n)) noop.push(String(n));
      for (const [a, b] of list.ranges) if (![...known].some((n) => n >= a && n <= b)) noop.push(`${a}-${b}`);
      if (noop.length === 0) continue;

      // Service ports that reach this pod on another container port, for the hint.
      const hints: string[] = [];
      for (const s of g.servicesSelecting(p)) {
        for (const sp of s.ports) {
          if (sp.port === undefined || !noop.includes(String(sp.port))) continue;
          const to = resolveTargetPort(sp, [p]).ports[0];
          if (to === undefined || to === sp.port || !known.has(to)) continue;
          const keep = probeTargets.has(to) ? ' (the mc-probe target, which must stay behind the proxy)' : '';
          hints.push(`${sp.port} is the port of ${s.resource.ref}, which reaches the pod on ${to}${keep}`);
        }
      }
      const listens = [...known].sort((a, b) => a - b).join(', ');
      const plural = noop.length > 1;
      ctx.report({
        resource: skip.resource,
        path: skip.path,
        message:
          `config.linkerd.io/skip-inbound-ports on ${ref} lists ${noop.join(', ')}, which ${plural ? 'are' : 'is'} not ${plural ? 'ports' : 'a port'} Emissary listens on (${listens}), so skipping ${plural ? 'them' : 'it'} does nothing. ` +
          (hints.length > 0 ? `The list takes container ports, not Service ports: ${[...new Set(hints)].join('; ')}. ` : 'The list takes container ports, not Service ports. ') +
          'Remove the annotation, or list the container ports that must bypass the proxy.',
      });
    }
  },
});
