import { defineRule } from '../src/engine/rule.js';
import {
  fieldNoun,
  isKnownKey,
  isLinkerdKey,
  KEY_HINTS,
  mentionsLinkerd,
  metadataEntriesWhere,
  nearestKnownKey,
  scopeText,
} from '../src/model/index.js';

export default defineRule({
  meta: {
    id: 'linkerd-key-unknown',
    severity: 'warning',
    section: 'A',
    description: 'A label or annotation key under a Linkerd prefix (linkerd.io, config.linkerd.io, config.alpha.linkerd.io, mirror.linkerd.io, multicluster.linkerd.io) must be one Linkerd defines.',
    remediation: 'Correct the key to the one Linkerd defines (the message suggests the nearest), or remove it.',
    kinds: ['*'],
  },
  check(ctx) {
    for (const e of metadataEntriesWhere(ctx.graph, (key) => mentionsLinkerd(key) && isLinkerdKey(key) && !isKnownKey(key))) {
      const r = e.block.resource;
      const near = nearestKnownKey(e.key);
      const hint = KEY_HINTS[e.key];
      const advice = hint
        ? `${hint} Remove the key.`
        : near
          ? `Did you mean "${near}"? Rename the key.`
          : 'Check the spelling against Linkerd\'s annotation reference, or remove the key.';
      ctx.report({
        resource: r,
        path: e.path,
        target: 'key',
        message: `${r.ref}: the ${fieldNoun(e.field)} key "${e.key}"${scopeText(e.block)} is not one Linkerd defines, so Linkerd ignores it. ${advice}`,
      });
    }
  },
});
