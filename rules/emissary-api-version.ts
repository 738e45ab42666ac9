import { defineRule } from '../src/engine/rule.js';
import { legacyApiVersion } from '../src/model/index.js';

export default defineRule({
  meta: {
    id: 'emissary-api-version',
    severity: 'error',
    section: 'G',
    description: 'A getambassador.io/v1 or v2 resource is not served by Emissary 4.x unless legacy versions are enabled (error), and is deprecated on Emissary 3.x, where only the apiext conversion webhook serves it (warning).',
    remediation: 'Write the resource as getambassador.io/v3alpha1, renaming the fields that changed (for a Mapping, host becomes hostname).',
    kinds: ['Mapping', 'Host', 'Module', 'TLSContext', 'TCPMapping', 'AuthService', 'RateLimitService'],
  },
  check(ctx) {
    const emissary = ctx.settings.emissary.version;
    if (emissary.major < 3) return;
    for (const r of ctx.graph.resources) {
      const version = legacyApiVersion(r);
      if (!version) continue;
      if (emissary.major >= 4) {
        ctx.report({
          resource: r,
          path: ['apiVersion'],
          message:
            `${r.ref} is written as ${r.apiVersion}, which Emissary ${emissary.text} serves only when its CRDs enable legacy versions (enableLegacyVersions: true${version === 'v1' ? ', and enableV1: true for v1' : ''}); otherwise the API server refuses it. ` +
            `Write it as getambassador.io/v3alpha1.`,
        });
      } else {
        ctx.report({
          resource: r,
          path: ['apiVersion'],
          severity: 'warning',
          message:
            `${r.ref} is written as ${r.apiVersion}, which Emissary ${emissary.text} serves only through its apiext conversion webhook and has deprecated; Emissary 4.x no longer serves it by default. ` +
            `Write it as getambassador.io/v3alpha1.`,
        });
      }
    }
  },
});
