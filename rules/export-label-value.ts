import { defineRule } from '../src/engine/rule.js';
import { atLeast, EXPORTED, FEDERATED, selectedByKnownLink } from '../src/model/index.js';

export default defineRule({
  meta: {
    id: 'export-label-value',
    severity: 'error',
    section: 'D',
    description:
      'The label mirror.linkerd.io/exported must be "true" or (from Linkerd 2.14) "remote-discovery" for the default Link selectors from Linkerd 2.12, and mirror.linkerd.io/federated (from 2.17) must be "member"; any other value exports nothing.',
    remediation: 'Set mirror.linkerd.io/exported to "true" (or "remote-discovery"), mirror.linkerd.io/federated to "member", or link the clusters with a selector that matches the value.',
    kinds: ['Service', 'Link'],
  },
  check(ctx) {
    const { graph, settings } = ctx;
    const v = settings.linkerd.version;
    // Before 2.12 the default selector only asks for the exported label to exist.
    const exportedMatters = atLeast(v, '2.12');
    const remoteDiscovery = atLeast(v, '2.14');
    const federated = atLeast(v, '2.17');
    if (!exportedMatters) return;
    for (const s of graph.services) {
      const checks: Array<{ key: string; accepted: string[]; why: string }> = [];
      if (EXPORTED in s.labels) {
        checks.push({
          key: EXPORTED,
          accepted: remoteDiscovery ? ['true', 'remote-discovery'] : ['true'],
          why: remoteDiscovery
            ? `Linkerd ${v.text}'s default Link selectors match only "true" (gateway mode) and "remote-discovery"`
            : `from Linkerd 2.12 the default Link selector matches only "true" (remote discovery, "remote-discovery", arrives in 2.14)`,
        });
      }
      if (federated && FEDERATED in s.labels) {
        checks.push({ key: FEDERATED, accepted: ['member'], why: `Linkerd ${v.text}'s default federated Service selector matches only "member"` });
      }
      if (checks.length === 0) continue;
      for (const c of checks) {
        const value = s.labels[c.key];
        // A value that is not a string is annotation-value-type's finding.
        if (typeof value !== 'string' || c.accepted.includes(value)) continue;
        if (selectedByKnownLink(ctx.clusters, s.labels)) break;
        ctx.report({
          resource: s.resource,
          path: ['metadata', 'labels', c.key],
          message:
            `${s.resource.ref} is labelled ${c.key}: "${value}", but ${c.why}, and no Link in the inputs selects this label, so the Service is not exported. ` +
            `Set the label to ${c.accepted.map((a) => `"${a}"`).join(' or ')}, or link the clusters with a selector that matches "${value}".`,
        });
      }
    }
  },
});
