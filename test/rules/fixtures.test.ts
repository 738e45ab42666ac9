// Every rule's fixtures: fail cases must produce exactly the findings their `# expect:` markers
// name (rule and line), pass cases none of that rule's findings.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/engine/registry.js';
import { caseFiles, casesOf, expectations, lintCase } from '../helpers.js';

const INPUT_RULES = new Set(['yaml-syntax', 'manifest-shape']);

for (const rule of RULES) {
  const id = rule.meta.id;
  describe(id, () => {
    for (const c of casesOf(id, 'fail')) {
      it(`fail/${path.basename(c)}`, async () => {
        const cwd = c.endsWith('.yaml') || c.endsWith('.yml') || c.endsWith('.json') ? path.dirname(c) : c;
        const expected = (expectations(caseFiles(c), cwd).get(id) ?? []).sort();
        expect(expected.length, 'a fail case needs at least one "# expect:" marker').toBeGreaterThan(0);
        const result = await lintCase(c);
        const actual = result.findings.filter((f) => f.ruleId === id).map((f) => `${f.file}:${f.line}`).sort();
        expect(actual, JSON.stringify(result.findings.filter((f) => f.ruleId === id).map((f) => [f.file, f.line, f.message]), null, 1)).toEqual(expected);
        expect(result.crashed).toEqual([]);
      });
    }
    for (const c of casesOf(id, 'pass')) {
      it(`pass/${path.basename(c)}`, async () => {
        const result = await lintCase(c);
        const own = result.findings.filter((f) => f.ruleId === id || (INPUT_RULES.has(f.ruleId) && !INPUT_RULES.has(id)));
        expect(own.map((f) => `${f.file}:${f.line} ${f.ruleId} ${f.message}`)).toEqual([]);
        expect(result.crashed).toEqual([]);
      });
    }
  });
}
