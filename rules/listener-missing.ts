import { defineRule } from '../src/engine/rule.js';
import { emissaryInstalls, emissaryNeedsListeners, installText, listenersOf, mappingsOf } from '../src/model/index.js';

export default defineRule({
  meta: {
    id: 'listener-missing',
    severity: 'error',
    section: 'G',
    description: 'From Emissary 2.0, an Emissary install among the inputs whose Mappings are there too needs at least one Listener with its ambassador_id, or Envoy listens on no port.',
    remediation: 'Add Listeners for the install (for example port 8080 with protocol HTTP and port 8443 with protocol HTTPS, securityModel XFP, hostBinding.namespace.from: ALL), with the ambassador_id the install answers to.',
    kinds: ['Deployment', 'DaemonSet', 'StatefulSet', 'Pod', 'Listener', 'Mapping'],
  },
  check(ctx) {
    const { graph, settings } = ctx;
    if (!emissaryNeedsListeners(settings)) return; // Emissary 1.x listens on its own ports
    for (const install of emissaryInstalls(graph)) {
      if (install.id === undefined || listenersOf(graph, install).length > 0) continue;
      const mappings = mappingsOf(graph, install);
      if (mappings.length === 0) continue;
      const others = graph.listeners.length;
      const first = mappings[0].resource;
      const scope = install.singleNamespace ? ` in namespace ${install.singleNamespace}` : '';
      ctx.report({
        resource: install.pod.resource,
        path: ['metadata', 'name'],
        message:
          `${installText(install)} runs Emissary ${settings.emissary.version.text}, which opens only the ports its Listeners name, and no Listener in the inputs is for it` +
          (others > 0 ? ` (the ${others} Listener${others === 1 ? '' : 's'} there ${others === 1 ? 'has' : 'have'} another ambassador_id${scope ? ' or namespace' : ''})` : '') +
          `, so Envoy listens on no port and the ${mappings.length === 1 ? 'Mapping' : `${mappings.length} Mappings`} it reads (${first.ref}${mappings.length > 1 ? ', ...' : ''}) answer${mappings.length === 1 ? 's' : ''} nothing. ` +
          `Add Listeners${scope} for ambassador_id ${install.id} (for example port 8080 with protocol HTTP and port 8443 with protocol HTTPS, securityModel XFP, hostBinding.namespace.from: ALL). ` +
          `meshlint assumes the inputs hold this install's Listeners; if they are applied from elsewhere, add them with --context.`,
        related: [{ resource: first, path: ['metadata', 'name'], message: `${first.ref} is read by ${install.pod.resource.ref}.` }],
      });
    }
  },
});
