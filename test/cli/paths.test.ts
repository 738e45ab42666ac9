// Same findings whichever path the loader takes: every fixture case and the examples, linted
// with the fast path (js-yaml where it can) and with the slow path (`yaml` for every file),
// give the same findings (rule, file, line, column, message).

import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/lint.js';
import type { Finding } from '../../src/engine/types.js';
import { casesOf, FIXTURES, lintCase, ROOT } from '../helpers.js';

const key = (f: Finding) => ({ rule: f.ruleId, file: f.file, line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn, message: f.message });

const cases = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .flatMap((e) => [...casesOf(e.name, 'pass'), ...casesOf(e.name, 'fail')]);

describe('fast and slow paths agree', () => {
  it('has cases to compare', () => {
    expect(cases.length).toBeGreaterThan(50);
  });

  for (const c of cases) {
    it(path.relative(FIXTURES, c), async () => {
      const fast = await lintCase(c, { parser: 'auto' });
      const slow = await lintCase(c, { parser: 'slow' });
      expect(fast.findings.map(key)).toEqual(slow.findings.map(key));
    });
  }

  for (const ex of ['single-cluster', 'multicluster']) {
    const dir = path.join(ROOT, 'examples', ex);
    it.runIf(existsSync(dir))(`examples/${ex}`, async () => {
      const run = (parser: 'auto' | 'slow') => lint({ cwd: dir, paths: ['.'], parser });
      const fast = await run('auto');
      const slow = await run('slow');
      expect(fast.findings.length).toBeGreaterThan(0);
      expect(fast.findings.map(key)).toEqual(slow.findings.map(key));
    });
  }
});
