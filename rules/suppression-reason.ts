import { defineRule } from '../src/engine/rule.js';

// The suppression pass (src/suppress.ts) finds these problems after the other rules ran and
// hands them to this rule as input problems.
export default defineRule({
  meta: {
    id: 'suppression-reason',
    severity: 'warning',
    section: 'A',
    description: 'A suppression (a `meshlint.io/ignore` annotation or a `# meshlint-disable` comment) gives no reason, so it is not applied.',
    remediation: 'Add " -- " and why the finding is accepted after the rule ids, or set suppressions.requireReason: false in the config.',
    kinds: ['*'],
  },
  check(ctx) {
    for (const p of ctx.inputProblems) if (p.rule === 'suppression-reason') ctx.reportInput(p);
  },
});
