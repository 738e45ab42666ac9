// GitHub: the `github` (workflow commands) and `markdown` (job summary) reports, and the
// composite action, whose shell steps are run here as Actions would run them.

import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/lint.js';
import { annotation, escapeData, escapeProperty, githubReporter } from '../../src/report/github.js';
import { cell, code, markdownReporter } from '../../src/report/markdown.js';
import type { ReportInput } from '../../src/report/types.js';
import type { Finding } from '../../src/engine/types.js';
import { BAD_MAPPING, BIN, reportInputOf, ROOT, tempDir, writeIn } from '../helpers.js';

const dir = tempDir('workflow');

const BAD = BAD_MAPPING;
writeIn(dir, 'k8s/web.yaml', BAD);

const base: Finding = {
  ruleId: 'mapping-prefix',
  severity: 'error',
  message: 'Mapping shop/web has prefix "api/": 100% wrong,\nreally.',
  file: 'k8s/a,b:c.yaml',
  line: 8,
  column: 11,
  endLine: 8,
  endColumn: 14,
  resource: 'Mapping shop/web',
  related: [{ file: 'k8s/svc.yaml', line: 3, column: 5, endLine: 3, endColumn: 7, message: 'The Service.' }],
  fingerprint: 'f',
};

async function input(paths: string[]): Promise<ReportInput> {
  const r = await lint({ cwd: dir, paths, config: {} });
  return { ...reportInputOf(r, dir), graphs: r.graphs };
}

describe('--format github', () => {
  it('escapes workflow-command data and properties', () => {
    expect(escapeData('50% a\r\nb')).toBe('50%25 a%0D%0Ab');
    expect(escapeProperty('a,b:c%')).toBe('a%2Cb%3Ac%25');
  });

  it('writes one annotation per finding, with its position and level', () => {
    expect(annotation(base)).toBe(
      '::error file=k8s/a%2Cb%3Ac.yaml,line=8,endLine=8,col=11,endColumn=14,title=meshlint mapping-prefix::Mapping shop/web has prefix "api/": 100%25 wrong,%0Areally.%0ARelated: k8s/svc.yaml:3:5 The Service.',
    );
    expect(annotation({ ...base, severity: 'note', endLine: 9, related: [] })).toMatch(/^::notice file=.*,line=8,endLine=9,col=11,title=/);
    expect(annotation({ ...base, severity: 'warning' })).toMatch(/^::warning /);
  });

  it('leaves suppressed findings out and ends with a summary', async () => {
    const out = githubReporter({ ...(await input(['k8s'])), findings: [base, { ...base, line: 20, suppressed: { kind: 'inSource', justification: 'x' } }] });
    expect(out.split('\n').filter((l) => l.startsWith('::'))).toHaveLength(1);
    expect(out).toContain('meshlint: 1 problem (1 error, 0 warnings, 0 notes) in 1 file');
  });
});

describe('--format markdown', () => {
  it('escapes table cells and inline code', () => {
    expect(cell('a|b\nc')).toBe('a\\|b c');
    expect(code('x`y')).toBe('``x`y``');
    expect(code('`x')).toBe('`` `x ``');
  });

  it('has counts, a table and a Mermaid picture around the findings', async () => {
    const out = markdownReporter(await input(['k8s']));
    expect(out).toContain('## meshlint');
    expect(out).toMatch(/\*\*1 problem\*\* \(1 error, 0 warnings, 0 notes\) in 1 file\./);
    expect(out).toContain('| Severity | Rule | Location | Resource | Message |');
    expect(out).toContain('| ❌ error | [`mapping-prefix`](https://github.com/meshlint/meshlint/blob/main/rules/mapping-prefix.md) | `k8s/web.yaml:8:11` | `Mapping shop/web` |');
    expect(out).toMatch(/```mermaid\nflowchart LR\n[\s\S]*Mapping<br\/>web<br\/>mapping-prefix[\s\S]*```/);
  });

  it('says so when there is nothing to report', async () => {
    writeFileSync(path.join(dir, 'clean.yaml'), BAD.replace('prefix: api/', 'prefix: /api/'));
    const out = markdownReporter(await input(['clean.yaml']));
    expect(out).toBe('## meshlint\n\n✅ No problems in 1 file.\n');
  });
});

// The composite action, run step by step as the runner would: `${{ inputs.* }}` and
// `${{ steps.*.outputs.* }}` substituted, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY / GITHUB_PATH
// files, bash -e. The install step is replaced by this checkout's bin/ on PATH; the
// `uses:` steps (setup-node, upload-sarif) are GitHub's.
describe('action.yml', () => {
  const action = parseYaml(readFileSync(path.join(ROOT, 'action.yml'), 'utf8'));
  const steps: any[] = action.runs.steps;

  it('is a composite action that lints to SARIF, uploads it with a category, and writes a summary', () => {
    expect(action.runs.using).toBe('composite');
    const upload = steps.find((s) => typeof s.uses === 'string' && s.uses.startsWith('github/codeql-action/upload-sarif@'));
    expect(upload.with.category).toBe('${{ inputs.category }}');
    expect(upload.with.sarif_file).toContain('${{ inputs.sarif-file }}');
    const lintStep = steps.find((s) => s.id === 'lint');
    expect(lintStep.run).toMatch(/--format sarif --output "\$MESHLINT_SARIF"/);
    expect(steps.some((s) => /--format markdown >> "\$GITHUB_STEP_SUMMARY"/.test(s.run ?? ''))).toBe(true);
    for (const s of steps) if (s.run) expect(s.shell, s.name).toBe('bash');
    // Inputs reach scripts through env, never pasted into the script text.
    for (const s of steps) if (s.run) expect(s.run, s.name).not.toMatch(/\$\{\{/);
    for (const name of Object.keys(action.inputs)) expect(action.inputs[name].description).toBeTruthy();
  });

  function runAction(inputs: Record<string, string>, workdir: string) {
    const values: Record<string, string> = {};
    for (const [k, v] of Object.entries(action.inputs as Record<string, any>)) values[k] = inputs[k] ?? String(v.default ?? '');
    const outputs: Record<string, Record<string, string>> = {};
    const lookup = (e: string): string => {
      let m = /^inputs\.([\w-]+)$/.exec(e);
      if (m) return values[m[1]] ?? '';
      m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(e);
      if (m) return outputs[m[1]]?.[m[2]] ?? '';
      throw new Error(`expression not handled by the test: ${e}`);
    };
    const expr = (s: string) => s.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, e: string) => lookup(e));
    const shim = path.join(workdir, '.shim');
    mkdirSync(shim, { recursive: true });
    writeFileSync(path.join(shim, 'meshlint'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
    chmodSync(path.join(shim, 'meshlint'), 0o755);
    const summary = path.join(workdir, '.summary.md');
    writeFileSync(summary, '');
    const ran: string[] = [];
    let failed: number | undefined;
    for (const step of steps) {
      if (!step.run || step.id === 'install') continue;
      // `if:` conditions of the shell steps, evaluated for the cases used here.
      if (step.if) {
        const cond = String(step.if).replace(/^\$\{\{\s*|\s*\}\}$/g, '').replace(/^always\(\) && /, '');
        const ok = cond.split(' && ').every((c: string) => {
          const m = /^([\w.-]+) (==|!=) '(.*)'$/.exec(c.trim());
          if (!m) throw new Error(`condition not handled by the test: ${c}`);
          return m[2] === '==' ? lookup(m[1]) === m[3] : lookup(m[1]) !== m[3];
        });
        if (!ok) continue;
      }
      const outFile = path.join(workdir, `.out-${ran.length}`);
      writeFileSync(outFile, '');
      const env: Record<string, string> = { ...(process.env as Record<string, string>), PATH: `${shim}:${process.env.PATH}`, GITHUB_OUTPUT: outFile, GITHUB_STEP_SUMMARY: summary, GITHUB_ACTION_PATH: ROOT };
      delete env.FORCE_COLOR;
      for (const [k, v] of Object.entries(step.env ?? {})) env[k] = expr(String(v));
      const cwd = path.resolve(workdir, expr(String(step['working-directory'] ?? '.')));
      const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], { cwd, env, encoding: 'utf8' });
      ran.push(step.name);
      if (step.id) {
        outputs[step.id] = {};
        for (const line of readFileSync(outFile, 'utf8').split('\n')) {
          const m = /^([\w-]+)=(.*)$/.exec(line);
          if (m) outputs[step.id][m[1]] = m[2];
        }
      }
      if (r.status !== 0) {
        failed = r.status ?? 1;
        break;
      }
    }
    return { ran, failed, outputs, summary: readFileSync(summary, 'utf8') };
  }

  it('runs: SARIF written, summary written, the step fails on findings', () => {
    const r = runAction({ paths: 'k8s' }, dir);
    expect(r.outputs.lint).toEqual({ 'exit-code': '1', 'sarif-file': 'meshlint.sarif' });
    const sarif = JSON.parse(readFileSync(path.join(dir, 'meshlint.sarif'), 'utf8'));
    expect(sarif.runs[0].results.map((x: any) => x.ruleId)).toContain('mapping-prefix');
    expect(r.ran).toContain('Write the job summary');
    expect(r.summary).toContain('## meshlint');
    expect(r.summary).toContain('`k8s/web.yaml:8:11`');
    expect(r.ran.at(-1)).toBe('Fail on findings');
    expect(r.failed).toBe(1);
  });

  it('passes extra arguments and can report without failing', () => {
    writeFileSync(path.join(dir, 'legacy.yaml'), 'overrides:\n  - files: ["k8s/**"]\n    rules: {mapping-prefix: warning}\n');
    writeFileSync(path.join(dir, 'clean.yaml'), BAD.replace('prefix: api/', 'prefix: /api/'));
    const r = runAction({ paths: 'k8s', args: '--config legacy.yaml --max-warnings 0', 'fail-on-findings': 'false', 'sarif-file': 'x.sarif' }, dir);
    expect(r.outputs.lint).toEqual({ 'exit-code': '1', 'sarif-file': 'x.sarif' });
    const sarif = JSON.parse(readFileSync(path.join(dir, 'x.sarif'), 'utf8'));
    expect(sarif.runs[0].results.find((x: any) => x.ruleId === 'mapping-prefix').level).toBe('warning');
    expect(r.failed).toBeUndefined();
    const clean = runAction({ paths: 'clean.yaml' }, dir);
    expect(clean.outputs.lint['exit-code']).toBe('0');
    expect(clean.failed).toBeUndefined();
    expect(clean.ran).not.toContain('Fail on findings');
  });
});
