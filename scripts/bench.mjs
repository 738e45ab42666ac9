#!/usr/bin/env node
// Benchmark: meshlint against the parse floor (reading and parsing the same files with js-yaml in
// one process), both timed as whole processes, runs interleaved, ratio taken pair by pair, median
// reported; over several shapes of tree, each at several sizes, with the cost per 1k resources and
// a loud FAIL line when the cost per resource at the largest size exceeds 1.25x that at the
// smallest. Also: one small file against `node -e 0`, peak memory, and Spectral when installed.
//
//   npm run bench                          # every shape at 10k, 50k, 100k; 3 pairs each
//   npm run bench -- --quick               # every shape at 10k and 100k, 1 pair each
//   npm run bench -- --sizes 10000,50000 --shapes tenants,selectors --runs 5
//   npm run bench -- --spectral            # also time Spectral (MESHLINT_SPECTRAL=/path/to/install or on PATH)

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'meshlint.js');
const OUT = path.join(os.tmpdir(), 'meshlint-bench');

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const quick = args.includes('--quick');
const RUNS = Number(option('--runs') ?? (quick ? 1 : 3));
const withSpectral = args.includes('--spectral');
const sizes = (option('--sizes') ?? (quick ? '10000,100000' : '10000,50000,100000')).split(',').map(Number);
const LIMIT = 1.25;
const INSTALL = `apiVersion: v1
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
kind: Listener
metadata:
  name: http
  namespace: emissary
spec:
  port: 8080
  protocol: HTTP
  securityModel: XFP
  hostBinding: {namespace: {from: ALL}}
`;

const host = (name, hostname, extra = '') => `apiVersion: getambassador.io/v3alpha1
kind: Host
metadata:
  name: ${name}
  namespace: emissary
spec:
  hostname: "${hostname}"
${extra}  requestPolicy:
    insecure:
      action: Route
`;

/**
 * The shapes of tree. Each app is one file: a Deployment, a Service and a Mapping (and, for some
 * shapes, more). `tenant(i)` groups apps; shapes choose Hosts, hostnames, labels and extras.
 */
export const SHAPES = {
  /** One `*` Host, every Mapping on `*` (the first bench's tree). */
  wildcard: { perApp: 3, hosts: () => [host('wildcard', '*')] },
  /** A multi-tenant platform: one Host per tenant domain, most Mappings on `*`, some on their tenant's domain. */
  tenants: {
    perApp: 3,
    hosts: (t) => [host('wildcard', '*'), ...t.map((n) => host(`tenant-${n}`, `tenant-${n}.example.com`))],
    hostname: (i, t) => (i % 10 === 0 ? `tenant-${t}.example.com` : '*'),
  },
  /** Hosts with mappingSelectors (one per tenant, hostname `*` and a domain); Mappings carry their tenant's labels. */
  selectors: {
    perApp: 3,
    hosts: (t) =>
      t.flatMap((n) => [
        host(`tenant-${n}`, `tenant-${n}.example.com`, `  mappingSelector:\n    matchLabels: {tenant: t${n}, exposure: public}\n`),
        host(`tenant-${n}-any`, '*', `  mappingSelector:\n    matchLabels: {tenant: t${n}, probe: "yes"}\n`),
      ]),
    hostname: (i, t) => (i % 4 === 0 ? `tenant-${t}.example.com` : '*'),
    labels: (i, t) => `  labels: {tenant: t${t}, exposure: public${i % 3 === 0 ? ', probe: "yes"' : ''}}\n`,
  },
  /** Many namespaces with few resources: one app per namespace. */
  namespaces: { perApp: 4, appsPerNamespace: 1, hosts: () => [host('wildcard', '*')] },
  /** One huge namespace. */
  'one-namespace': { perApp: 3, namespaces: 1, hosts: () => [host('wildcard', '*')] },
  /** Many Listeners: one per tenant, each on its own port, with its Host. */
  listeners: {
    perApp: 3,
    hosts: (t) => [
      host('wildcard', '*'),
      ...t.flatMap((n) => [
        host(`tenant-${n}`, `tenant-${n}.example.com`),
        `apiVersion: getambassador.io/v3alpha1\nkind: Listener\nmetadata:\n  name: tenant-${n}\n  namespace: emissary\nspec:\n  port: ${9000 + n}\n  protocol: HTTPS\n  securityModel: SECURE\n  hostBinding: {namespace: {from: ALL}}\n`,
      ]),
    ],
    hostname: (i, t) => (i % 2 === 0 ? `tenant-${t}.example.com` : '*'),
  },
  /** Linkerd policy per app: a Server, an AuthorizationPolicy and a MeshTLSAuthentication. */
  policy: {
    perApp: 6,
    hosts: () => [host('wildcard', '*')],
    extra: (name, ns) => `---
apiVersion: policy.linkerd.io/v1beta3
kind: Server
metadata:
  name: ${name}-http
  namespace: ${ns}
spec:
  podSelector:
    matchLabels: {app: ${name}}
  port: http
  proxyProtocol: HTTP/1
---
apiVersion: policy.linkerd.io/v1alpha1
kind: AuthorizationPolicy
metadata:
  name: ${name}-from-emissary
  namespace: ${ns}
spec:
  targetRef:
    group: policy.linkerd.io
    kind: Server
    name: ${name}-http
  requiredAuthenticationRefs:
    - name: ${name}-emissary
      kind: MeshTLSAuthentication
      group: policy.linkerd.io
---
apiVersion: policy.linkerd.io/v1alpha1
kind: MeshTLSAuthentication
metadata:
  name: ${name}-emissary
  namespace: ${ns}
spec:
  identities:
    - emissary-ingress.emissary.serviceaccount.identity.linkerd.cluster.local
`,
  },
  /** Half the files with findings. */
  mixed: { perApp: 3, brokenShare: 0.5, hosts: () => [host('wildcard', '*')] },
};

/** Generate a tree of about `resources` resources of the given shape into `dir`. */
export function generate(dir, resources, shapeName = 'wildcard') {
  const shape = SHAPES[shapeName];
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'emissary'), { recursive: true });
  const apps = Math.max(1, Math.round((resources - 6) / shape.perApp));
  const tenants = Math.max(1, Math.round(apps / 40));
  const tenantIds = Array.from({ length: tenants }, (_, n) => n);
  const hostDocs = shape.hosts(tenantIds);
  writeFileSync(path.join(dir, 'emissary', 'install.yaml'), INSTALL);
  writeFileSync(path.join(dir, 'emissary', 'hosts.yaml'), hostDocs.join('---\n'));
  const brokenEvery = Math.max(1, Math.round(1 / (shape.brokenShare ?? 0.02)));
  const perNs = shape.appsPerNamespace ?? 50;
  const namespaces = shape.namespaces ?? Math.max(1, Math.ceil(apps / perNs));
  let files = 2;
  let count = 6 + hostDocs.length;
  for (let n = 0; n < namespaces; n++) {
    mkdirSync(path.join(dir, `team-${n}`), { recursive: true });
    writeFileSync(path.join(dir, `team-${n}`, 'namespace.yaml'), `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-${n}\n  annotations:\n    linkerd.io/inject: enabled\n`);
    files++;
    count++;
  }
  for (let i = 0; i < apps; i++) {
    const ns = `team-${i % namespaces}`;
    const t = i % tenants;
    const broken = i % brokenEvery === brokenEvery - 1;
    const name = `app-${i}`;
    const hostname = shape.hostname ? shape.hostname(i, t) : '*';
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
${shape.labels ? shape.labels(i, t) : ''}spec:
  hostname: "${hostname}"
  prefix: ${broken ? `${name}/` : `/${name}/`}
  service: ${name}.${ns}:${broken ? 8080 : 80}
  timeout_ms: 3000
${shape.extra ? shape.extra(name, ns) : ''}`,
    );
    files++;
    count += shape.perApp === 4 ? 3 : shape.perApp;
  }
  return { files, resources: count };
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

function benchTree(shape, size) {
  const dir = path.join(OUT, `tree-${shape}-${size}`);
  const info = generate(dir, size, shape);
  const argv = ['lint', dir, '--format', 'json', '--max-warnings', '-1'];
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
  return { shape, size, ...info, findings, floorMs: t.first, lintMs: t.second, ratio: t.ratio, peakMiB: mem, dir, perK: t.second / (info.resources / 1000) };
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

/** The bench itself; importing this file (for `generate` and `SHAPES`) runs nothing. */
function main() {
  if (!existsSync(path.join(ROOT, 'dist/src/cli/main.js'))) {
    console.error('Run `npm run build` first.');
    process.exit(2);
  }
  const shapes = (option('--shapes') ?? Object.keys(SHAPES).join(',')).split(',');
  for (const sh of shapes) if (!SHAPES[sh]) throw new Error(`unknown shape ${sh}; shapes: ${Object.keys(SHAPES).join(', ')}`);
  console.log(`meshlint benchmark — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}, ${RUNS} interleaved pair(s), medians`);
  const small = benchSmall();
  console.log(`small file:  meshlint ${small.lintMs.toFixed(0)} ms, node -e 0 ${small.nodeMs.toFixed(0)} ms, ratio ${small.ratio.toFixed(2)}x (goal ≤ 3x)`);
  const results = [];
  const failures = [];
  const table = ['| shape | resources | files | meshlint | floor | ratio | ms per 1k | peak MiB | findings |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |'];
  for (const shape of shapes) {
    const rows = [];
    for (const size of sizes) {
      const r = benchTree(shape, size);
      rows.push(r);
      results.push(r);
      console.log(
        `${shape.padEnd(13)} ${String(r.resources).padStart(6)} resources in ${String(r.files).padStart(5)} files: meshlint ${r.lintMs.toFixed(0)} ms, floor ${r.floorMs.toFixed(0)} ms, ratio ${r.ratio.toFixed(2)}x, ${r.perK.toFixed(1)} ms per 1k, peak ${r.peakMiB} MiB, ${r.findings} findings`,
      );
      table.push(`| ${shape} | ${r.resources} | ${r.files} | ${r.lintMs.toFixed(0)} ms | ${r.floorMs.toFixed(0)} ms | ${r.ratio.toFixed(2)}× | ${r.perK.toFixed(1)} | ${r.peakMiB} | ${r.findings} |`);
      if (shape === shapes[0] && size === sizes[0]) {
        // keep the first tree for Spectral
      } else rmSync(r.dir, { recursive: true, force: true });
    }
    if (rows.length > 1) {
      const [lo, hi] = [rows[0], rows[rows.length - 1]];
      const growth = hi.perK / lo.perK;
      const line = `${shape}: cost per resource at ${hi.resources} is ${growth.toFixed(2)}x that at ${lo.resources} (limit ${LIMIT}x)`;
      if (growth > LIMIT) {
        failures.push(line);
        console.log(`FAIL ${'!'.repeat(20)} ${line}`);
      } else console.log(`ok   ${line}`);
    }
  }
  console.log('');
  console.log(table.join('\n'));
  if (failures.length > 0) {
    console.log('');
    console.log(`FAIL: ${failures.length} shape(s) grow faster than linear:`);
    for (const f of failures) console.log(`FAIL   ${f}`);
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
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
