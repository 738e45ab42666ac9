// Paths as users expect them: `ignore:` relative to the config file whatever the working
// directory or the paths given, an existing file with a glob-like name is that file, an empty
// directory is "no manifest" (exit 2), and the summary counts reported files only.

import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMeshlint, tempDir, writeIn } from '../helpers.js';

const tmp = tempDir('inputs');
const BAD = 'apiVersion: getambassador.io/v3alpha1\nkind: Mapping\nmetadata:\n  name: NAME\n  namespace: shop\nspec:\n  hostname: "*"\n  prefix: bad/\n  service: web.example.com\n';

const filesWithFindings = (stdout: string) => [...new Set(JSON.parse(stdout).findings.map((f: any) => f.file))].sort();

describe('config ignore globs', () => {
  const repo = path.join(tmp, 'repo');
  writeIn(repo, '.meshlint.yaml', 'ignore:\n  - k8s/generated\n  - "*.tmpl.yaml"\n');
  writeIn(repo, 'k8s/app.yaml', BAD.replace('NAME', 'app'));
  writeIn(repo, 'k8s/generated/out.yaml', BAD.replace('NAME', 'generated'));
  writeIn(repo, 'k8s/deep/x.tmpl.yaml', BAD.replace('NAME', 'tmpl'));

  it('are relative to the config file, whatever the working directory and the paths given', () => {
    for (const [cwd, args] of [
      [repo, ['.']],
      [repo, ['k8s']],
      [repo, ['k8s/**/*.yaml']],
      [path.join(repo, 'k8s'), ['.']],
      [path.join(repo, 'k8s', 'deep'), ['..']],
    ] as const) {
      const r = runMeshlint(['lint', ...args, '-f', 'json'], { cwd });
      expect(r.status, `${cwd} ${args}: ${r.stderr}`).toBe(1);
      const shown = filesWithFindings(r.stdout).map((f) => path.relative(repo, path.resolve(cwd, String(f))));
      expect(shown, `${cwd} ${args}`).toEqual(['k8s/app.yaml']);
    }
  });

  it('skip an ignored file named on the command line without an error (the staged files of a hook)', () => {
    const r = runMeshlint(['lint', 'k8s/generated/out.yaml', '-f', 'json'], { cwd: repo });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).findings).toEqual([]);
  });
});

describe('paths', () => {
  it('an existing file whose name looks like a glob is that file', () => {
    const dir = path.join(tmp, 'globby-names');
    writeIn(dir, 'app[1].yaml', BAD.replace('NAME', 'one'));
    writeIn(dir, 'app1.yaml', BAD.replace('NAME', 'other'));
    const r = runMeshlint(['lint', 'app[1].yaml', '-f', 'json'], { cwd: dir });
    expect(r.status, r.stderr).toBe(1);
    expect(filesWithFindings(r.stdout)).toEqual(['app[1].yaml']);
  });

  it('an empty directory, or one without manifests, is "no manifest" with exit 2', () => {
    const dir = path.join(tmp, 'empty');
    mkdirSync(path.join(dir, 'nothing'), { recursive: true });
    writeIn(dir, 'docs/readme.md', '# not a manifest\n');
    for (const p of ['nothing', 'docs']) {
      const r = runMeshlint(['lint', p], { cwd: dir });
      expect(r.status, p).toBe(2);
      expect(r.stderr).toContain(p);
    }
  });

  it('the summary counts the reported files, not the context', () => {
    const dir = path.join(tmp, 'summary');
    writeIn(dir, 'a.yaml', BAD.replace('NAME', 'a').replace('bad/', '/ok/'));
    for (const n of ['b', 'c', 'd']) writeIn(dir, `${n}.yaml`, BAD.replace('NAME', n));
    const r = runMeshlint(['lint', 'a.yaml', '--context', '.', '--no-color'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('no problems in 1 file');
  });
});

describe('render options on the command line', () => {
  const repo = path.join(tmp, 'render');
  writeIn(repo, 'app/kustomization.yaml', 'resources:\n  - mapping.yaml\n');
  writeIn(repo, 'app/mapping.yaml', BAD.replace('NAME', 'app'));
  const notes = (args: string[]) => {
    const r = runMeshlint(['lint', 'app', '-f', 'json', ...args], { cwd: repo });
    return { r, findings: r.status === 2 ? [] : JSON.parse(r.stdout).findings };
  };

  it('--no-render and --kustomize BIN skip the kustomization with one note naming why', () => {
    const off = notes(['--no-render']);
    expect(off.r.status, off.r.stderr).toBe(0);
    expect(off.findings.map((f: any) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual(['render-skipped app/kustomization.yaml:1']);
    expect(off.findings[0].message).toMatch(/turned off/);
    const missing = notes(['--kustomize', 'no-such-kustomize']);
    expect(missing.findings[0].message).toContain('"no-such-kustomize" is not found');
  });

  it('--helm and --helm-values reach helm template', () => {
    const dir = path.join(tmp, 'helm-args');
    writeIn(dir, 'chart/Chart.yaml', 'apiVersion: v2\nname: web\nversion: 0.1.0\n');
    writeIn(dir, 'chart/templates/x.yaml', 'kind: ConfigMap\n');
    writeIn(dir, 'prod.yaml', 'x: 1\n');
    // A stand-in helm that fails with its arguments, so they show in render-failed.
    const helm = writeIn(dir, 'bin/helm', '#!/bin/sh\necho "args: $*" >&2\nexit 1\n');
    chmodSync(helm, 0o755);
    const r = runMeshlint(['lint', 'chart', '-f', 'json', '--helm', helm, '--helm-values', 'prod.yaml'], { cwd: dir });
    const f = JSON.parse(r.stdout).findings;
    expect(f.map((x: any) => x.ruleId)).toEqual(['render-failed']);
    expect(f[0].message).toContain(`args: template meshlint ${path.join(dir, 'chart')} -f ${path.join(dir, 'prod.yaml')}`);
  });

  it('--no-error-on-unmatched-pattern lets an empty directory pass', () => {
    const dir = path.join(tmp, 'empty-ok');
    mkdirSync(path.join(dir, 'nothing'), { recursive: true });
    const r = runMeshlint(['lint', 'nothing', '--no-error-on-unmatched-pattern', '--no-color'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('no problems in 0 files');
  });
});
