import { defineRule } from '../src/engine/rule.js';
import { asMap, atLeast, LINK_STRING_FIELDS, linkPeriodProblem, linkVersionServedFrom } from '../src/model/index.js';

export default defineRule({
  meta: {
    id: 'link-version',
    severity: 'error',
    section: 'D',
    description:
      "A Link's apiVersion must be one the Linkerd version serves (v1alpha1 from 2.9, v1alpha2 from 2.17, v1alpha3 from 2.18), its probeSpec.period a Go duration, and gatewayPort and the probeSpec numbers strings, as the Link CRD types them.",
    remediation: 'Use an apiVersion the Linkerd version serves (or regenerate the Link with that version\'s `linkerd multicluster link-gen`), write probeSpec.period as a duration such as "3s", and quote gatewayPort and probeSpec.port.',
    kinds: ['Link'],
  },
  check(ctx) {
    const v = ctx.settings.linkerd.version;
    for (const link of ctx.graph.links) {
      const r = link.resource;
      const version = r.apiVersion.slice(r.apiVersion.lastIndexOf('/') + 1);
      if (!atLeast(v, '2.9')) {
        ctx.report({
          resource: r,
          path: ['apiVersion'],
          message: `${r.ref}: Linkerd ${v.text} has no Link resource (Links arrive in Linkerd 2.9; 2.8 exports Services with the gateway-name and gateway-ns annotations), so the API server refuses it. Remove the Link, or lint for the Linkerd version you run.`,
        });
        continue;
      }
      const from = linkVersionServedFrom(version);
      if (from === undefined || !atLeast(v, from)) {
        ctx.report({
          resource: r,
          path: ['apiVersion'],
          message:
            `${r.ref} is written as ${r.apiVersion}, which Linkerd ${v.text} does not serve` +
            (from ? ` (it arrives in Linkerd ${from})` : ` (Links are v1alpha1, v1alpha2 from 2.17, v1alpha3 from 2.18)`) +
            `, so the API server refuses it. Use multicluster.linkerd.io/${atLeast(v, '2.18') ? 'v1alpha3' : atLeast(v, '2.17') ? 'v1alpha2' : 'v1alpha1'}, or generate the Link with this version's linkerd CLI.`,
        });
      }
      for (const path of LINK_STRING_FIELDS) {
        const value = path.length === 1 ? link.spec[path[0]] : asMap(link.spec[path[0]])[path[1]];
        if (value === undefined || value === null || typeof value === 'string') continue;
        ctx.report({
          resource: r,
          path: ['spec', ...path],
          message: `${r.ref}: spec.${path.join('.')} is ${JSON.stringify(value)}, a ${typeof value}, but the Link CRD types it as a string, so the API server refuses the Link. Quote it: "${String(value)}".`,
        });
      }
      const period = asMap(link.spec.probeSpec).period;
      if (typeof period !== 'string') continue;
      const problem = linkPeriodProblem(period);
      if (problem === undefined) continue;
      const validated = atLeast(v, '2.18') && (version === 'v1alpha2' || version === 'v1alpha3');
      ctx.report({
        resource: r,
        path: ['spec', 'probeSpec', 'period'],
        message:
          `${r.ref}: probeSpec.period "${period}" is not a Go duration (${problem}). ` +
          (validated
            ? `Linkerd ${v.text}'s Link CRD requires one for ${version}, so the API server refuses the Link.`
            : `The service mirror reads it as one, so it cannot read the Link's probe settings and the link does not work.`) +
          ` Write it with a unit, for example "${/^\d+$/.test(period) ? `${period}s` : '3s'}".`,
      });
    }
  },
});
