import { defineRule } from '../src/engine/rule.js';

// The suppression pass (src/suppress.ts) finds these problems after the other rules ran and
// hands them to this rule as input problems. Reported with --report-unused-suppressions or
// config suppressions.reportUnused: true.
export default defineRule({
  meta: {
    id: 'suppression-unused',
    severity: 'warning',
    section: 'A',
    description: 'A suppression names a rule that has no finding where the suppression applies, or a rule id that does not exist (with --report-unused-suppressions).',
    remediation: 'Remove the ids that suppress nothing, or the whole suppression; correct misspelt rule ids.',
    kinds: ['*'],
  },
  check(ctx) {
    for (const p of ctx.inputProblems) if (p.rule === 'suppression-unused') ctx.reportInput(p);
  },
});
