import { defineRule } from '../src/engine/rule.js';
import { annotationPath, asMap, atLeast, INJECT, type Path, type Resource } from '../src/model/index.js';

const ALWAYS = ['enabled', 'disabled'];

/** The value the author most likely meant, for the message. */
function suggestion(value: string, ingressKnown: boolean): string | undefined {
  const v = value.trim().toLowerCase();
  if (v === 'enabled' || v === 'disabled') return v;
  if (v === 'ingress') return ingressKnown ? 'ingress' : 'enabled';
  if (['true', 'yes', 'on', 'y', '1', 'enable', 'inject', 'injected'].includes(v)) return 'enabled';
  if (['false', 'no', 'off', 'n', '0', 'disable', 'none'].includes(v)) return 'disabled';
  return undefined;
}

export default defineRule({
  meta: {
    id: 'inject-value',
    severity: 'error',
    section: 'B',
    description: 'The `linkerd.io/inject` annotation of a pod template or Namespace must be `enabled`, `disabled` or (from Linkerd 2.9) `ingress`.',
    remediation: 'Set `linkerd.io/inject` to `enabled` to mesh the pods, or `disabled` to keep them out of the mesh; `ingress` needs Linkerd 2.9 or later.',
    kinds: ['Namespace', 'Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod'],
  },
  check(ctx) {
    const linkerd = ctx.settings.linkerd.version;
    const ingressKnown = atLeast(linkerd, '2.9');
    const valid = ingressKnown ? [...ALWAYS, 'ingress'] : ALWAYS;
    const allowed = valid.map((v) => `"${v}"`).join(', ');

    const check = (resource: Resource, path: Path, value: unknown, where: string, effect: string) => {
      if (typeof value === 'string' && (value === '' || valid.includes(value))) return;
      const text = typeof value === 'string' ? `"${value}"` : String(value);
      const hint = typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number' ? suggestion(String(value), ingressKnown) : undefined;
      const why =
        value === 'ingress'
          ? `Linkerd ${linkerd.text} has no ingress mode (it came with 2.9), so the injector rejects the value and ${effect}`
          : `Linkerd accepts only ${allowed}, so the injector rejects the value and ${effect}`;
      const fix = hint ? ` Use "${hint}".` : ` Use one of ${allowed}.`;
      ctx.report({ resource, path, message: `${where} sets linkerd.io/inject to ${text}. ${why}.${fix}` });
    };

    for (const p of ctx.graph.podTemplates) {
      if (!(INJECT in p.annotations)) continue;
      const where = p.resource.kind === 'Pod' ? p.resource.ref : `The pod template of ${p.resource.ref}`;
      check(p.resource, p.metaPath('annotations', INJECT), p.annotations[INJECT], where, 'does not add the proxy to these pods');
    }
    for (const ns of ctx.graph.namespaces.values()) {
      const annotations = asMap(ns.obj?.metadata?.annotations);
      if (!(INJECT in annotations)) continue;
      check(ns, annotationPath(INJECT), annotations[INJECT], ns.ref, 'skips every pod of the namespace, even one whose own annotation says "enabled"');
    }
  },
});
