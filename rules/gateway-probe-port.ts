import { defineRule } from '../src/engine/rule.js';
import { atLeast, linkExpectations, linkFieldValue, linkGateway, linkTargetGraph, sourceProbePort, type ServiceNode } from '../src/model/index.js';

export default defineRule({
  meta: {
    id: 'gateway-probe-port',
    severity: 'error',
    section: 'C',
    description:
      "From Linkerd 2.11, a Link's probeSpec.port (copied from the gateway's mc-probe port) must equal the port of the source cluster's probe Service (the multicluster chart's probe port, 4191 unless changed): an error from 2.19, which refuses connections to ports a Service does not define, a warning before.",
    remediation: 'Give the gateway\'s mc-probe Service port the source cluster\'s probe port (4191, keeping its targetPort) and regenerate the Link, or set the source cluster\'s probe port to the mc-probe port and tell meshlint with linkerd.multicluster.probePort.',
    kinds: ['Service', 'Link'],
    edge: 'gateway',
  },
  check(ctx) {
    const { graph, settings } = ctx;
    const v = settings.linkerd.version;
    if (!atLeast(v, '2.11')) return;
    const { port: want, configured } = sourceProbePort(settings);
    const hard = atLeast(v, '2.19');
    const severity = hard ? 'error' : 'warning';
    const probeService = atLeast(v, '2.18') ? 'probe-<link>' : 'probe-gateway-<cluster>';
    const whose = configured ? `${want} (linkerd.multicluster.probePort in meshlint's config)` : `${want}, the multicluster chart's default probe port`;
    const outcome = hard
      ? `Linkerd ${v.text} refuses connections to a port a Service does not define, so every probe fails and the source cluster marks the gateway down.`
      : `Linkerd ${v.text} still lets such connections through, but from Linkerd 2.19 they are refused and the gateway is marked down on upgrade.`;
    const knob = `or set the source cluster's probe port (the link's gateway.probe.port value) to match and tell meshlint with linkerd.multicluster.probePort`;

    // Gateways whose Link is among the inputs: the Link is reported, not the gateway as well.
    const linked = new Set<ServiceNode>();
    for (const g of ctx.clusters.values()) {
      for (const link of g.links) {
        const target = linkTargetGraph(g, link, ctx.clusters);
        const gw = target ? linkGateway(link, target.gateways) : undefined;
        if (gw) linked.add(gw);
      }
    }

    for (const link of graph.links) {
      const value = linkFieldValue(link, ['spec', 'probeSpec', 'port']);
      if (value === undefined || !/^\s*\d+\s*$/.test(value) || Number(value) === want) continue;
      ctx.report({
        resource: link.resource,
        path: ['spec', 'probeSpec', 'port'],
        severity,
        message:
          `${link.resource.ref} probes the gateway on port ${value.trim()}: the service mirror dials its probe Service ${probeService} on that port, but the probe Service exposes ${whose}. ${outcome} ` +
          `Set the gateway's mc-probe port to ${want} (keeping its targetPort) and regenerate the Link with probeSpec.port "${want}", ${knob}.`,
      });
    }

    for (const gw of graph.gateways) {
      if (linked.has(gw)) continue;
      const expected = linkExpectations(gw).find((e) => e.name === 'probeSpec.port')?.expected;
      if (!expected || Number(expected.value) === want) continue;
      ctx.report({
        resource: gw.resource,
        path: expected.path,
        severity,
        message:
          `${gw.resource.ref}'s mc-probe port is ${expected.value}, which the Link generated from it copies into probeSpec.port, so the source cluster's service mirror dials its probe Service ${probeService} on ${expected.value}, but that Service exposes ${whose}. ${outcome} ` +
          `Set the mc-probe port to ${want} (keeping its targetPort), ${knob}.`,
      });
    }
  },
});
