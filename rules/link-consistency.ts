import { defineRule } from '../src/engine/rule.js';
import type { Graph, LinkNode, ServiceNode } from '../src/model/graph.js';
import type { Path } from '../src/yaml/types.js';
import type { RelatedReport } from '../src/engine/types.js';
import { servicePortNamed } from '../src/model/gateway.js';
import { annotationPath, labelSelectorMatches } from '../src/model/k8s.js';
import { asMap, valueAt } from '../src/util/object.js';
import { GATEWAY_IDENTITY, MC_GATEWAY_PORT, MC_PROBE_PORT, PROBE_PATH } from '../src/model/linkerd.js';
import { setLinkSelectors } from '../src/model/link.js';
import { atLeast } from '../src/model/version.js';

const GATEWAY_FIELDS = ['gatewayAddress', 'gatewayPort', 'gatewayIdentity', 'probeSpec'] as const;

/** A value of the gateway Service that a Link field must copy, with where it is. */
interface Expected {
  value: string;
  path: Path;
  /** How the gateway spells it, for messages. */
  what: string;
}

/** The port a Link uses for a named gateway port: the nodePort for a NodePort Service, else the port. */
function linkPort(gw: ServiceNode, name: string): Expected | undefined {
  const p = servicePortNamed(gw, name);
  if (!p) return undefined;
  if (asMap(gw.resource.obj.spec).type === 'NodePort') {
    // An unset nodePort is assigned by Kubernetes and cannot be checked.
    if (p.nodePort === undefined) return undefined;
    return { value: String(p.nodePort), path: ['spec', 'ports', p.index, 'nodePort'], what: `the nodePort of the ${name} port, as the Service is of type NodePort` };
  }
  if (p.port === undefined) return undefined;
  return { value: String(p.port), path: ['spec', 'ports', p.index, 'port'], what: `the ${name} port` };
}

function annotation(gw: ServiceNode, key: string): Expected | undefined {
  const v = gw.annotations[key];
  if (typeof v !== 'string') return undefined;
  return { value: v, path: annotationPath(key), what: `the ${key} annotation` };
}

/** What each checked Link field must equal on this gateway; the ports compare as numbers. */
function expectations(gw: ServiceNode): Array<{ field: Path; name: string; numeric: boolean; expected?: Expected }> {
  return [
    { field: ['spec', 'gatewayPort'], name: 'gatewayPort', numeric: true, expected: linkPort(gw, MC_GATEWAY_PORT) },
    { field: ['spec', 'gatewayIdentity'], name: 'gatewayIdentity', numeric: false, expected: annotation(gw, GATEWAY_IDENTITY) },
    { field: ['spec', 'probeSpec', 'path'], name: 'probeSpec.path', numeric: false, expected: annotation(gw, PROBE_PATH) },
    { field: ['spec', 'probeSpec', 'port'], name: 'probeSpec.port', numeric: true, expected: linkPort(gw, MC_PROBE_PORT) },
  ];
}

function fieldValue(link: LinkNode, field: Path): string | undefined {
  const v = valueAt(link.resource.obj, field);
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

function same(a: string, b: string, numeric: boolean): boolean {
  if (numeric && /^\s*\d+\s*$/.test(a) && /^\s*\d+\s*$/.test(b)) return Number(a) === Number(b);
  return a === b;
}

export default defineRule({
  meta: {
    id: 'link-consistency',
    severity: 'error',
    section: 'D',
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
    const named = [...ctx.clusters.keys()].some((k) => k !== '');

    for (const link of graph.links) {
      const ref = link.resource.ref;
      // The target cluster: with named clusters, the one targetClusterName names; otherwise the
      // same inputs, when they hold a gateway (a tree that keeps both sides of the link).
      let target: Graph | undefined;
      if (named) {
        const t = link.spec.targetClusterName;
        if (typeof t === 'string' && t !== '') target = ctx.clusters.get(t);
      } else if (graph.gateways.length > 0) {
        target = graph;
      }
      if (!target) continue;
      const where = target.cluster ? ` in cluster ${target.cluster}` : '';

      const gateway = pickGateway(link, target.gateways);
      const related = (message: string, path: Path = ['metadata', 'name']): RelatedReport[] =>
        gateway ? [{ resource: gateway.resource, path, message }] : [];

      if (gateway && GATEWAY_FIELDS.some((f) => f in link.spec)) {
        const gwRef = gateway.resource.ref;
        for (const { field, name, numeric, expected } of expectations(gateway)) {
          if (!expected) continue; // gateway-ports / gateway-annotations report what the gateway lacks
          const actual = fieldValue(link, field);
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
          if (!same(actual, expected.value, numeric)) {
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

/** The gateway a Link was generated from: the only one, or the one that agrees with it on most fields. */
function pickGateway(link: LinkNode, gateways: ServiceNode[]): ServiceNode | undefined {
  if (gateways.length <= 1) return gateways[0];
  let best: ServiceNode | undefined;
  let bestScore = -1;
  for (const gw of gateways) {
    let score = 0;
    for (const { field, numeric, expected } of expectations(gw)) {
      const actual = fieldValue(link, field);
      if (expected && actual !== undefined && same(actual, expected.value, numeric)) score++;
    }
    if (score > bestScore) {
      best = gw;
      bestScore = score;
    }
  }
  return best;
}
