import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  meta: {
    id: 'render-skipped',
    severity: 'note',
    section: 'A',
    description: 'A kustomization or Helm chart among the inputs was not rendered, so its files were not linted.',
    remediation: 'Put kustomize, kubectl or helm on the PATH (or name it in config `render`), allow what was refused, or pipe the rendered output into `meshlint lint -`.',
    kinds: ['*'],
  },
  check(ctx) {
    for (const p of ctx.inputProblems) if (p.rule === 'render-skipped') ctx.reportInput(p);
  },
});
