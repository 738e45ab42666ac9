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

describe('gateway-require-identity: error for refused clients, warning for defence in depth', () => {
  const at = (f: string) => path.join(FIXTURES, 'gateway-require-identity', 'fail', f);
  const of = async (c: string) => (await lintCase(c)).findings.filter((f) => f.ruleId === 'gateway-require-identity');
  it('warns when the annotation is missing or leaves out the gateway port, without claiming open access', async () => {
    for (const c of ['missing.yaml', 'published-recipe.yaml']) {
      const fs = await of(at(c));
      expect(fs.map((f) => f.severity), c).toEqual(['warning']);
      expect(fs[0].message).toContain('already refuses cross-cluster connections without a mesh identity');
      expect(fs[0].message).not.toMatch(/accepts unauthenticated/);
    }
  });
  it("is an error when it lists Emissary's public ports or cannot be read", async () => {
    for (const c of ['includes-public-ports.yaml', 'range-covers-emissary.yaml', 'not-a-port-list.yaml', 'namespace-value.yaml']) {
      expect((await of(at(c))).map((f) => f.severity), c).toEqual(['error']);
    }
  });
});
