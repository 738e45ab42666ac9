import { defineRule } from '../src/engine/rule.js';
import {
  annotationPath,
  atLeast,
  EXPORTED,
  GATEWAY_NAME,
  GATEWAY_NS,
  labelSelectorMatches,
  setLinkSelectors,
  type StringMap,
  usesExportAnnotations,
} from '../src/model/index.js';

export default defineRule({
  meta: {
    id: 'export-legacy-annotations',
    severity: 'warning',
    section: 'D',
    description:
      'Linkerd 2.9 and later ignore the mirror.linkerd.io/gateway-name and gateway-ns annotations; a Service is exported by the label mirror.linkerd.io/exported, whose value must be "true" from Linkerd 2.12 for the default Link selector.',
    remediation:
      'Remove the gateway-name and gateway-ns annotations and label the Service mirror.linkerd.io/exported: "true" (or "remote-discovery" from Linkerd 2.14), or give the Link a selector that matches the label.',
    kinds: ['Service', 'Link'],
  },
  check(ctx) {
    const { graph, settings } = ctx;
    if (usesExportAnnotations(settings)) return;
    const v = settings.linkerd.version;
    const valueMatters = atLeast(v, '2.12');
    const remoteDiscovery = atLeast(v, '2.14');

    // Link selectors known in any tree: a Service they select is exported whatever its label value.
    const selectors: unknown[] = [];
    if (valueMatters) {
      for (const g of ctx.clusters.values()) {
        for (const l of g.links) for (const k of setLinkSelectors(l)) selectors.push(l.spec[k]);
      }
    }
    const selectedByLink = (labels: StringMap) => selectors.some((s) => labelSelectorMatches(s, labels));

    for (const s of graph.services) {
      const ref = s.resource.ref;
      const labelled = EXPORTED in s.labels;
      for (const key of [GATEWAY_NAME, GATEWAY_NS]) {
        if (!(key in s.annotations)) continue;
        ctx.report({
          resource: s.resource,
          path: annotationPath(key),
          target: 'key',
          message: labelled
            ? `${ref} has ${key}, which Linkerd ${v.text} ignores (only Linkerd 2.8 read it); the ${EXPORTED} label is what exports the Service. Remove the annotation.`
            : `${ref} has ${key}, which Linkerd ${v.text} ignores (only Linkerd 2.8 read it), so this annotation exports nothing. Label the Service ${EXPORTED}: "true" and remove the annotation.`,
        });
      }
      if (!valueMatters || !labelled) continue;
      const value = s.labels[EXPORTED];
      // A value that is not a string is annotation-value-type's finding.
      if (typeof value !== 'string') continue;
      if (value === 'true' || (remoteDiscovery && value === 'remote-discovery')) continue;
      if (selectedByLink(s.labels)) continue;
      const accepted = remoteDiscovery ? '"true" (or "remote-discovery" for remote discovery)' : '"true"';
      ctx.report({
        resource: s.resource,
        path: ['metadata', 'labels', EXPORTED],
        message:
          `${ref} is labelled ${EXPORTED}: "${value}", but from Linkerd 2.12 the default Link selector matches only the value "true"` +
          (remoteDiscovery ? ' (and the remote-discovery selector only "remote-discovery")' : '') +
          `, and no Link in the inputs selects this label, so the Service is not exported. Set the label to ${accepted}.`,
      });
    }
  },
});
