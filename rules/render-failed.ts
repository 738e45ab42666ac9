import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  meta: {
    id: 'render-failed',
    severity: 'error',
    section: 'A',
    description: "Rendering a kustomization or Helm chart failed: the renderer's message, at the kustomization entry it names; the rest of the tree is still linted.",
    remediation: 'Fix what the renderer reports (run the same kubectl kustomize or helm template command to see it), then lint again.',
    kinds: ['*'],
  },
  check(ctx) {
    for (const p of ctx.inputProblems) if (p.rule === 'render-failed') ctx.reportInput(p);
  },
});
