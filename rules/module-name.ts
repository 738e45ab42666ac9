import { defineRule } from '../src/engine/rule.js';
import { asMap, READ_MODULE_NAMES } from '../src/model/index.js';

export default defineRule({
  meta: {
    id: 'module-name',
    severity: 'warning',
    section: 'G',
    description: 'A getambassador.io Module must be named `ambassador` (Emissary reads no other, apart from the legacy `tls` and `authentication` Modules), or its settings have no effect.',
    remediation: 'Rename the Module to `ambassador`, or move its config into the existing `ambassador` Module.',
    kinds: ['Module'],
  },
  check(ctx) {
    for (const r of ctx.graph.ofKind('Module')) {
      if (r.group !== 'getambassador.io' || READ_MODULE_NAMES.has(r.name)) continue;
      const keys = Object.keys(asMap(asMap(r.obj.spec).config));
      const settings = keys.length === 0 ? 'its settings' : `its settings (${keys.slice(0, 3).join(', ')}${keys.length > 3 ? ', ...' : ''})`;
      ctx.report({
        resource: r,
        path: ['metadata', 'name'],
        message: `${r.ref} is named "${r.name}", but Emissary reads only the Module named ambassador, so ${settings} have no effect. Rename it to ambassador, or move its config into the ambassador Module.`,
      });
    }
  },
});
