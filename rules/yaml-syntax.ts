import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  meta: {
    id: 'yaml-syntax',
    severity: 'error',
    section: 'A',
    description: 'A file or document does not parse as YAML or JSON, repeats a key, expands too many aliases, or cannot be read.',
    remediation: 'Fix the syntax at the reported position; the other documents and files are still linted.',
    kinds: ['*'],
  },
  check(ctx) {
    for (const p of ctx.inputProblems) if (p.rule === 'yaml-syntax') ctx.reportInput(p);
  },
});
