import { defineRule } from '../src/engine/rule.js';
import { annotationPath, EXPORTED, GATEWAY_NAME, GATEWAY_NS, usesExportAnnotations } from '../src/model/index.js';

export default defineRule({
  meta: {
    id: 'export-legacy-annotations',
    severity: 'warning',
    section: 'D',
    description:
      'Linkerd 2.9 and later ignore the mirror.linkerd.io/gateway-name and gateway-ns annotations; a Service is exported by the label mirror.linkerd.io/exported.',
    remediation:
      'Remove the gateway-name and gateway-ns annotations and label the Service mirror.linkerd.io/exported: "true" (or "remote-discovery" from Linkerd 2.14).',
    kinds: ['Service'],
  },
  check(ctx) {
    const { graph, settings } = ctx;
    if (usesExportAnnotations(settings)) return;
    const v = settings.linkerd.version;

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
    }
  },
});
