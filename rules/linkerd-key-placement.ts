import { defineRule } from '../src/engine/rule.js';
import {
  EXPORTED,
  fieldNoun,
  GATEWAY_IDENTITY,
  GATEWAY_NAME,
  GATEWAY_NS,
  INJECT,
  isProxyConfigKey,
  mentionsLinkerd,
  metadataEntriesWhere,
  type MetadataEntry,
  MULTICLUSTER_GATEWAY,
  type Path,
  PROBE_PATH,
  PROBE_PERIOD,
  scopeText,
} from '../src/model/index.js';

/** Workloads whose own metadata the proxy injector never reads (it reads their pod template). */
const WORKLOADS = new Set(['Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'Job', 'CronJob']);

/** Annotations Linkerd reads on the multicluster gateway Service only. */
const GATEWAY_ANNOTATIONS = new Set([
  GATEWAY_IDENTITY,
  PROBE_PATH,
  PROBE_PERIOD,
  MULTICLUSTER_GATEWAY,
  'mirror.linkerd.io/probe-timeout',
  'mirror.linkerd.io/probe-failure-threshold',
]);

/** Annotations Linkerd 2.8 reads on exported Services only. */
const EXPORT_ANNOTATIONS = new Set([GATEWAY_NAME, GATEWAY_NS]);

/** The webhooks' namespace and object selectors read this one as a label. */
const ADMISSION_WEBHOOKS = 'config.linkerd.io/admission-webhooks';

/** The destination controller also reads this one on Services. */
const OPAQUE_PORTS = 'config.linkerd.io/opaque-ports';

function dotted(path: Path): string {
  return path.map(String).join('.');
}

function templateAnnotations(kind: string): string {
  return kind === 'CronJob' ? 'spec.jobTemplate.spec.template.metadata.annotations' : 'spec.template.metadata.annotations';
}

/** Why the key is misplaced and where it belongs, or undefined when Linkerd reads it where it is. */
function misplaced(e: MetadataEntry): string | undefined {
  const r = e.block.resource;
  const isService = r.kind === 'Service' && r.group === '';
  const isLabel = e.field === 'labels';
  // Where the key belongs, spelled out only for a message (most keys are fine where they are).
  const own = (field: 'annotations' | 'labels') => dotted([...e.block.path, field]);

  if (e.key === ADMISSION_WEBHOOKS) {
    return isLabel ? undefined : `Linkerd's admission webhooks select on labels, so this annotation has no effect. Move it to ${own('labels')}.`;
  }
  if (e.key === INJECT || isProxyConfigKey(e.key)) {
    if (isService && e.key === OPAQUE_PORTS) {
      return isLabel ? `Linkerd reads it as an annotation, never as a label. Move it to ${own('annotations')}.` : undefined;
    }
    if (isService) {
      return `Linkerd does not read it on a Service. Move it to the pod template annotations (spec.template.metadata.annotations) of the workloads the Service selects, or to their Namespace's annotations.`;
    }
    const ownWorkloadMeta = WORKLOADS.has(r.kind) && e.block.scope !== 'pod-template';
    if (ownWorkloadMeta) {
      return `The proxy injector reads the pod template and the Namespace, not the ${r.kind}'s own metadata. Move it to ${templateAnnotations(r.kind)}.`;
    }
    if (isLabel) return `Linkerd reads it as an annotation, never as a label. Move it to ${own('annotations')}.`;
    return undefined;
  }
  if (e.key === EXPORTED) {
    if (!isLabel) return `It is a label: the Link's selector matches Service labels, so as an annotation it exports nothing. Move it to ${own('labels')}.`;
    if (!isService) return 'Linkerd exports Services only, selected by this label; on any other object it has no effect. Put it on the Service to export.';
    return undefined;
  }
  if (GATEWAY_ANNOTATIONS.has(e.key) || EXPORT_ANNOTATIONS.has(e.key)) {
    const owner = GATEWAY_ANNOTATIONS.has(e.key) ? 'the multicluster gateway Service' : 'the exported Service';
    if (!isService) return `Linkerd reads it only as an annotation on ${owner}. Move it to that Service's metadata.annotations.`;
    if (isLabel) return `Linkerd reads it as an annotation, never as a label. Move it to ${own('annotations')}.`;
    return undefined;
  }
  return undefined;
}

export default defineRule({
  meta: {
    id: 'linkerd-key-placement',
    severity: 'error',
    section: 'A',
    description: 'A Linkerd label or annotation must sit where Linkerd reads it: injection and proxy config on pod templates or Namespaces as annotations, mirror.linkerd.io/exported as a Service label, gateway annotations on a Service.',
    remediation: 'Move the key to where Linkerd reads it, as the message says (for a workload, its pod template annotations).',
    kinds: ['*'],
  },
  check(ctx) {
    // Every key placed below is under a Linkerd domain.
    for (const e of metadataEntriesWhere(ctx.graph, mentionsLinkerd)) {
      const why = misplaced(e);
      if (!why) continue;
      const r = e.block.resource;
      ctx.report({
        resource: r,
        path: e.path,
        target: 'key',
        message: `${r.ref}: the ${fieldNoun(e.field)} "${e.key}"${scopeText(e.block)} is where Linkerd never reads it. ${why}`,
      });
    }
  },
});
