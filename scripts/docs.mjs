// Regenerates the README's generated parts (run after `npm run build`): the rule table, and the
// sample output of `meshlint lint examples/single-cluster`. test/meta.test.ts checks both.
import { readFileSync, writeFileSync } from 'node:fs';
const { RULES } = await import('../dist/src/engine/registry.js');
const { runSample, withRuleTable, withSample } = await import('../dist/src/cli/docs.js');
const { output: out } = await runSample(new URL('..', import.meta.url).pathname);
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const next = withSample(withRuleTable(readme, RULES.map((r) => r.meta)), out);
if (next !== readme) writeFileSync(new URL('../README.md', import.meta.url), next);
console.log(next === readme ? 'README is up to date' : 'README regenerated');
