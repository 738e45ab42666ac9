// Regenerates the README's generated parts (run after `npm run build`): the rule table, and the
// sample output of `meshlint lint examples/single-cluster`. test/rules/meta.test.ts checks both.
import { readFileSync, writeFileSync } from 'node:fs';
import { runSample, withRuleTable, withSample } from './readme.mjs';
const { RULES } = await import('../dist/src/engine/registry.js');
const { ruleTable } = await import('../dist/src/report/catalogue.js');
const { main } = await import('../dist/src/cli/main.js');
const { output: out } = await runSample(main, new URL('..', import.meta.url).pathname);
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const next = withSample(withRuleTable(readme, ruleTable(RULES.map((r) => r.meta))), out);
if (next !== readme) writeFileSync(new URL('../README.md', import.meta.url), next);
console.log(next === readme ? 'README is up to date' : 'README regenerated');
