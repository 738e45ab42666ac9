import { defineRule, type RelatedReport } from '../src/engine/rule.js';
import {
  asMap,
  emissaryNeedsListeners,
  HOST_INSECURE_ACTION_PATH,
  type HostNode,
  hostSelectorMatches,
  insecureActionWritten,
  listenersOnPort,
  type MappingNode,
  probeAuthorityText,
  probeHosts,
  probePathOf,
  probesProxyAdmin,
  probeRoute,
  probeTargetOf,
  securityModelOf,
  wildcardHosts,
} from '../src/model/index.js';

function selectorPath(h: HostNode): string[] {
  const spec = asMap(h.resource.obj?.spec);
  if (spec.mappingSelector != null) return ['spec', 'mappingSelector'];
  if (spec.selector != null) return ['spec', 'selector'];
  return ['spec', 'hostname'];
}

function hasSelector(h: HostNode): boolean {
  return Object.keys(asMap(asMap(h.view.selector).matchLabels)).length > 0;
}

function actionEffect(action: string): string {
  if (action === 'Redirect') return 'redirects it to HTTPS with a 301';
  if (action === 'Reject') return 'rejects it with a 400';
  return `has action "${action}", which is not one of Redirect, Reject or Route (case matters)`;
}

export default defineRule({
  meta: {
    id: 'probe-host',
    severity: 'error',
    section: 'C',
    edge: 'host',
    description: 'A Host with hostname "*" must take the gateway probe Mapping and route plain-HTTP requests (requestPolicy.insecure.action: Route), since the probe is plain HTTP with a Host header such as probe-gateway-<cluster>:<port>.',
    remediation: 'Give the Host with hostname "*" requestPolicy.insecure.action: Route, and make sure it takes the probe Mapping (from Emissary 3.2 the Mapping\'s labels must match the Host\'s mappingSelector).',
    kinds: ['Service', 'Host', 'Mapping', 'Listener'],
  },
  check(ctx) {
    const { graph, settings } = ctx;
    if (graph.hosts.length === 0) return; // Emissary makes its own Host, which routes plain HTTP
    const rules = graph.hostRules;
    const reported = new Set<HostNode>();
    for (const gw of graph.gateways) {
      const probe = probePathOf(gw, graph);
      if (!probe?.usable || probesProxyAdmin(gw, graph, ctx.clusters)) continue; // the admin-port probe never reaches Envoy
      const route = probeRoute(graph, probe.requestPath);
      const hosts = probeHosts(graph, route);
      if (hosts.length === 0) {
        const wild = wildcardHosts(graph);
        const related: RelatedReport[] = [];
        let why: string;
        if (wild.length > 0 && route.served && route.served !== 'builtin') {
          const m: MappingNode = route.served;
          const reasons = wild.map((h) => {
            related.push({ resource: h.resource, path: selectorPath(h), message: `${h.resource.ref} does not take ${m.resource.ref}.` });
            if (hasSelector(h) && !hostSelectorMatches(h.view.selector, m.labels, rules.strict))
              return `${h.resource.ref} has a mappingSelector that ${m.resource.ref}'s labels do not match${rules.strict ? ' (from Emissary 3.2 a Host with a mappingSelector takes only Mappings that match it as well as its hostname, unless DISABLE_STRICT_LABEL_SELECTORS=true is in Emissary\'s environment)' : ''}`;
            if (m.hostView.glob === undefined && !m.hostView.regex) return `${m.resource.ref} has no hostname, and ${h.resource.ref} has no mappingSelector that selects it`;
            return `${h.resource.ref} does not take it`;
          });
          related.push({ resource: m.resource, path: ['metadata'], message: `${m.resource.ref} is the probe Mapping.` });
          why = `no Host with hostname "*" takes its probe Mapping, ${m.resource.ref}: ${reasons.join('; ')}. Give the Mapping the labels the Host selects, or drop the Host's selector`;
        } else {
          const names = graph.hosts.slice(0, 3).map((h) => `${h.resource.ref} (hostname "${h.view.hostname}")`);
          for (const h of graph.hosts.slice(0, 3)) related.push({ resource: h.resource, path: ['spec', 'hostname'], message: `${h.resource.ref} does not match the probe's Host header.` });
          why = `no Host has hostname "*", and only such a Host matches the probe's Host header ${probeAuthorityText(graph.settings)} (Hosts here: ${names.join(', ')}${graph.hosts.length > 3 ? ', ...' : ''}); since Hosts exist, Emissary makes no default one. Add a Host with hostname "*" and requestPolicy.insecure.action: Route`;
        }
        ctx.report({
          resource: gw.resource,
          path: probe.path,
          message: `${gw.resource.ref} is probed at "${probe.requestPath}", but ${why}.`,
          related,
        });
        continue;
      }
      if (hosts.some((h) => h.view.insecureAction === 'Route')) continue;
      // A SECURE Listener treats every request as secure, so the insecure action does not apply.
      const target = probeTargetOf(gw);
      if (emissaryNeedsListeners(settings) && target) {
        const ls = listenersOnPort(graph, target.target);
        if (ls.length > 0 && ls.every((l) => securityModelOf(l) === 'SECURE')) continue;
      }
      for (const h of hosts) {
        if (reported.has(h)) continue;
        reported.add(h);
        ctx.report({
          resource: h.resource,
          path: HOST_INSECURE_ACTION_PATH,
          message:
            `${h.resource.ref} takes the plain-HTTP probe of ${gw.resource.ref} and ${actionEffect(h.view.insecureAction)}${insecureActionWritten(h.resource) ? '' : ' (Redirect is the default)'}, ` +
            `so the probe never gets its 200 and Linkerd marks the gateway down. Set requestPolicy.insecure.action: Route.`,
          related: [{ resource: gw.resource, path: probe.path, message: `${gw.resource.ref} is probed at "${probe.requestPath}".` }],
        });
      }
    }
  },
});
