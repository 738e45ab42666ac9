#!/usr/bin/env node
// Benchmark: meshlint against the parse floor (reading and parsing the same files with js-yaml in
// one process), both timed as whole processes, runs interleaved, ratio taken pair by pair, median
// reported. Also: one small file against `node -e 0`, peak memory, and Spectral when installed.
//
//   npm run bench                 # 10k and 50k resources, 5 pairs each
//   npm run bench -- 10000 --runs 7
//   npm run bench -- --spectral   # also time Spectral (MESHLINT_SPECTRAL=/path/to/install or on PATH)

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'meshlint.js');
const OUT = path.join(os.tmpdir(), 'meshlint-bench');

const args = process.argv.slice(2);
const runsArg = args.indexOf('--runs');
const RUNS = runsArg >= 0 ? Number(args[runsArg + 1]) : 5;
const withSpectral = args.includes('--spectral');
const sizes = args.filter((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--runs').map(Number);
if (sizes.length === 0) sizes.push(10_000, 50_000);

/** A synthetic GitOps tree: an Emissary install and N apps (Deployment, Service, Mapping per file). */
export function generate(dir, resources, brokenShare = 0.02) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'emissary'), { recursive: true });
  writeFileSync(
    path.join(dir, 'emissary', 'install.yaml'),
    `apiVersion: v1
kind: Namespace
metadata:
  name: emissary
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: emissary-ingress
  namespace: emissary
spec:
  selector:
    matchLabels: {app: emissary-ingress}
  template:
    metadata:
      labels: {app: emissary-ingress}
      annotations:
        linkerd.io/inject: enabled
    spec:
      serviceAccountName: emissary-ingress
      containers:
        - name: ambassador
          image: docker.io/emissaryingress/emissary:3.9.1
          ports: [{name: http, containerPort: 8080}, {name: https, containerPort: 8443}, {name: admin, containerPort: 8877}]
---
apiVersion: v1
kind: Service
metadata:
  name: emissary-ingress
  namespace: emissary
spec:
  selector: {app: emissary-ingress}
  ports:
    - {name: http, port: 80, targetPort: 8080}
---
apiVersion: getambassador.io/v3alpha1
kind: Module
metadata:
  name: ambassador
  namespace: emissary
spec:
  config:
    add_linkerd_headers: true
---
apiVersion: getambassador.io/v3alpha1
kind: Host
metadata:
  name: wildcard
  namespace: emissary
spec:
  hostname: "*"
  requestPolicy:
    insecure:
      action: Route
`,
  );
  const apps = Math.max(1, Math.round((resources - 5) / 3));
  const brokenEvery = Math.max(1, Math.round(1 / brokenShare));
  const namespaces = Math.max(1, Math.round(apps / 50));
  for (let n = 0; n < namespaces; n++) {
    mkdirSync(path.join(dir, `team-${n}`), { recursive: true });
    writeFileSync(
      path.join(dir, `team-${n}`, 'namespace.yaml'),
      `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-${n}\n  annotations:\n    linkerd.io/inject: enabled\n`,
    );
  }
  for (let i = 0; i < apps; i++) {
    const ns = `team-${i % namespaces}`;
    const broken = i % brokenEvery === brokenEvery - 1;
    const name = `app-${i}`;
    writeFileSync(
      path.join(dir, ns, `${name}.yaml`),
      `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
  labels:
    app.kubernetes.io/name: ${name}
    app.kubernetes.io/part-of: shop
spec:
  replicas: 2
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
        version: v1
      annotations:
        config.linkerd.io/proxy-cpu-request: "100m"
    spec:
      serviceAccountName: ${name}
      containers:
        - name: app
          image: registry.example.com/${name}:1.${i % 10}.0
          ports:
            - name: http
              containerPort: 8080
          env:
            - name: LOG_LEVEL
              value: info
          resources:
            requests: {cpu: 100m, memory: 128Mi}
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  selector:
    app: ${name}
  ports:
    - name: http
      port: 80
      targetPort: http
---
apiVersion: getambassador.io/v3alpha1
kind: Mapping
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  hostname: "*"
  prefix: ${broken ? `${name}/` : `/${name}/`}
  service: ${name}.${ns}:${broken ? 8080 : 80}
  timeout_ms: 3000
`,
    );
  }
  return { files: apps + namespaces + 1, resources: apps * 3 + namespaces + 5 };
}

const FLOOR = `
const fs = require('fs'), path = require('path');
const yaml = require(${JSON.stringify(path.join(ROOT, 'node_modules/js-yaml'))});
let docs = 0;
const walk = (d) => { for (const e of fs.readdirSync(d, { withFileTypes: true })) {
  const p = path.join(d, e.name);
  if (e.isDirectory()) walk(p); else if (/\\.ya?ml$/.test(e.name)) docs += yaml.loadAll(fs.readFileSync(p, 'utf8')).length;
} };
walk(process.argv[1]);
if (docs === 0) process.exit(3);
`;

function time(cmd, argv, opts = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 1 << 28, ...opts });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { ms, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Peak resident memory of a command, from GNU time when present, else from /proc via a wrapper. */
function peakMemMiB(argv) {
  const wrapper = `
const { spawn } = require('child_process');
const c = spawn(process.execPath, ${JSON.stringify(argv)}, { stdio: 'ignore' });
let peak = 0;
const fs = require('fs');
const t = setInterval(() => { try { const s = fs.readFileSync('/proc/' + c.pid + '/status', 'utf8'); const m = /VmHWM:\\s+(\\d+)/.exec(s); if (m) peak = Math.max(peak, Number(m[1])); } catch {} }, 20);
c.on('exit', () => { clearInterval(t); console.log((peak / 1024).toFixed(0)); });
`;
  const r = spawnSync(process.execPath, ['-e', wrapper], { encoding: 'utf8' });
  return Number(r.stdout.trim());
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * `runs` interleaved pairs, `first` then `second` (each returns a `time` result): the median
 * time of each, and the median of `ratio(first ms, second ms)` taken pair by pair.
 */
function pairs(runs, first, second, ratio = (a, b) => b / a) {
  const as = [];
  const bs = [];
  const ratios = [];
  for (let i = 0; i < runs; i++) {
    const a = first().ms;
    const b = second().ms;
    as.push(a);
    bs.push(b);
    ratios.push(ratio(a, b));
  }
  return { first: median(as), second: median(bs), ratio: median(ratios) };
}

/** meshlint timed as a whole process; exit codes 0 and 1 are results, any other a failure. */
function meshlint(argv) {
  const m = time(process.execPath, [BIN, ...argv]);
  if (m.status !== 0 && m.status !== 1) throw new Error(`meshlint failed (${m.status}): ${m.stderr}`);
  return m;
}

function benchTree(size) {
  const dir = path.join(OUT, `tree-${size}`);
  const info = generate(dir, size);
  const argv = ['lint', dir, '--format', 'json'];
  let findings = 0;
  const t = pairs(
    RUNS,
    () => {
      const f = time(process.execPath, ['-e', FLOOR, dir]);
      if (f.status !== 0) throw new Error(`floor failed: ${f.stderr}`);
      return f;
    },
    () => {
      const m = meshlint(argv);
      findings = JSON.parse(m.stdout).findings.length;
      return m;
    },
  );
  const mem = peakMemMiB([BIN, ...argv]);
  return { size, ...info, findings, floorMs: t.first, lintMs: t.second, ratio: t.ratio, peakMiB: mem, dir };
}

function benchSmall() {
  const dir = path.join(OUT, 'small');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'mapping.yaml'),
    'apiVersion: getambassador.io/v3alpha1\nkind: Mapping\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  hostname: "*"\n  prefix: /web/\n  service: web.shop:80\n',
  );
  const t = pairs(RUNS * 2, () => time(process.execPath, ['-e', '0']), () => meshlint(['lint', path.join(dir, 'mapping.yaml')]));
  return { nodeMs: t.first, lintMs: t.second, ratio: t.ratio };
}

/** Spectral's command, from $MESHLINT_SPECTRAL (the binary or an install folder), PATH or node_modules. */
function findSpectral() {
  const env = process.env.MESHLINT_SPECTRAL;
  const candidates = [
    ...(env ? [env, path.join(env, 'node_modules/.bin/spectral')] : []),
    path.join(ROOT, 'node_modules/.bin/spectral'),
    ...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean).map((p) => path.join(p, 'spectral')),
  ];
  return candidates.find((p) => existsSync(p) && !statSync(p).isDirectory());
}

/** Four trivial per-document rules, the kind of ruleset Spectral users write for manifests. */
const SPECTRAL_RULESET = `rules:
  has-api-version:
    given: $
    severity: error
    then: { field: apiVersion, function: truthy }
  has-kind:
    given: $
    severity: error
    then: { field: kind, function: truthy }
  has-name:
    given: $.metadata
    severity: error
    then: { field: name, function: truthy }
  mapping-prefix-slash:
    given: $.spec.prefix
    severity: error
    then: { function: pattern, functionOptions: { match: "^/" } }
`;

/**
 * Spectral on the same documents: it reads one document per file, so the tree is split into
 * one file per document. Timed against meshlint on the original tree, interleaved.
 */
function benchSpectral(tree, runs) {
  const spectral = findSpectral();
  if (!spectral) return undefined;
  const split = `${tree.dir}-split`;
  rmSync(split, { recursive: true, force: true });
  mkdirSync(split, { recursive: true });
  let n = 0;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name)) {
        for (const doc of readFileSync(p, 'utf8').split(/^---[ \t]*$/m)) {
          if (doc.trim() === '') continue;
          writeFileSync(path.join(split, `doc-${n++}.yaml`), doc.replace(/^\n/, ''));
        }
      }
    }
  };
  walk(tree.dir);
  const ruleset = path.join(OUT, 'spectral-ruleset.yaml');
  writeFileSync(ruleset, SPECTRAL_RULESET);
  const spectralArgs = ['lint', path.join(split, '*.yaml'), '--ruleset', ruleset, '--format', 'json', '--quiet'];
  let problems = 0;
  const t = pairs(
    runs,
    () => {
      const s = time(spectral, spectralArgs, { cwd: OUT });
      if (s.status !== 0 && s.status !== 1) throw new Error(`spectral failed (${s.status}): ${s.stderr.slice(0, 500)}`);
      problems = JSON.parse(s.stdout || '[]').length;
      return s;
    },
    () => meshlint(['lint', tree.dir, '--format', 'json']),
    (s, m) => s / m,
  );
  const script = readFileSync(spectral, 'utf8').startsWith('#!/usr/bin/env node') ? [spectral] : undefined;
  const peak = script ? peakMemMiB([...script, ...spectralArgs]) : undefined;
  return { documents: n, spectralMs: t.first, lintMs: t.second, ratio: t.ratio, problems, peakMiB: peak, spectral };
}

if (!existsSync(path.join(ROOT, 'dist/src/cli/main.js'))) {
  console.error('Run `npm run build` first.');
  process.exit(2);
}
console.log(`meshlint benchmark — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}, ${RUNS} interleaved pairs, medians`);
const small = benchSmall();
console.log(`small file:  meshlint ${small.lintMs.toFixed(0)} ms, node -e 0 ${small.nodeMs.toFixed(0)} ms, ratio ${small.ratio.toFixed(2)}x (goal ≤ 3x)`);
const results = [];
for (const size of sizes) {
  const r = benchTree(size);
  results.push(r);
  console.log(
    `${String(r.resources).padStart(6)} resources in ${r.files} files: meshlint ${r.lintMs.toFixed(0)} ms, js-yaml floor ${r.floorMs.toFixed(0)} ms, ratio ${r.ratio.toFixed(2)}x (goal ≤ 1.5x), peak ${r.peakMiB} MiB, ${r.findings} findings`,
  );
}
let spectral;
if (withSpectral) {
  spectral = benchSpectral(results[0], Math.max(3, Math.ceil(RUNS / 2)));
  console.log(
    spectral
      ? `Spectral on the same ${spectral.documents} documents (one per file, 4 trivial rules): ${spectral.spectralMs.toFixed(0)} ms${spectral.peakMiB ? `, peak ${spectral.peakMiB} MiB` : ''}; meshlint ${spectral.lintMs.toFixed(0)} ms; meshlint is ${spectral.ratio.toFixed(1)}x faster (goal ≥ 10x)`
      : 'Spectral is not installed: install @stoplight/spectral-cli somewhere and set MESHLINT_SPECTRAL to it (or put spectral on PATH).',
  );
}
writeFileSync(path.join(OUT, 'latest.json'), JSON.stringify({ date: new Date().toISOString(), small, results, spectral }, null, 2));
