import { defineRule } from '../src/engine/rule.js';
import {
  annotationPath,
  atLeast,
  GATEWAY_IDENTITY,
  gatewayPods,
  MULTICLUSTER_GATEWAY,
  parseProbePeriod,
  PROBE_PATH,
  PROBE_PERIOD,
  workloadIdentity,
} from '../src/model/index.js';

export default defineRule({
  meta: {
    id: 'gateway-annotations',
    severity: 'error',
    section: 'C',
    edge: 'gateway',
    description: 'A multicluster gateway Service must carry the gateway-identity, probe-path and probe-period annotations (and, for Linkerd 2.8, multicluster-gateway), with a probe period the Linkerd version can parse.',
    remediation: 'Add the missing mirror.linkerd.io/* annotations to the gateway Service, and write probe-period as whole seconds ("3"), or from Linkerd 2.10 also as a Go duration ("3s").',
    kinds: ['Service'],
  },
  check(ctx) {
    const l5d = ctx.settings.linkerd.version;
    const is28 = !atLeast(l5d, '2.9');
    for (const svc of ctx.graph.gateways) {
      const ann = svc.annotations;
      const present = (k: string) => k in ann && ann[k] !== null && String(ann[k]) !== '';
      const missing: string[] = [];
      if (!present(GATEWAY_IDENTITY)) missing.push(GATEWAY_IDENTITY);
      if (!present(PROBE_PATH)) missing.push(PROBE_PATH);
      if (!present(PROBE_PERIOD)) missing.push(PROBE_PERIOD);
      // Linkerd 2.8 recognises the gateway by this key alone; its value is ignored.
      if (is28 && !(MULTICLUSTER_GATEWAY in ann)) missing.push(MULTICLUSTER_GATEWAY);
      if (missing.length > 0) {
        const them = missing.length > 1 ? 'them' : 'it';
        const why = is28
          ? `Linkerd ${l5d.text}'s service mirror reads ${them} from the gateway Service and does not use the gateway without ${them}`
          : `\`linkerd multicluster link\` copies ${them} from the gateway Service into the Link and refuses to link without ${them}`;
        const list = missing.join(', ');
        const identities = [...new Set(gatewayPods(svc).map((p) => workloadIdentity(p.serviceAccount, p.namespace, ctx.settings)))];
        const example = (key: string) => exampleOf(key, identities.length === 1 ? identities[0] : undefined);
        ctx.report({
          resource: svc.resource,
          path: ['metadata', 'annotations'],
          message: `${svc.resource.ref} is a multicluster gateway but lacks ${missing.length > 1 ? 'the annotations' : 'the annotation'} ${list}: ${why}. Add ${them} (for example ${missing.map(example).join(', ')}).`,
        });
      }
      if (present(PROBE_PERIOD)) {
        const r = parseProbePeriod(ann[PROBE_PERIOD], ctx.settings);
        if (!r.ok) {
          const value = String(ann[PROBE_PERIOD]);
          const suggestion = suggestSeconds(value);
          ctx.report({
            resource: svc.resource,
            path: annotationPath(PROBE_PERIOD),
            message: `${svc.resource.ref} has ${PROBE_PERIOD} "${value}", which Linkerd ${l5d.text} cannot use: ${r.reason}. Write whole seconds (${suggestion ? `here "${suggestion}"` : 'such as "3"'})${atLeast(l5d, '2.10') ? ' or a Go duration such as "3s"' : ''}.`,
          });
        }
      }
    }
  },
});

function exampleOf(key: string, identity: string | undefined): string {
  switch (key) {
    case GATEWAY_IDENTITY:
      return `${key}: ${identity ?? '<serviceaccount>.<namespace>.serviceaccount.identity.<linkerd namespace>.<trust domain>'}`;
    case PROBE_PATH:
      return `${key}: <the probe Mapping's prefix>`;
    case PROBE_PERIOD:
      return `${key}: "3"`;
    default:
      return `${key}: "true"`;
  }
}

/** A duration that is a whole number of seconds, written as such ("3s" -> "3"). */
function suggestSeconds(value: string): string | undefined {
  const m = /^\s*(\d+)\s*(s|sec|secs|seconds?)?\s*$/i.exec(value);
  if (m && Number(m[1]) > 0) return m[1];
  const min = /^\s*(\d+)\s*m\s*$/.exec(value);
  if (min && Number(min[1]) > 0) return String(Number(min[1]) * 60);
  return undefined;
}
