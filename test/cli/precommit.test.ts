// The pre-commit hook, for real: Debian's `pre-commit` (installed here when missing), this
// checkout as the hook repository (a snapshot of the working tree, committed in a temporary
// repository, so uncommitted work is what gets tested), and a temporary project in which one
// commit is refused with the finding shown and the next one is accepted.

import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runMeshlint, tempDir, writeIn } from '../helpers.js';

const TIMEOUT = 900_000;
const tmp = tempDir('precommit');

const has = (cmd: string, args: string[]) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return !r.error && r.status === 0;
};

/** Make sure `pre-commit` is installed; the reason it is not, otherwise. */
function ensurePreCommit(): string | undefined {
  if (has('pre-commit', ['--version'])) return undefined;
  if (process.getuid?.() !== 0 || !has('apt-get', ['--version'])) return 'pre-commit is not installed, and apt-get cannot install it here (not root, or not Debian)';
  const install = () => spawnSync('apt-get', ['install', '-y', '-qq', 'pre-commit'], { encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  let r = install();
  if (r.status !== 0) {
    spawnSync('apt-get', ['update', '-qq'], { encoding: 'utf8' });
    r = install();
  }
  if (has('pre-commit', ['--version'])) return undefined;
  return `pre-commit is not installed and "apt-get install pre-commit" failed: ${(r.stderr || r.stdout || '').trim().split('\n').pop()}`;
}

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'meshlint test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'meshlint test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};
const env = (): NodeJS.ProcessEnv => ({ ...process.env, ...GIT_ENV, PRE_COMMIT_HOME: path.join(tmp, 'cache'), PRE_COMMIT_COLOR: 'never', NO_COLOR: '1', FORCE_COLOR: undefined });

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: env(), encoding: 'utf8' });
}

function sh(cwd: string, cmd: string, args: string[]): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, env: env(), encoding: 'utf8', timeout: TIMEOUT });
}

const SERVICE = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata:
      labels: {app: web}
      annotations: {linkerd.io/inject: enabled}
    spec: {containers: [{name: web, image: web:1, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 8080}]
`;
const MAPPING = `apiVersion: getambassador.io/v3alpha1
kind: Mapping
metadata:
  name: web
  namespace: shop
spec:
  hostname: "*"
  prefix: api/
  service: web.shop:80
  add_linkerd_headers: true
`;

describe('.pre-commit-hooks.yaml', () => {
  it('declares the meshlint hook: node, YAML/JSON files, the repository as context', () => {
    const hooks = parseYaml(readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8'));
    const hook = hooks.find((h: any) => h.id === 'meshlint');
    expect(hook.language).toBe('node');
    expect(hook.entry).toBe('meshlint lint --context .');
    expect(hook.types_or).toEqual(['yaml', 'json']);
    const files = new RegExp(hook.files);
    expect(['a.yaml', 'b/c.yml', 'd.json'].every((f) => files.test(f))).toBe(true);
    expect(['a.txt', 'yaml.md'].some((f) => files.test(f))).toBe(false);
  });
});

describe('the hook entry', () => {
  it('reports only the files pre-commit appends, with the repository as context', () => {
    const repo = path.join(tmp, 'entry');
    writeIn(repo, 'k8s/web.yaml', SERVICE.replace('name: http, ', ''));
    writeIn(repo, 'k8s/mapping.yaml', MAPPING);
    writeIn(repo, 'k8s/other.yaml', MAPPING.replace('name: web', 'name: other'));
    const r = runMeshlint(['lint', '--context', '.', 'k8s/mapping.yaml', '--format', 'json'], { cwd: repo });
    expect(r.status, r.stderr).toBe(1);
    const findings = JSON.parse(r.stdout).findings;
    expect([...new Set(findings.map((f: any) => f.file))]).toEqual(['k8s/mapping.yaml']);
    expect(findings.map((f: any) => f.ruleId)).toContain('mapping-prefix');
    expect(findings.map((f: any) => f.ruleId)).not.toContain('mapping-service');
  });
});

describe('the hook entry in a multicluster repository', () => {
  it('reports only the staged files, each in the cluster whose paths hold it', () => {
    const repo = path.join(tmp, 'multicluster');
    writeIn(repo, '.meshlint.yaml', 'clusters:\n  east: clusters/east\n  west: clusters/west\n');
    writeIn(repo, 'clusters/east/web.yaml', SERVICE);
    writeIn(repo, 'clusters/east/mapping.yaml', MAPPING);
    writeIn(repo, 'clusters/west/mapping.yaml', MAPPING.replace('name: web\n', 'name: other\n'));
    const r = runMeshlint(['lint', '--context', '.', 'clusters/east/mapping.yaml', '--format', 'json'], { cwd: repo });
    expect(r.status, r.stderr).toBe(1);
    const findings = JSON.parse(r.stdout).findings;
    expect([...new Set(findings.map((f: any) => `${f.cluster} ${f.file}`))]).toEqual(['east clusters/east/mapping.yaml']);
    expect(findings.map((f: any) => f.ruleId)).toContain('mapping-prefix');
    // Its Service is found in its own cluster's tree, which only lent its resources.
    expect(findings.map((f: any) => f.ruleId)).not.toContain('mapping-service');
  });
});

describe('the hook entry in a kustomize repository', () => {
  const repo = path.join(tmp, 'kustomize');
  const DEPLOY = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata:\n      labels: {app: web}\n    spec: {containers: [{name: web, image: web:1}]}\n';
  beforeAll(() => {
    writeIn(repo, 'base/kustomization.yaml', 'resources: [deployment.yaml, mapping.yaml]\n');
    writeIn(repo, 'base/deployment.yaml', DEPLOY);
    writeIn(repo, 'base/mapping.yaml', 'apiVersion: getambassador.io/v3alpha1\nkind: Mapping\nmetadata:\n  name: web\nspec:\n  hostname: "*"\n  prefix: web/\n  service: web.example.com\n');
    writeIn(repo, 'overlays/prod/kustomization.yaml', 'namespace: prod\nresources: [../../base]\npatches:\n  - path: inject.yaml\n');
    writeIn(repo, 'overlays/prod/inject.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      annotations:\n        linkerd.io/inject: enabled\n');
  });
  const lintStaged = (...staged: string[]) => {
    const r = runMeshlint(['lint', '--context', '.', ...staged, '--format', 'json'], { cwd: repo });
    return { r, findings: r.status === 2 ? [] : JSON.parse(r.stdout).findings };
  };

  it.skipIf(!has('kubectl', ['version', '--client']))('reports the rendered findings of the staged files only, and no patch as a duplicate', () => {
    // The staged patch is fine; the unstaged base Mapping's broken prefix is not this commit's.
    const patch = lintStaged('overlays/prod/inject.yaml');
    expect(patch.r.status, patch.r.stderr).toBe(0);
    const base = lintStaged('base/mapping.yaml');
    expect(base.r.status, base.r.stderr).toBe(1);
    expect(base.findings.map((f: any) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual(['mapping-prefix base/mapping.yaml:7']);
  });

  it('without a renderer: one note per kustomization the staged files belong to, never errors', () => {
    writeIn(repo, 'no-renderer.yaml', 'render:\n  kustomize: kustomize-is-not-installed-here\n');
    const r = runMeshlint(['lint', '--config', 'no-renderer.yaml', '--context', '.', 'overlays/prod/inject.yaml', '--format', 'json'], { cwd: repo });
    expect(r.status, r.stderr).toBe(0);
    const findings = JSON.parse(r.stdout).findings;
    expect(findings.map((f: any) => `${f.ruleId} ${f.severity} ${f.file}`)).toEqual(['render-skipped note overlays/prod/kustomization.yaml']);
  });
});

describe('pre-commit, for real', () => {
  let skip: string | undefined;
  let hookRepo = '';
  let rev = '';
  let project = '';

  beforeAll(() => {
    skip = ensurePreCommit();
    if (skip) return;
    // The hook repository: this checkout's files (tracked and untracked, not ignored), committed.
    hookRepo = path.join(tmp, 'hook-repo');
    const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
    if (listed.status !== 0) {
      skip = 'this checkout is not a git repository, so there is nothing to snapshot for pre-commit';
      return;
    }
    for (const rel of listed.stdout.split('\0').filter(Boolean)) {
      const from = path.join(ROOT, rel);
      const to = path.join(hookRepo, rel);
      mkdirSync(path.dirname(to), { recursive: true });
      try {
        copyFileSync(from, to);
      } catch {
        // Listed but deleted in the working tree.
      }
    }
    git(hookRepo, 'init', '-q');
    git(hookRepo, 'add', '-A');
    git(hookRepo, 'commit', '-q', '-m', 'snapshot');
    rev = git(hookRepo, 'rev-parse', 'HEAD').trim();

    project = path.join(tmp, 'project');
    mkdirSync(path.join(project, 'k8s'), { recursive: true });
    git(project, 'init', '-q');
    writeFileSync(path.join(project, 'k8s', 'web.yaml'), SERVICE);
    git(project, 'add', '-A');
    git(project, 'commit', '-q', '-m', 'the Service');
  }, TIMEOUT);

  it(
    'pre-commit try-repo reports the staged Mapping, resolving its Service from the repository',
    (ctx) => {
      if (skip) ctx.skip(skip);
      writeFileSync(path.join(project, 'k8s', 'mapping.yaml'), MAPPING);
      git(project, 'add', 'k8s/mapping.yaml');
      const r = sh(project, 'pre-commit', ['try-repo', hookRepo, 'meshlint', '--ref', rev]);
      const out = r.stdout + r.stderr;
      expect(r.status, out).toBe(1);
      expect(out).toContain('k8s/mapping.yaml');
      expect(out).toMatch(/8:11\s+error\s+Mapping shop\/web has prefix "api\/"/);
      expect(out).toContain('mapping-prefix');
      // Only the staged file is reported, and its Service was found in the unstaged tree.
      expect(out).not.toContain('k8s/web.yaml');
      expect(out).not.toContain('mapping-service');
    },
    TIMEOUT,
  );

  it(
    'as a git hook: refuses the commit with the finding shown, then accepts the fixed one',
    (ctx) => {
      if (skip) ctx.skip(skip);
      writeFileSync(path.join(project, '.pre-commit-config.yaml'), `repos:\n  - repo: ${hookRepo}\n    rev: ${rev}\n    hooks:\n      - id: meshlint\n`);
      expect(sh(project, 'pre-commit', ['install']).status).toBe(0);
      git(project, 'add', '.pre-commit-config.yaml', 'k8s/mapping.yaml');
      const refused = sh(project, 'git', ['commit', '-m', 'add the Mapping']);
      const out = refused.stdout + refused.stderr;
      expect(refused.status, out).not.toBe(0);
      expect(out).toMatch(/meshlint\.+Failed/);
      expect(out).toContain('mapping-prefix');
      expect(git(project, 'rev-list', '--count', 'HEAD').trim()).toBe('1');

      writeFileSync(path.join(project, 'k8s', 'mapping.yaml'), MAPPING.replace('prefix: api/', 'prefix: /api/'));
      git(project, 'add', 'k8s/mapping.yaml');
      const accepted = sh(project, 'git', ['commit', '-m', 'add the Mapping']);
      expect(accepted.status, accepted.stdout + accepted.stderr).toBe(0);
      expect(accepted.stdout + accepted.stderr).toMatch(/meshlint\.+Passed/);
      expect(git(project, 'rev-list', '--count', 'HEAD').trim()).toBe('2');
    },
    TIMEOUT,
  );
});
