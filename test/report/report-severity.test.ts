// A report may carry its own severity (skip-inbound-ports: warning for a no-op, error when it
// breaks the multicluster probe); config `rules` still overrides it.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, lintCase } from '../helpers.js';

const noop = path.join(FIXTURES, 'skip-inbound-ports', 'fail', 'docs-80-443.yaml');
const probe = path.join(FIXTURES, 'skip-inbound-ports', 'fail', 'target-cluster-probe');

const severities = async (c: string, rules?: Record<string, 'error' | 'warning' | 'note' | 'off'>) =>
  (await lintCase(c, rules ? { config: { rules } } : {})).findings.filter((f) => f.ruleId === 'skip-inbound-ports').map((f) => f.severity);

describe('per-report severity', () => {
  it('keeps the rule default when the report names none', async () => {
    expect(await severities(noop)).toEqual(['warning']);
  });
  it("uses the report's own severity", async () => {
    expect(await severities(probe)).toEqual(['error']);
  });
  it('lets config override both', async () => {
    expect(await severities(noop, { 'skip-inbound-ports': 'note' })).toEqual(['note']);
    expect(await severities(probe, { 'skip-inbound-ports': 'note' })).toEqual(['note']);
    expect(await severities(probe, { 'skip-inbound-ports': 'off' })).toEqual([]);
  });
});
