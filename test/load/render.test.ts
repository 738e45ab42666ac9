// Real repositories: a kustomize base with two overlays (a strategic-merge patch, a JSON 6902
// patch), a Helm chart, plain manifests and tool configuration files, linted end to end with the
// real kubectl (its built-in kustomize). Findings must land on the repository's own files.

import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/lint.js';
import { findExecutable, templateRegion, templateSources } from '../../src/load/render.js';
import { isRemoteRef } from '../../src/load/kustomize.js';

const KUBECTL = findExecutable('kubectl') ?? findExecutable('kustomize');
if (!KUBECTL) console.warn('render.test: neither kubectl nor kustomize is on the PATH; the tests that render are skipped');

function write(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
}

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: web:1
          ports:
            - containerPort: 8080
`;

const REPO: Record<string, string> = {
  'base/kustomization.yaml': 'resources:\n  - deployment.yaml\n  - service.yaml\n  - mapping.yaml\n',
  'base/deployment.yaml': DEPLOYMENT,
  'base/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports:\n    - port: 80\n      targetPort: 8080\n',
  'base/mapping.yaml': 'apiVersion: getambassador.io/v3alpha1\nkind: Mapping\nmetadata:\n  name: web\nspec:\n  hostname: "*"\n  prefix: /web/\n  service: web\n',
  // staging: a strategic-merge patch that sets a wrong injection value
  'overlays/staging/kustomization.yaml': 'namespace: staging\nresources:\n  - ../../base\npatches:\n  - path: inject.yaml\n',
  'overlays/staging/inject.yaml':
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    metadata:\n      annotations:\n        linkerd.io/inject: enable\n',
  // prod: a JSON 6902 patch that breaks the Mapping's prefix
  'overlays/prod/kustomization.yaml':
    'namespace: prod\nresources:\n  - ../../base\npatchesJson6902:\n  - target: {group: getambassador.io, version: v3alpha1, kind: Mapping, name: web}\n    path: prefix.yaml\n',
  'overlays/prod/prefix.yaml': '- op: replace\n  path: /spec/prefix\n  value: web/\n',
  // a Helm chart: never parsed as YAML, one note without helm
  'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
  'charts/web/values.yaml': 'image: web:1\n',
  'charts/web/values-prod.yaml': 'image: web:2\n',
  'charts/web/templates/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n{{- if .Values.x }}\n  labels: {{ toYaml .Values.labels | nindent 4 }}\n{{- end }}\n',
  // plain manifests, correct
  'plain/namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: tools\n',
  // tool configuration: not cluster objects
  'clusters/kind.yaml': 'apiVersion: kind.x-k8s.io/v1alpha4\nkind: Cluster\nnodes:\n  - role: control-plane\n',
  'clusters/kubeconfig.yaml': 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\ncurrent-context: ""\nusers: []\n',
};

let root: string;
beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'meshlint-repo-'));
  write(root, REPO);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe.skipIf(!KUBECTL)('a repository with kustomize overlays, a chart and plain manifests', () => {
  it('reports only the real mistakes, at the lines of the repository files, with the patch as related location', async () => {
    const r = await lint({ cwd: root, paths: ['.'], render: { helm: 'helm-is-not-installed-here' } });
    const shown = r.findings.map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.resource ?? ''}`);
    expect(shown.sort()).toEqual(
      [
        'inject-value base/deployment.yaml:9 Deployment staging/web',
        'mapping-prefix base/mapping.yaml:7 Mapping prod/web',
        'render-skipped charts/web/Chart.yaml:2 ',
      ].sort(),
    );
    const inject = r.findings.find((f) => f.ruleId === 'inject-value')!;
    // The base holds the pod template's metadata, the patch holds the annotation itself.
    expect(inject.related.map((x) => `${x.file}:${x.line}`)).toEqual(['overlays/staging/inject.yaml:9', 'overlays/staging/kustomization.yaml:2']);
    const prefix = r.findings.find((f) => f.ruleId === 'mapping-prefix')!;
    expect(prefix.column).toBe(11);
    expect(prefix.related.map((x) => `${x.file}:${x.line}`)).toEqual(['overlays/prod/prefix.yaml:2', 'overlays/prod/kustomization.yaml:2']);
    expect(r.crashed).toEqual([]);
    // The two overlays are alternatives: each is its own graph, so the same objects in both are no duplicates.
    expect(r.findings.some((f) => f.ruleId === 'resource-duplicate')).toBe(false);
  });

  it('lints one overlay given alone, reading its base from outside the inputs', async () => {
    const r = await lint({ cwd: root, paths: ['overlays/prod'] });
    expect(r.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual(['mapping-prefix base/mapping.yaml:7']);
  });

  it('never offers a fix in a source file for a rendered object', async () => {
    const r = await lint({ cwd: root, paths: ['overlays/staging'] });
    expect(r.findings.length).toBeGreaterThan(0);
    expect(r.findings.every((f) => f.fix === undefined)).toBe(true);
  });

  it('turns a kustomization that fails to build into render-failed and still lints the rest', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'meshlint-broken-'));
    try {
      write(dir, {
        'app/kustomization.yaml': 'resources:\n  - missing.yaml\n',
        'plain/mapping.yaml': 'apiVersion: getambassador.io/v3alpha1\nkind: Mapping\nmetadata:\n  name: a\nspec:\n  hostname: "*"\n  prefix: a/\n  service: a.example.com\n',
      });
      const r = await lint({ cwd: dir, paths: ['.'] });
      const got = r.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column}`);
      expect(got).toEqual(['render-failed app/kustomization.yaml:2:5', 'mapping-prefix plain/mapping.yaml:7:11']);
      expect(r.findings[0].message).toMatch(/missing\.yaml/);
      expect(r.findings[0].message).not.toMatch(/meshlint-render-/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('without a renderer', () => {
  it('gives one note per top-level kustomization and chart, and no error from their files', async () => {
    const r = await lint({ cwd: root, paths: ['.'], render: { kustomize: 'kustomize-is-not-installed-here', helm: 'helm-is-not-installed-here' } });
    expect(r.findings.map((f) => `${f.ruleId} ${f.severity} ${f.file}:${f.line}`).sort()).toEqual(
      ['render-skipped note charts/web/Chart.yaml:2', 'render-skipped note overlays/prod/kustomization.yaml:2', 'render-skipped note overlays/staging/kustomization.yaml:2'].sort(),
    );
    expect(r.findings[0].message).toMatch(/meshlint lint -/);
  });

  it('refuses remote bases without fetching them, unless asked', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'meshlint-remote-'));
    try {
      write(dir, { 'kustomization.yaml': 'resources:\n  - https://github.com/example/app//base?ref=v1\n' });
      const r = await lint({ cwd: dir, paths: ['.'], render: { kustomize: '/bin/false' } });
      expect(r.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual(['render-skipped kustomization.yaml:1']);
      expect(r.findings[0].message).toMatch(/--render-remote/);
      // Asked: the renderer runs (here one that always fails), and its failure is reported.
      const asked = await lint({ cwd: dir, paths: ['.'], render: { kustomize: '/bin/false', remote: true } });
      expect(asked.findings.map((f) => f.ruleId)).toEqual(['render-failed']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Helm charts with a helm on the PATH', () => {
  // helm cannot be installed here: a stand-in prints what `helm template` prints for this chart.
  it('lints the rendered chart and points into the templates', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'meshlint-helm-'));
    try {
      const rendered = [
        '---',
        '# Source: web/templates/mapping.yaml',
        'apiVersion: getambassador.io/v3alpha1',
        'kind: Mapping',
        'metadata:',
        '  name: meshlint-web',
        'spec:',
        '  hostname: "*"',
        '  prefix: web/',
        '  service: web.example.com',
        '',
      ].join('\n');
      write(dir, {
        'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
        'chart/values.yaml': 'prefix: web/\n',
        'chart/templates/mapping.yaml':
          'apiVersion: getambassador.io/v3alpha1\nkind: Mapping\nmetadata:\n  name: {{ .Release.Name }}-web\nspec:\n  hostname: "*"\n  prefix: {{ .Values.prefix }}\n  service: web.example.com\n',
        'bin/helm': `#!/bin/sh\n[ "$1" = template ] || exit 3\ncat <<'EOF'\n${rendered}EOF\n`,
      });
      chmodSync(path.join(dir, 'bin/helm'), 0o755);
      const r = await lint({ cwd: dir, paths: ['chart'], render: { helm: path.join(dir, 'bin/helm') } });
      expect(r.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column}`)).toEqual(['mapping-prefix chart/templates/mapping.yaml:7:3']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads # Source comments per document and finds keys in order in a template', () => {
    expect(templateSources('---\n# Source: a/templates/x.yaml\nkind: A\n---\n# Source: a/templates/y.yaml\nkind: B\n')).toEqual(['a/templates/x.yaml', 'a/templates/y.yaml']);
    const t = 'kind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  template:\n    metadata:\n      annotations:\n        linkerd.io/inject: {{ .Values.inject }}\n';
    expect(templateRegion(t, ['spec', 'template', 'metadata', 'annotations', 'linkerd.io/inject']).line).toBe(8);
    expect(templateRegion(t, ['spec', 'missing']).line).toBe(4);
  });
});

describe('remote references', () => {
  it('knows URLs, git addresses and host paths with a ref from local paths', () => {
    for (const r of ['https://github.com/a/b', 'git@github.com:a/b.git', 'github.com/a/b//base?ref=v1', 'ssh://git@x/y', 'git::https://x/y']) expect(isRemoteRef(r), r).toBe(true);
    for (const r of ['../base', 'deployment.yaml', 'github', './github.com-notes']) expect(isRemoteRef(r), r).toBe(false);
  });
});
