// `meshlint graph`: the nodes and edges, the edges findings break, and the three renderings.
// The DOT text is rendered with Graphviz when it is installed; the Mermaid text is checked
// against the flowchart grammar it uses (and by Mermaid's own parser when that package is
// available).

import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { aroundFindings, buildGraphModel, parseRef, toDot, toJson, toMermaid, type GraphModel } from '../../src/report/graph.js';
import { lint } from '../../src/lint.js';
import type { Finding } from '../../src/engine/types.js';
import { runMeshlint, tempDir, writeIn } from '../helpers.js';

const dir = tempDir('graph');
const write = (rel: string, text: string) => writeIn(dir, rel, text);

write(
  'clusters/east/emissary.yaml',
  `apiVersion: apps/v1
kind: Deployment
metadata: {name: emissary-ingress, namespace: emissary}
spec:
  selector: {matchLabels: {app: emissary}}
  template:
    metadata:
      labels: {app: emissary}
      annotations: {linkerd.io/inject: enabled, config.linkerd.io/enable-gateway: "true"}
    spec:
      containers:
        - name: emissary
          image: docker.io/emissaryingress/emissary:3.9.1
          ports: [{containerPort: 8080}]
---
apiVersion: v1
kind: Service
metadata:
  name: emissary-ingress
  namespace: emissary
  annotations:
    mirror.linkerd.io/gateway-identity: default.emissary.serviceaccount.identity.linkerd.cluster.local
spec:
  selector: {app: emissary}
  ports:
    - {name: mc-gateway, port: 4143}
    - {name: mc-probe, port: 80, targetPort: 8080}
---
apiVersion: getambassador.io/v3alpha1
kind: Host
metadata: {name: wildcard, namespace: emissary}
spec:
  hostname: "*"
  requestPolicy: {insecure: {action: Route}}
`,
);
write(
  'clusters/east/shop.yaml',
  `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: web:1}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{port: 80}]
---
apiVersion: getambassador.io/v3alpha1
kind: Mapping
metadata: {name: web, namespace: shop}
spec: {hostname: "*", prefix: /web/, service: web.shop:80}
---
apiVersion: getambassador.io/v3alpha1
kind: Mapping
metadata: {name: gone, namespace: shop}
spec: {hostname: "*", prefix: /gone/, service: "gone.shop:80"}
`,
);
write(
  'clusters/west/link.yaml',
  `apiVersion: multicluster.linkerd.io/v1alpha1
kind: Link
metadata: {name: east, namespace: linkerd-multicluster}
spec:
  targetClusterName: east
  gatewayIdentity: default.emissary.serviceaccount.identity.linkerd.cluster.local
  gatewayPort: "4143"
`,
);

async function model(findings: Finding[] = []): Promise<GraphModel> {
  const r = await lint({ cwd: dir, paths: [], clusters: [{ name: 'east', paths: ['clusters/east'] }, { name: 'west', paths: ['clusters/west'] }], config: {} });
  return buildGraphModel(r.graphs, findings);
}

function finding(ruleId: string, cluster: string, resource: string, related: string[] = []): Finding {
  return {
    ruleId,
    severity: 'error',
    message: 'm',
    file: 'f.yaml',
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1,
    resource,
    cluster,
    related: related.map((ref) => ({ file: 'f.yaml', line: 1, column: 1, endLine: 1, endColumn: 1, message: 'r', resource: ref })),
    fingerprint: ruleId + resource,
  };
}

function edgesOf(m: GraphModel): string[] {
  const ref = new Map(m.nodes.map((n) => [n.id, `${n.cluster ?? ''}:${n.ref}${n.missing ? ' (missing)' : ''}`]));
  return m.edges.map((e) => `${ref.get(e.from)} -${e.kind}${e.broken.length ? `[${e.broken.join(',')}]` : ''}-> ${ref.get(e.to)}`).sort();
}

describe('graph model', () => {
  it('has the edges the rules reason about', async () => {
    expect(edgesOf(await model())).toEqual(
      [
        'east:Host emissary/wildcard -host-> east:Mapping shop/gone',
        'east:Host emissary/wildcard -host-> east:Mapping shop/web',
        'east:Mapping shop/gone -routes-> east:Service shop/gone (missing)',
        'east:Mapping shop/web -routes-> east:Service shop/web',
        'east:Service emissary/emissary-ingress -gateway-> east:Deployment emissary/emissary-ingress',
        'east:Service shop/web -selects-> east:Deployment shop/web',
        'west:Link linkerd-multicluster/east -link-> east:Service emissary/emissary-ingress',
      ].sort(),
    );
  });

  it('marks the edges a finding breaks: the one to its related resource, else the ones its rule is about', async () => {
    const m = await model([
      finding('mapping-service', 'east', 'Mapping shop/gone'),
      finding('link-consistency', 'west', 'Link linkerd-multicluster/east', ['Service emissary/emissary-ingress']),
      finding('gateway-enable', 'east', 'Deployment emissary/emissary-ingress'),
      finding('probe-host', 'east', 'Host emissary/wildcard', ['Mapping shop/web']),
      { ...finding('mapping-service', 'east', 'Mapping shop/web'), suppressed: { kind: 'inSource', justification: 'x' } },
    ]);
    const broken = edgesOf(m).filter((e) => e.includes('['));
    expect(broken).toEqual(
      [
        'east:Host emissary/wildcard -host[probe-host]-> east:Mapping shop/web',
        'east:Mapping shop/gone -routes[mapping-service]-> east:Service shop/gone (missing)',
        'east:Service emissary/emissary-ingress -gateway[gateway-enable]-> east:Deployment emissary/emissary-ingress',
        'west:Link linkerd-multicluster/east -link[link-consistency]-> east:Service emissary/emissary-ingress',
      ].sort(),
    );
    expect(m.nodes.find((n) => n.ref === 'Mapping shop/web')!.findings).toEqual([]);
    expect(m.nodes.find((n) => n.ref === 'Mapping shop/gone')!.findings).toEqual(['mapping-service']);
  });

  it('adds a resource that is not drawn by default when a finding is on it', async () => {
    const m = await model([finding('gateway-enable', 'east', 'Host emissary/wildcard')]);
    expect(m.nodes.filter((n) => n.findings.length).map((n) => n.ref)).toEqual(['Host emissary/wildcard']);
    expect(parseRef('Namespace shop')).toEqual({ kind: 'Namespace', namespace: '', name: 'shop' });
  });

  it('keeps the neighbourhood of the findings for the summary', async () => {
    const m = await model([finding('mapping-service', 'east', 'Mapping shop/gone')]);
    const around = aroundFindings(m).model;
    expect(around.nodes.map((n) => n.ref).sort()).toEqual(['Host emissary/wildcard', 'Mapping shop/gone', 'Service shop/gone']);
    expect(aroundFindings(m, 1).truncated).toBe(true);
  });
});

// The subset of Mermaid's flowchart grammar that toMermaid writes, checked strictly.
function checkMermaid(text: string): string[] {
  const errors: string[] = [];
  const lines = text.replace(/\n$/, '').split('\n');
  if (!/^flowchart (LR|RL|TB|TD|BT)$/.test(lines[0])) errors.push(`line 1: not a flowchart header: ${lines[0]}`);
  const nodes = new Set<string>();
  const classes = new Set<string>();
  let depth = 0;
  let edges = 0;
  const label = (s: string, where: string) => {
    const stripped = s.replace(/<br\/>/g, '').replace(/#(quot|amp|lt|gt|\d+);/g, '');
    if (/["<>]/.test(stripped)) errors.push(`${where}: bad label text ${JSON.stringify(s)}`);
    if (/#/.test(stripped)) errors.push(`${where}: stray # in ${JSON.stringify(s)}`);
  };
  const style = /^[a-z-]+:[^,;]+(,[a-z-]+:[^,;]+)*$/;
  lines.slice(1).forEach((line, i) => {
    const where = `line ${i + 2}`;
    let m: RegExpExecArray | null;
    if ((m = /^\s+(n\d+)\["([^"]*)"\]$/.exec(line))) {
      if (nodes.has(m[1])) errors.push(`${where}: ${m[1]} declared twice`);
      nodes.add(m[1]);
      label(m[2], where);
    } else if ((m = /^\s+subgraph (s\d+)\["([^"]*)"\]$/.exec(line))) {
      depth++;
      label(m[2], where);
    } else if (/^\s+end$/.test(line)) {
      if (--depth < 0) errors.push(`${where}: end without subgraph`);
    } else if ((m = /^\s+(n\d+) (-->|-\.->|---)\|"([^"]*)"\| (n\d+)$/.exec(line))) {
      for (const n of [m[1], m[4]]) if (!nodes.has(n)) errors.push(`${where}: edge to undeclared ${n}`);
      label(m[3], where);
      edges++;
    } else if ((m = /^\s+linkStyle (\d+(?:,\d+)*) (.+)$/.exec(line))) {
      for (const k of m[1].split(',')) if (Number(k) >= edges) errors.push(`${where}: linkStyle ${k} but only ${edges} links`);
      if (!style.test(m[2])) errors.push(`${where}: bad style ${m[2]}`);
    } else if ((m = /^\s+classDef ([A-Za-z]\w*) (.+)$/.exec(line))) {
      classes.add(m[1]);
      if (!style.test(m[2])) errors.push(`${where}: bad style ${m[2]}`);
    } else if ((m = /^\s+class (n\d+(?:,n\d+)*) ([A-Za-z]\w*)$/.exec(line))) {
      for (const n of m[1].split(',')) if (!nodes.has(n)) errors.push(`${where}: class on undeclared ${n}`);
      if (!classes.has(m[2])) errors.push(`${where}: undefined class ${m[2]}`);
    } else {
      errors.push(`${where}: not flowchart syntax: ${line}`);
    }
  });
  if (depth !== 0) errors.push('unbalanced subgraph/end');
  return errors;
}

/** Mermaid's own parser, when the package can be loaded (it is not a dependency). */
async function mermaidParser(): Promise<((text: string) => Promise<unknown>) | undefined> {
  try {
    const purify: any = (await import(/* @vite-ignore */ 'dompurify' as string)).default;
    // Parsing needs no sanitising; without a DOM these are missing.
    purify.sanitize ??= (s: string) => String(s);
    purify.addHook ??= () => {};
    const mermaid: any = (await import(/* @vite-ignore */ 'mermaid' as string)).default;
    return (text) => mermaid.parse(text);
  } catch {
    return undefined;
  }
}

describe('renderings', () => {
  const findings = [
    finding('mapping-service', 'east', 'Mapping shop/gone'),
    finding('link-consistency', 'west', 'Link linkerd-multicluster/east', ['Service emissary/emissary-ingress']),
  ];

  it('writes Mermaid flowchart text that parses', async () => {
    const text = toMermaid(await model(findings));
    expect(checkMermaid(text)).toEqual([]);
    expect(text).toContain('subgraph');
    expect(text).toMatch(/linkStyle \d+,\d+ stroke:#d73a49/);
    expect(text).toMatch(/-\.->\|"mapping-service"\|/);
    // The checker is strict: it rejects what Mermaid rejects.
    expect(checkMermaid('flowchart LR\n  n0["a"b"]\n')).not.toEqual([]);
    expect(checkMermaid('flowchart LR\n  n0["a"]\n  n0 -->|"x"| n1\n')).not.toEqual([]);
    expect(checkMermaid('flowchart LR\n  n0["a"]\n  n1["b"]\n  n0 -->|"x"| n1\n  linkStyle 1 stroke:red\n')).not.toEqual([]);
    expect(checkMermaid('flowchart LR\n  subgraph s0["x"]\n  n0["a"]\n')).not.toEqual([]);
    const parse = await mermaidParser();
    if (parse) await expect(parse(text)).resolves.toBeTruthy();
  });

  it('escapes label text for Mermaid', () => {
    const m: GraphModel = { nodes: [{ id: 'n0', kind: 'Service', namespace: 'a', name: 'x"<y>&', ref: 'Service a/x', findings: [] }], edges: [] };
    const text = toMermaid(m);
    expect(text).toContain('x#quot;#lt;y#gt;#amp;');
    expect(checkMermaid(text)).toEqual([]);
  });

  it('writes DOT that Graphviz renders', async (ctx) => {
    const text = toDot(await model(findings));
    expect(text).toMatch(/subgraph cluster_\d+ \{\n\s+label="cluster east";/);
    expect(text).toMatch(/ -> .*label="mapping-service", color="#d73a49"/);
    expect(text).toMatch(/dir=none/);
    if (spawnSync('dot', ['-V']).error) ctx.skip('Graphviz (dot) is not installed: apt-get install graphviz');
    const svg = spawnSync('dot', ['-Tsvg'], { input: text, encoding: 'utf8' });
    expect(svg.stderr).toBe('');
    expect(svg.status).toBe(0);
    expect(svg.stdout).toContain('<svg');
    expect(svg.stdout).toMatch(/mapping(-|&#45;)service/);
    const bad = spawnSync('dot', ['-Tsvg'], { input: 'digraph { a -> }', encoding: 'utf8' });
    expect(bad.status).not.toBe(0);
  });

  it('writes JSON with nodes and edges', async () => {
    const json = JSON.parse(toJson(await model(findings)));
    expect(json.version).toBe(1);
    expect(json.nodes.find((n: any) => n.ref === 'Service shop/gone')).toMatchObject({ missing: true, cluster: 'east' });
    expect(json.edges.filter((e: any) => e.broken.length).length).toBe(2);
  });

  it('meshlint graph prints the picture', () => {
    const r = runMeshlint(['graph', '--cluster', 'east=clusters/east', '--cluster', 'west=clusters/west', '--format', 'dot'], { cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stdout.startsWith('digraph meshlint {')).toBe(true);
    const m = runMeshlint(['graph', 'clusters/east'], { cwd: dir });
    expect(m.status).toBe(0);
    expect(checkMermaid(m.stdout)).toEqual([]);
    expect(runMeshlint(['graph', 'nope'], { cwd: dir }).status).toBe(2);
  });
});
