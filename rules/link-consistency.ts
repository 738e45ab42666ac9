import { defineRule, type RelatedReport } from '../src/engine/rule.js';
import {
  atLeast,
  labelSelectorMatches,
  LINK_GATEWAY_FIELDS,
  linkExpectations,
  linkFieldValue,
  linkTarget,
  type Path,
  PROBE_PATH,
  sameLinkValue,
  setLinkSelectors,
} from '../src/model/index.js';

export default defineRule({
  meta: {
    id: 'link-consistency',
    severity: 'error',
    section: 'D',
    edge: 'link',
    description:
      "A Link must agree with the gateway of its target cluster (gatewayPort, gatewayIdentity, probeSpec.path and probeSpec.port), and its selector must select at least one of that cluster's Services.",
    remediation:
      'Copy gatewayPort, gatewayIdentity, probeSpec.path and probeSpec.port from the target gateway Service (regenerate the Link with `linkerd multicluster link`), and give the Link a selector that matches the labels of the Services to export.',
    kinds: ['Link', 'Service'],
  },
  check(ctx) {
    const { graph, settings } = ctx;
    // The Link resource exists from Linkerd 2.9.
    if (!atLeast(settings.linkerd.version, '2.9')) return;
    if (graph.links.length === 0) return;

    for (const link of graph.links) {
      const ref = link.resource.ref;
      const t = linkTarget(graph, link, ctx.clusters);
      if (!t) continue;
      const { graph: target, gateway } = t;
      const where = target.cluster ? ` in cluster ${target.cluster}` : '';

      const related = (message: string, path: Path = ['metadata', 'name']): RelatedReport[] =>
        gateway ? [{ resource: gateway.resource, path, message }] : [];

      if (gateway && LINK_GATEWAY_FIELDS.some((f) => f in link.spec)) {
        const gwRef = gateway.resource.ref;
        for (const { field, name, numeric, expected } of linkExpectations(gateway)) {
          if (!expected) continue; // gateway-ports / gateway-annotations report what the gateway lacks
          const actual = linkFieldValue(link, field);
          const fix = numeric ? `"${expected.value}"` : expected.value;
          if (actual === undefined) {
            ctx.report({
              resource: link.resource,
              path: field,
              message: `${ref} has no ${name}, but the gateway ${gwRef}${where} needs ${expected.value} (${expected.what}). Set ${name}: ${fix}.`,
              related: related(`${gwRef}: ${expected.what}.`, expected.path),
            });
            continue;
          }
          const isPath = name === 'probeSpec.path';
          // A Link path "/x" for an annotation "x" is the Link being right (probe-path reports the annotation).
          if (isPath && !expected.value.startsWith('/') && actual === `/${expected.value}`) continue;
          if (!sameLinkValue(actual, expected.value, numeric)) {
            const slash = isPath && !actual.startsWith('/') ? ' It must also start with "/": Linkerd 2.9 and later put nothing between the port and the path, so the probe URL is invalid.' : '';
            const want = isPath && !expected.value.startsWith('/') ? `/${expected.value}` : undefined;
            const advice = want ? `Set ${name}: ${want} and add the leading "/" to the gateway's ${PROBE_PATH} annotation too.` : `Set ${name}: ${fix}, or regenerate the Link.`;
            ctx.report({
              resource: link.resource,
              path: field,
              message: `${ref} has ${name} "${actual}", but the gateway ${gwRef}${where} has ${expected.value} (${expected.what}).${slash} ${advice}`,
              related: related(`${gwRef}: ${expected.what}.`, expected.path),
            });
            continue;
          }
          if (isPath && !actual.startsWith('/')) {
            ctx.report({
              resource: link.resource,
              path: field,
              message: `${ref} has probeSpec.path "${actual}", which does not start with "/": Linkerd 2.9 and later put nothing between the probe port and the path, so the probe URL is invalid and the gateway is always down. Use "/${actual}" here and in the gateway's ${PROBE_PATH} annotation.`,
              related: related(`${gwRef}: the ${PROBE_PATH} annotation.`, expected.path),
            });
          }
        }
      }

      // Services exported: the selectors that are set, against the target cluster's Services.
      const set = setLinkSelectors(link);
      const selPath: Path = ['spec', 'selector'];
      if (set.length === 0) {
        ctx.report({
          resource: link.resource,
          path: selPath,
          message: `${ref} has ${'selector' in link.spec ? 'an empty selector' : 'no selector'}, and an empty or missing selector exports nothing (it does not mean "everything"). Set selector to match the exported Services, for example matchLabels: {mirror.linkerd.io/exported: "true"}.`,
          related: related(`The gateway of the target cluster${where}.`),
        });
        continue;
      }
      const exportsAny = target.services.some((s) => set.some((k) => labelSelectorMatches(link.spec[k], s.labels)));
      if (!exportsAny) {
        const which = set.join(' and ');
        ctx.report({
          resource: link.resource,
          path: set.includes('selector') ? selPath : ['spec', set[0]],
          message: `${ref}'s ${which} select${set.length === 1 ? 's' : ''} no Service${where || ' in the inputs'}, so the Link exports nothing. Label the Services to export so that the ${which} match${set.length === 1 ? 'es' : ''} them, or change the ${which}.`,
          related: related(`The gateway of the target cluster${where}.`),
        });
      }
    }
  },
});
