import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  meta: {
    id: 'mapping-prefix',
    severity: 'error',
    section: 'E',
    description: 'A Mapping whose prefix is not a regular expression must start with a slash.',
    remediation: 'Start the prefix with "/" (for example "/api/"), or set prefix_regex: true if it is meant as a regular expression.',
    kinds: ['Mapping'],
  },
  check(ctx) {
    for (const m of ctx.graph.mappings) {
      const prefix = m.spec.prefix;
      if (typeof prefix !== 'string' || m.spec.prefix_regex === true) continue;
      if (prefix.startsWith('/')) continue;
      ctx.report({
        resource: m.resource,
        path: ['spec', 'prefix'],
        message: `${m.resource.ref} has prefix "${prefix}", which does not start with "/": Emissary matches request paths, which always do. Change it to "/${prefix}".`,
        fix: { description: `Set spec.prefix to "/${prefix}".`, edits: [{ path: ['spec', 'prefix'], value: `/${prefix}` }] },
      });
    }
  },
});
