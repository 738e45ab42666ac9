import { defineRule } from '../src/engine/rule.js';
import { crdIndex, crdKey, validateCustomResource } from '../src/model/index.js';

export default defineRule({
  meta: {
    id: 'crd-schema',
    severity: 'error',
    section: 'A',
    description:
      'A custom resource does not validate against the openAPIV3Schema of its CustomResourceDefinition (among the inputs or under --crds) for its group, version and kind.',
    remediation: 'Fix the field as the message says (its type, an allowed value, or its name), or use a version the CustomResourceDefinition serves.',
    kinds: ['CustomResourceDefinition', '*'],
  },
  check(ctx) {
    const crds = crdIndex(ctx.graph.ofKind('CustomResourceDefinition'));
    if (crds.size === 0) return;
    const broken = new Set<object>();
    for (const r of ctx.graph.resources) {
      const crd = crds.get(crdKey(r.group, r.kind));
      if (!crd) continue;
      const result = validateCustomResource(crd, r);
      switch (result.status) {
        case 'valid':
        case 'unchecked':
          break;
        case 'unserved': {
          const served = result.served.length > 0 ? `serves ${result.served.join(', ')}` : 'serves no version';
          ctx.report({
            resource: r,
            path: ['apiVersion'],
            message: `${r.ref}: CustomResourceDefinition ${crd.resource.name} ${served} of ${crd.group} ${crd.kind}, not ${r.apiVersion}; Kubernetes has no such resource. Use a served version.`,
          });
          break;
        }
        case 'uncompilable':
          if (broken.has(result.version)) break;
          broken.add(result.version);
          ctx.report({
            resource: crd.resource,
            path: result.version.schemaPath,
            message: `${crd.resource.ref}: the openAPIV3Schema of version ${result.version.name} cannot be compiled (${result.error}), so ${crd.kind} resources of that version are not checked. Fix the schema.`,
          });
          break;
        case 'invalid':
          for (const issue of result.issues) {
            ctx.report({ resource: r, path: issue.path, target: issue.target, message: `${r.ref}: ${issue.message}` });
          }
          break;
      }
    }
  },
});
