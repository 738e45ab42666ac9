import { defineRule } from '../src/engine/rule.js';
import { type HostNode, type MappingNode, type Path } from '../src/model/index.js';

const MAX_NAMED = 3;

function labelText(labels: Record<string, unknown>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');
}

function hostText(h: HostNode): string {
  return `${h.resource.ref} (hostname "${h.view.hostname}")`;
}

/** Where to point: the Mapping's hostname (or host), else its spec. */
function pointAt(m: MappingNode): Path {
  if (typeof m.spec.hostname === 'string' && m.spec.hostname !== '') return ['spec', 'hostname'];
  if (typeof m.spec.host === 'string' && m.spec.host !== '') return ['spec', 'host'];
  return ['spec'];
}

export default defineRule({
  meta: {
    id: 'mapping-host-binding',
    severity: 'warning',
    section: 'E',
    edge: 'host',
    description: "When Hosts exist, every Mapping should associate with at least one of them by Emissary's hostname and mappingSelector rules, or its routes answer 404.",
    remediation: "Give the Mapping a hostname that a Host's hostname matches, and the labels every mappingSelector of that Host asks for (Emissary 3.2 and later need all of them).",
    kinds: ['Mapping', 'Host'],
  },
  check(ctx) {
    const g = ctx.graph;
    if (g.hosts.length === 0) return; // Emissary makes its own wildcard Host.
    const version = ctx.settings.emissary.version;
    const association = g.hostAssociation;
    const strict = association.rules.strict;
    const selectorHosts = g.hosts.filter((h) => h.view.selector !== undefined);
    const named = g.hosts.slice(0, MAX_NAMED).map(hostText).join(', ') + (g.hosts.length > MAX_NAMED ? ` and ${g.hosts.length - MAX_NAMED} more` : '');
    for (const m of g.mappings) {
      const view = m.hostView;
      // A v3alpha1 `host` with `*` makes Emissary reject the Mapping: mapping-host-exact says so.
      if (view.rejected || association.hasHost(m)) continue;
      const labels = Object.keys(view.labels).length > 0 ? `its labels (${labelText(view.labels)})` : 'its labels (it has none)';
      let reason: string;
      let fix: string;
      if (view.glob === undefined && !view.regex) {
        reason =
          selectorHosts.length === 0
            ? 'sets no hostname, and no Host has a non-empty mappingSelector, so no Host takes it'
            : `sets no hostname, so only a Host's mappingSelector can take it, and none matches ${labels}`;
        fix = 'Set spec.hostname (for example "*" or the Host\'s hostname), or label the Mapping for a Host\'s mappingSelector.';
      } else {
        // In strict versions a Host whose hostname fits can still refuse the Mapping by its selector.
        const glob = view.glob;
        const refused = strict ? association.selectorHostFitting(m) : undefined;
        if (refused) {
          const wanted = Object.fromEntries(refused.view.matchLabels);
          const missing = Object.fromEntries(refused.view.matchLabels.filter(([k, v]) => !(k in view.labels) || String(view.labels[k]) !== v));
          reason = `matches the hostname of ${hostText(refused)}, but that Host's mappingSelector asks for ${labelText(wanted)} and the Mapping has ${labelText(view.labels) || 'no labels'}; Emissary ${version.text} needs the hostname and every selector label to match (DISABLE_STRICT_LABEL_SELECTORS=true in Emissary's environment would restore the older any-label rule)`;
          fix = `Add ${labelText(missing)} to the Mapping's metadata.labels, or change the Host's mappingSelector.`;
        } else {
          const what = view.regex ? 'its host_regex' : `its hostname "${glob}"`;
          reason = `matches no Host: ${what} fits none of ${named}${selectorHosts.length > 0 ? `, and no mappingSelector matches ${labels}` : ''}`;
          fix = 'Use a hostname that one of the Hosts serves (or "*"), or add a Host for it.';
        }
      }
      ctx.report({
        resource: m.resource,
        path: pointAt(m),
        message: `${m.resource.ref} ${reason}. Its routes answer 404. ${fix}`,
      });
    }
  },
});
