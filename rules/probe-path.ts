import { defineRule } from '../src/engine/rule.js';
import { PROBE_PATH, probePathOf } from '../src/model/index.js';

export default defineRule({
  meta: {
    id: 'probe-path',
    severity: 'error',
    section: 'C',
    edge: 'gateway',
    description: `The gateway Service's ${PROBE_PATH} must have the form the Linkerd version expects: no leading slash for Linkerd 2.8, a leading slash from 2.9.`,
    remediation: 'For Linkerd 2.8 write the path without its leading "/" (Linkerd adds one); from Linkerd 2.9 write it with a leading "/".',
    kinds: ['Service'],
  },
  check(ctx) {
    for (const gw of ctx.graph.gateways) {
      const probe = probePathOf(gw, ctx.graph);
      if (!probe?.formProblem) continue;
      const empty = probe.corrected === '' || probe.corrected === '/';
      const fix = empty ? 'Set it to the path of the probe Mapping' : `Change it to "${probe.corrected}"`;
      ctx.report({
        resource: gw.resource,
        path: probe.path,
        message: `${gw.resource.ref} has ${PROBE_PATH} "${probe.value}": ${probe.formProblem}. ${fix}.`,
        // An empty path has no mechanical fix: only the user knows the probe Mapping's path.
        ...(empty ? {} : { fix: { description: `Set ${PROBE_PATH} to "${probe.corrected}".`, edits: [{ path: probe.path, value: probe.corrected }] } }),
      });
    }
  },
});
