// The house rules for rules: one id everywhere, and a rule lands whole (code, doc with examples
// that lint as claimed, pass and fail fixtures, one registry line).

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/engine/registry.js';
import { ruleTable } from '../../src/report/catalogue.js';
import { main } from '../../src/cli/main.js';
import { RULE_TABLE_END, RULE_TABLE_START, runSample, withSample } from '../../scripts/readme.mjs';
import { casesOf, FIXTURES, freshDir, lintCase, ROOT, tempDir } from '../helpers.js';

const RULES_DIR = path.join(ROOT, 'rules');
const ids = RULES.map((r) => r.meta.id);
const tmp = tempDir('doc');

describe('registry', () => {
  it('registers every rule file, and every registered rule has its file', () => {
    const files = readdirSync(RULES_DIR)
      .filter((n) => n.endsWith('.ts') && n !== 'index.ts' && !n.startsWith('_'))
      .map((n) => n.slice(0, -3))
      .sort();
    expect(files).toEqual([...ids].sort());
  });

  it('has no fixture folder without a rule', () => {
    const dirs = readdirSync(FIXTURES).filter((n) => !n.startsWith('.')).sort();
    expect(dirs.filter((d) => !ids.includes(d))).toEqual([]);
  });

  it('keeps the registry one line per rule, sorted', () => {
    const lines = readFileSync(path.join(RULES_DIR, 'index.ts'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('export '));
    const named = lines.map((l) => /from '\.\/([a-z0-9-]+)\.js'/.exec(l)?.[1]);
    expect(named).toEqual([...named].sort());
    expect(named.length).toBe(ids.length);
  });

  it('the README rule table is the generated one', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const start = readme.indexOf(RULE_TABLE_START);
    const end = readme.indexOf(RULE_TABLE_END);
    expect(start, 'README has the rule-table markers').toBeGreaterThan(0);
    const table = readme.slice(start + RULE_TABLE_START.length, end).trim();
    expect(table, 'run `npm run docs` to regenerate the README rule table').toBe(ruleTable(RULES.map((r) => r.meta)));
  });

  it('the README sample output is what meshlint prints today', async () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const { code, output: out } = await runSample(main, ROOT);
    expect(code).toBe(1);
    expect(withSample(readme, out), 'run `npm run docs` to regenerate the README sample output').toBe(readme);
  });
});

for (const rule of RULES) {
  const { id, description, remediation, severity, kinds } = rule.meta;
  describe(`rule ${id}`, () => {
    it('has a kebab-case id that names its file', () => {
      expect(id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      expect(existsSync(path.join(RULES_DIR, `${id}.ts`))).toBe(true);
    });

    it('has a description and remediation that are sentences', () => {
      expect(description).toMatch(/^[A-Z`].*\.$/s);
      expect(remediation).toMatch(/^[A-Z`].*\.$/s);
      expect(['error', 'warning', 'note']).toContain(severity);
      expect(kinds.length).toBeGreaterThan(0);
    });

    it('has pass and fail fixtures', () => {
      expect(casesOf(id, 'pass').length, `fixtures/${id}/pass/ is empty`).toBeGreaterThan(0);
      expect(casesOf(id, 'fail').length, `fixtures/${id}/fail/ is empty`).toBeGreaterThan(0);
    });

    const docPath = path.join(RULES_DIR, `${id}.md`);
    it('has a doc page with what, why, how to fix, a wrong and a right example', () => {
      expect(existsSync(docPath), `rules/${id}.md is missing`).toBe(true);
      const doc = readFileSync(docPath, 'utf8');
      expect(doc.startsWith(`# ${id}\n`)).toBe(true);
      for (const h of ['## Why', '## How to fix', '## Wrong', '## Right']) expect(doc, `missing "${h}"`).toContain(`\n${h}\n`);
    });

    it('its doc examples lint as claimed', async () => {
      if (!existsSync(docPath)) return;
      const doc = readFileSync(docPath, 'utf8');
      for (const [section, wantFinding] of [['Wrong', true], ['Right', false]] as const) {
        const body = doc.split(`\n## ${section}\n`)[1]?.split(/\n## /)[0] ?? '';
        const blocks = [...body.matchAll(/```ya?ml\n([\s\S]*?)```/g)].map((m) => m[1]);
        expect(blocks.length, `## ${section} has a yaml example`).toBeGreaterThan(0);
        for (const [i, block] of blocks.entries()) {
          // A block may name its file on its first line (`# file: kustomization.yaml`).
          const named = /^# file: ([\w.-]+)\n/.exec(block)?.[1];
          const file = path.join(freshDir(tmp, `${id}-${section}-${i}`), named ?? 'example.yaml');
          writeFileSync(file, block);
          const result = await lintCase(file);
          const own = result.findings.filter((f) => f.ruleId === id);
          if (wantFinding) expect(own.length, `the ## Wrong example ${i + 1} of rules/${id}.md gives no ${id} finding`).toBeGreaterThan(0);
          else expect(own.map((f) => f.message), `the ## Right example ${i + 1} of rules/${id}.md`).toEqual([]);
        }
      }
    });
  });
}
