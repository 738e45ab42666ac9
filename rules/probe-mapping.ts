import { defineRule, type RelatedReport } from '../src/engine/rule.js';
import {
  ALIVE_PATH,
  atLeast,
  effectiveProbePath,
  EMISSARY_DIAG_PORT,
  PROBE_PATH,
  probeMappingProblems,
  probedPath,
  probePathOf,
  probesProxyAdmin,
  probeRoute,
  READY_PATH,
} from '../src/model/index.js';

export default defineRule({
  meta: {
    id: 'probe-mapping',
    severity: 'error',
    section: 'C',
    edge: 'gateway',
    description: `A Mapping must answer the gateway's probe path: its prefix equal to the path Linkerd requests, routed to Emissary's readiness endpoint ${READY_PATH} on localhost:${EMISSARY_DIAG_PORT}, with hostname "*".`,
    remediation: `Add a Mapping with the probe path as prefix, rewrite: ${READY_PATH}, service: localhost:${EMISSARY_DIAG_PORT} and hostname: "*", or set the probe path to ${READY_PATH}, which Emissary answers itself.`,
    kinds: ['Service', 'Mapping', 'Module'],
  },
  check(ctx) {
    const modern = atLeast(ctx.settings.linkerd.version, '2.9');
    for (const gw of ctx.graph.gateways) {
      const probe = probePathOf(gw, ctx.graph);
      if (!probe?.usable || probesProxyAdmin(gw, ctx.graph, ctx.clusters)) continue; // the admin-port probe never reaches Envoy
      // From 2.9 a malformed path makes the probe URL invalid: nothing is requested, and
      // probe-path's finding is the whole story.
      if (probe.formProblem && modern) continue;
      if (probe.formProblem) {
        // The annotation's form is wrong (probe-path reports that): what Linkerd requests now is
        // served by no Mapping. Say which Mapping would serve the corrected path, so the fix goes
        // to the annotation and not to a working Mapping.
        const sent = effectiveProbePath(probe.value, ctx.settings);
        const fixed = probeRoute(ctx.graph, probe.requestPath);
        if (probeRoute(ctx.graph, sent).served) continue;
        const byMapping = fixed.served && fixed.served !== 'builtin' ? fixed.served : undefined;
        const serving = byMapping ? `${byMapping.resource.ref} serves "${probe.requestPath}", the path the corrected annotation gives` : fixed.served === 'builtin' ? `Emissary's own Mapping serves "${probe.requestPath}", the path the corrected annotation gives` : undefined;
        ctx.report({
          resource: gw.resource,
          path: probe.path,
          message:
            `${gw.resource.ref} is probed at "${sent}" as Linkerd ${ctx.settings.linkerd.version.text} reads ${PROBE_PATH}, and no Mapping serves that path, so the probe gets no 200 and Linkerd marks the gateway down. ` +
            (serving ? `${serving}: change the annotation to "${probe.corrected}" (see probe-path), not the Mapping.` : `Change the annotation to "${probe.corrected}" (see probe-path) and give a Mapping that prefix, rewrite: ${READY_PATH}, service: localhost:${EMISSARY_DIAG_PORT} and hostname: "*".`),
          related: byMapping ? [{ resource: byMapping.resource, path: ['spec', 'prefix'], message: `${byMapping.resource.ref} serves the corrected probe path.` }] : [],
        });
        continue;
      }
      // From 2.9 the service mirror requests the Link's probeSpec.path when the Link is known.
      const probed = probedPath(gw, ctx.graph, ctx.clusters);
      if (!probed) continue; // the Link's path has no leading "/": no request (link-consistency reports it)
      const want = probed.path;
      const route = probeRoute(ctx.graph, want);
      if (route.served) continue;
      const near = route.nearest;
      const related: RelatedReport[] = [];
      let why: string;
      if (near && route.samePrefix.includes(near)) {
        why = `${near.resource.ref} has that prefix, but ${probeMappingProblems(near, want).join(', and ')}`;
        related.push({ resource: near.resource, path: ['spec'], message: `${near.resource.ref} has the probe path as prefix but does not answer the probe.` });
      } else if (near) {
        why = `no Mapping has that prefix; ${near.resource.ref} routes to Emissary's diagnostics server, but with prefix "${String(near.spec.prefix ?? '')}"`;
        related.push({ resource: near.resource, path: ['spec', 'prefix'], message: `${near.resource.ref} routes to localhost:${EMISSARY_DIAG_PORT}; change its prefix to "${want}".` });
      } else if (want === READY_PATH || want === ALIVE_PATH) {
        why = `the ambassador Module turns off Emissary's own Mapping for it (${want === READY_PATH ? 'readiness_probe' : 'liveness_probe'} and diagnostics both have enabled: false), and no Mapping has that prefix`;
      } else {
        why = 'no Mapping has that prefix';
      }
      const builtin = modern ? READY_PATH : READY_PATH.slice(1);
      const alternative = want === READY_PATH || want === ALIVE_PATH ? 'turn the built-in Mapping back on in the ambassador Module' : `set ${PROBE_PATH} to "${builtin}", which Emissary answers itself`;
      if (probed.link) related.push({ resource: probed.link.resource, path: ['spec', 'probeSpec', 'path'], message: `${probed.link.resource.ref} sets the path the probe requests.` });
      const source = probed.link ? ` (the path of ${probed.link.resource.ref}'s probeSpec, which the service mirror requests)` : '';
      ctx.report({
        resource: gw.resource,
        path: probe.path,
        message:
          `${gw.resource.ref} is probed at "${want}"${source}, and ${why}, so the probe gets no 200 and Linkerd marks the gateway down. ` +
          `Give a Mapping prefix "${want}", rewrite: ${READY_PATH}, service: localhost:${EMISSARY_DIAG_PORT} and hostname: "*", or ${alternative}.`,
        related,
      });
    }
  },
});
