// Baselines: --write-baseline records today's findings; --baseline fails only on new ones, and
// survives edits that move the baselined finding.

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyBaseline, makeBaseline, parseBaseline } from '../../src/engine/baseline.js';
import type { Finding } from '../../src/engine/types.js';
import { BAD_MAPPING, runMeshlint, tempDir } from '../helpers.js';

const dir = tempDir('baseline');

function run(args: string[]) {
  const r = runMeshlint(args, { cwd: dir });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const finding = (fingerprint: string, line: number): Finding => ({
  ruleId: 'mapping-prefix',
  severity: 'error',
  message: 'm',
  file: 'a.yaml',
  line,
  column: 1,
  endLine: line,
  endColumn: 1,
  related: [],
  fingerprint,
});

describe('baseline file', () => {
  it('covers as many findings as it recorded, by fingerprint', () => {
    const b = parseBaseline(JSON.stringify(makeBaseline([finding('f1', 3), finding('f1', 9), finding('f2', 5)])), 'b.json');
    const now = [finding('f1', 30), finding('f1', 40), finding('f1', 50), finding('f3', 1)];
    const stats = applyBaseline(now, b, 'b.json');
    expect(now.map((f) => Boolean(f.suppressed))).toEqual([true, true, false, false]);
    expect(now[0].suppressed).toEqual({ kind: 'external', justification: 'Recorded in the baseline b.json.' });
    expect(stats).toEqual({ matched: 2, stale: 1 });
  });

  it('leaves out findings that are already suppressed', () => {
    const s = finding('f9', 1);
    s.suppressed = { kind: 'inSource', justification: 'r' };
    expect(makeBaseline([s]).findings).toEqual([]);
  });

  it('rejects what is not a baseline', () => {
    expect(() => parseBaseline('{"version": 1}', 'x.json')).toThrow(/not a meshlint baseline/);
    expect(() => parseBaseline('nope', 'x.json')).toThrow(/not valid JSON/);
    expect(() => parseBaseline('{"tool": "meshlint", "version": 99, "findings": []}', 'x.json')).toThrow(/version 99/);
  });
});

describe('meshlint lint --baseline', () => {
  const original = BAD_MAPPING;
  writeFileSync(path.join(dir, 'mappings.yaml'), original);

  it('records the findings and then passes', () => {
    const before = run(['lint', 'mappings.yaml']);
    expect(before.code).toBe(1);
    const w = run(['lint', 'mappings.yaml', '--write-baseline', 'meshlint-baseline.json']);
    expect(w.code).toBe(0);
    expect(w.stderr).toContain('wrote 1 finding to the baseline meshlint-baseline.json');
    const b = JSON.parse(readFileSync(path.join(dir, 'meshlint-baseline.json'), 'utf8'));
    expect(b.findings.map((f: any) => f.ruleId)).toEqual(['mapping-prefix']);
    expect(run(['lint', 'mappings.yaml', '--baseline', 'meshlint-baseline.json']).code).toBe(0);
  });

  it('still passes after edits above the baselined finding move it down', () => {
    const edited = `# A comment and a new, clean resource above the baselined Mapping.
apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    team: web
---
${original.replace('  hostname: "*"', '  hostname: "*"\n  timeout_ms: 3000')}`;
    writeFileSync(path.join(dir, 'mappings.yaml'), edited);
    const plain = run(['lint', 'mappings.yaml', '--format', 'json']);
    const moved = JSON.parse(plain.stdout).findings.filter((f: any) => f.ruleId === 'mapping-prefix');
    expect(moved[0].line).toBe(17);
    const r = run(['lint', 'mappings.yaml', '--baseline', 'meshlint-baseline.json']);
    expect(r.stdout).toContain('no problems');
    expect(r.code).toBe(0);
    const sarif = JSON.parse(run(['lint', 'mappings.yaml', '--baseline', 'meshlint-baseline.json', '--format', 'sarif']).stdout);
    const result = sarif.runs[0].results.find((x: any) => x.ruleId === 'mapping-prefix');
    expect(result.suppressions).toEqual([{ kind: 'external', justification: 'Recorded in the baseline meshlint-baseline.json.' }]);
  });

  it('fails on a new finding only, and says when baselined findings are gone', () => {
    const current = readFileSync(path.join(dir, 'mappings.yaml'), 'utf8');
    writeFileSync(path.join(dir, 'mappings.yaml'), `${current}---\n${original.replace('name: web', 'name: admin').replace('prefix: api/', 'prefix: admin/')}`);
    const r = run(['lint', 'mappings.yaml', '--baseline', 'meshlint-baseline.json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Mapping shop/admin');
    expect(r.stdout).not.toContain('Mapping shop/web ');
    expect(r.stdout).toMatch(/1 problem \(1 error/);

    writeFileSync(path.join(dir, 'mappings.yaml'), original.replace('prefix: api/', 'prefix: /api/'));
    const fixed = run(['lint', 'mappings.yaml', '--baseline', 'meshlint-baseline.json']);
    expect(fixed.code).toBe(0);
    expect(fixed.stderr).toContain('1 finding in the baseline meshlint-baseline.json no longer occurs');
  });

  it('refuses a missing or broken baseline with exit code 2', () => {
    expect(run(['lint', 'mappings.yaml', '--baseline', 'nope.json']).code).toBe(2);
    writeFileSync(path.join(dir, 'broken.json'), '{');
    const r = run(['lint', 'mappings.yaml', '--baseline', 'broken.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not valid JSON');
  });
});
