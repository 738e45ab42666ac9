import { defineRule } from '../src/engine/rule.js';
import { emissaryNeedsListeners } from '../src/model/index.js';

export default defineRule({
  meta: {
    id: 'mapping-host-exact',
    severity: 'error',
    section: 'E',
    description: 'A getambassador.io/v3alpha1 Mapping\'s `host` is an exact name: one that contains `*` (without host_regex) makes Emissary reject the Mapping; globs go in `hostname`.',
    remediation: 'Move the glob to spec.hostname and remove spec.host.',
    kinds: ['Mapping'],
  },
  check(ctx) {
    // v3alpha1 exists from Emissary 2.0; older releases never read it.
    if (!emissaryNeedsListeners(ctx.settings)) return;
    for (const m of ctx.graph.mappings) {
      const r = m.resource;
      const host = m.spec.host;
      if (!r.apiVersion.endsWith('/v3alpha1') || typeof host !== 'string' || !host.includes('*') || m.spec.host_regex === true) continue;
      const also = typeof m.spec.hostname === 'string' ? ' (a hostname next to it does not save it)' : '';
      ctx.report({
        resource: r,
        path: ['spec', 'host'],
        message: `${r.ref} has host "${host}", but in getambassador.io/v3alpha1 host is an exact name and a "*" in it can match nothing, so Emissary rejects the whole Mapping${also}. Write hostname: "${host}" (a glob) and remove host.`,
      });
    }
  },
});
