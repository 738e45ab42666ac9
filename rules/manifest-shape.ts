import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  meta: {
    id: 'manifest-shape',
    severity: 'error',
    section: 'A',
    description: 'A document looks like a Kubernetes object but is not a valid one, or a field meshlint reads has the wrong type.',
    remediation: 'Add the missing apiVersion, kind or metadata.name, or give the field the type Kubernetes expects; the object is left out of all other checks until then.',
    kinds: ['*'],
  },
  check(ctx) {
    for (const p of ctx.inputProblems) if (p.rule === 'manifest-shape') ctx.reportInput(p);
  },
});
