// Regenerates the README's rule table from the registry (run after `npm run build`).
import { readFileSync, writeFileSync } from 'node:fs';
const { RULES } = await import('../dist/src/registry.js');
const { withRuleTable } = await import('../dist/src/docs.js');
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const next = withRuleTable(readme, RULES.map((r) => r.meta));
if (next !== readme) writeFileSync(new URL('../README.md', import.meta.url), next);
console.log(next === readme ? 'README rule table is up to date' : 'README rule table regenerated');
