// Reporters: the text report pinned by a snapshot, the JSON shape, and SARIF checked by
// Microsoft's SARIF validator with GitHub's rules (zero errors, zero warnings).

import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/lint.js';
import { RULES } from '../../src/engine/registry.js';
import { jsonReporter } from '../../src/report/json.js';
import { sarifReporter } from '../../src/report/sarif.js';
import { textReporter } from '../../src/report/text.js';
import type { ReportInput } from '../../src/report/types.js';
import type { Finding } from '../../src/engine/types.js';
import { FIXTURES, reportInputOf, ROOT, tempDir } from '../helpers.js';

const tmp = tempDir('rep');

const TEXT = `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  ports:
    - name: http
      port: 80
`;

function sample(): ReportInput {
  const findings: Finding[] = [
    {
      ruleId: 'mapping-prefix',
      severity: 'error',
      message: 'Mapping shop/web has prefix "api/"; change it to "/api/".',
      file: 'k8s/web.yaml',
      line: 9,
      column: 13,
      endLine: 9,
      endColumn: 14,
      resource: 'Service shop/web',
      path: 'spec.ports[0].port',
      related: [{ file: 'k8s/web.yaml', line: 4, column: 9, endLine: 4, endColumn: 11, message: 'The Service.' }],
      fingerprint: '0123456789abcdef0123456789abcdef',
    },
    {
      ruleId: 'yaml-syntax',
      severity: 'warning',
      message: 'A warning.',
      file: 'k8s/web.yaml',
      line: 4,
      column: 3,
      endLine: 4,
      endColumn: 6,
      related: [],
      fingerprint: 'fedcba9876543210fedcba9876543210',
    },
  ];
  return {
    findings,
    texts: new Map([['k8s/web.yaml', TEXT]]),
    fileCount: 3,
    rules: RULES.map((r) => r.meta),
    toolVersion: '0.0.0-test',
    cwd: '/repo',
    color: false,
  };
}

describe('text reporter', () => {
  it('prints grouped findings with code frames and a summary', async () => {
    await expect(textReporter(sample())).toMatchFileSnapshot('__snapshots__/text-report.txt');
  });

  it('says so when there is nothing to report', () => {
    expect(textReporter({ ...sample(), findings: [] })).toBe('✔ no problems in 3 files\n');
  });
});

describe('json reporter', () => {
  it('has a stable, documented shape', () => {
    const j = JSON.parse(jsonReporter(sample()));
    expect(Object.keys(j)).toEqual(['version', 'tool', 'summary', 'findings']);
    expect(j.summary).toEqual({ errors: 1, warnings: 1, notes: 0, filesLinted: 3, filesWithFindings: 1 });
    expect(Object.keys(j.findings[0])).toEqual([
      'ruleId', 'severity', 'message', 'file', 'line', 'column', 'endLine', 'endColumn',
      'resource', 'path', 'cluster', 'related', 'fingerprint',
    ]);
    expect(j.findings[1].resource).toBeNull();
  });
});

describe('sarif reporter', () => {
  it('describes every rule and locates results exactly', () => {
    const s = JSON.parse(sarifReporter(sample()));
    const run = s.runs[0];
    expect(s.version).toBe('2.1.0');
    expect(run.tool.driver.semanticVersion).toBe('0.0.0-test');
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(RULES.map((r) => r.meta.id));
    for (const r of run.tool.driver.rules) {
      expect(r.shortDescription.text).toBeTruthy();
      expect(r.fullDescription.text).toBeTruthy();
      expect(r.help.text).toBeTruthy();
      expect(r.help.markdown).toBeTruthy();
      expect(r.helpUri).toContain(`${r.id}.md`);
    }
    const res = run.results[0];
    expect(res.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'k8s/web.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 9, startColumn: 13, endLine: 9, endColumn: 15 },
    });
    expect(res.locations[0].logicalLocations[0].fullyQualifiedName).toBe('Service shop/web');
    expect(res.relatedLocations[0].physicalLocation.region.startLine).toBe(4);
    expect(res.partialFingerprints['meshlint/v1']).toBe('0123456789abcdef0123456789abcdef');
    expect(run.originalUriBaseIds['%SRCROOT%'].uri).toBe('file:///repo/');
  });

  const tool = path.join(ROOT, 'node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool');
  it.skipIf(!existsSync(tool))('passes the SARIF validator with GitHub rules: no errors, no warnings', async () => {
    // npm does not run the package's install script that makes the binary executable.
    chmodSync(tool, 0o755);
    const result = await lint({ cwd: FIXTURES, paths: ['.'] });
    expect(result.findings.length).toBeGreaterThan(3);
    const input: ReportInput = {
      ...reportInputOf(result, FIXTURES),
      findings: [
        ...result.findings,
        { ...sample().findings[0], file: 'k8s/web.yaml', suppressed: { kind: 'inSource', justification: 'accepted for now' } },
        // Standard input that names no file: left out of the results, with a notification.
        { ...sample().findings[0], file: '<stdin>' },
        { ...sample().findings[1], ruleId: 'yaml-syntax', file: 'k8s/web.yaml' },
      ],
      // A run from a subdirectory of the repository, with the Action's category.
      cwd: FIXTURES,
      root: ROOT,
      stdin: new Set(['<stdin>']),
      exitCode: 1,
      category: 'meshlint-k8s',
      toolVersion: '0.1.0',
    };
    const log = path.join(tmp, 'meshlint.sarif');
    const out = path.join(tmp, 'validation.sarif');
    writeFileSync(log, sarifReporter(input));
    const r = spawnSync(tool, ['validate', '--rule-kind', 'Gh;Sarif', '--level', 'Error;Warning;Note', '-o', out, log], { encoding: 'utf8', maxBuffer: 1 << 28 });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const run = JSON.parse(readFileSync(log, 'utf8')).runs[0];
    expect(run.invocations[0].toolExecutionNotifications.length).toBeGreaterThanOrEqual(2);
    expect(run.automationDetails.id).toBe('meshlint-k8s/');
    expect(run.results[0].locations[0].physicalLocation.artifactLocation.uri).toMatch(/^fixtures\//);
    const validation = JSON.parse(readFileSync(out, 'utf8'));
    const serious = validation.runs[0].results
      .filter((x: { level?: string }) => x.level === 'error' || x.level === 'warning' || x.level === undefined)
      .map((x: { ruleId: string; message: unknown }) => `${x.ruleId} ${JSON.stringify(x.message)}`);
    expect(serious).toEqual([]);
  });
});
