import { describe, expect, it } from 'vitest';
import {
  acceptsProbeAuthority,
  builtinServes,
  listenerBindsHost,
  probeHosts,
  probeMappingProblems,
  probePathOf,
  probeRoute,
  probeTargetOf,
  READY_PATH,
  upstreamPath,
} from '../../src/model/probe.js';
import { graphOfText as graphOf } from '../helpers.js';

const emissary = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: emissary-ingress, namespace: emissary}
spec:
  template:
    metadata:
      labels: {app: emissary}
    spec:
      containers:
        - name: ambassador
          image: docker.io/emissaryingress/emissary:3.9.1
          ports:
            - {name: http, containerPort: 8080}
            - {name: admin, containerPort: 8877}
`;

const gateway = (probe: string, probePort = '{name: mc-probe, port: 80, targetPort: 8080}') => `
apiVersion: v1
kind: Service
metadata:
  name: emissary-ingress
  namespace: emissary
  annotations: {mirror.linkerd.io/probe-path: "${probe}"}
spec:
  selector: {app: emissary}
  ports:
    - {name: mc-gateway, port: 4143}
    - ${probePort}
`;

const mapping = (name: string, spec: string, labels = '') => `
apiVersion: getambassador.io/v3alpha1
kind: Mapping
metadata: {name: ${name}, namespace: emissary${labels ? `, labels: ${labels}` : ''}}
spec: ${spec}
`;

const doc = (...parts: string[]) => parts.join('\n---\n');

describe('probePathOf', () => {
  it('reads the 2.8 form (no slash) and requests it behind a slash', () => {
    const g = graphOf(doc(emissary, gateway('-/ambassador/ready')), { linkerd: { version: '2.8' } });
    const p = probePathOf(g.gateways[0], g)!;
    expect(p.formProblem).toBeUndefined();
    expect(p.requestPath).toBe('/-/ambassador/ready');
  });
  it('flags a leading slash for 2.8 unless the Module merges slashes', () => {
    const g = graphOf(doc(emissary, gateway('/-/ambassador/ready')), { linkerd: { version: '2.8' } });
    const p = probePathOf(g.gateways[0], g)!;
    expect(p.formProblem).toMatch(/"\/\/-\/ambassador\/ready"/);
    expect(p.corrected).toBe('-/ambassador/ready');
    expect(p.requestPath).toBe('/-/ambassador/ready');
    const module = 'apiVersion: getambassador.io/v3alpha1\nkind: Module\nmetadata: {name: ambassador, namespace: emissary}\nspec: {config: {merge_slashes: true}}';
    const merged = graphOf(doc(emissary, gateway('/-/ambassador/ready'), module), { linkerd: { version: '2.8' } });
    const q = probePathOf(merged.gateways[0], merged)!;
    expect(q.formProblem).toBeUndefined();
    expect(q.requestPath).toBe('/-/ambassador/ready');
  });
  it('needs a leading slash from 2.9, and checks the corrected path downstream', () => {
    const g = graphOf(doc(emissary, gateway('-/ambassador/ready')), { linkerd: { version: '2.9' } });
    const p = probePathOf(g.gateways[0], g)!;
    expect(p.formProblem).toMatch(/invalid/);
    expect(p.corrected).toBe('/-/ambassador/ready');
    expect(p.requestPath).toBe('/-/ambassador/ready');
    const ok = graphOf(doc(emissary, gateway('/ready')), { linkerd: { version: '2.18' } });
    expect(probePathOf(ok.gateways[0], ok)!.formProblem).toBeUndefined();
  });
  it('calls an empty path unusable', () => {
    const g = graphOf(doc(emissary, gateway('')));
    const p = probePathOf(g.gateways[0], g)!;
    expect(p.usable).toBe(false);
    expect(p.formProblem).toBeDefined();
  });
});

describe('upstreamPath', () => {
  const one = (spec: string) => graphOf(mapping('m', spec)).mappings[0];
  it('defaults rewrite to "/"', () => {
    expect(upstreamPath(one('{prefix: /p, service: localhost:8877}'), '/p')).toBe('/');
  });
  it('treats rewrite: "" as no rewrite', () => {
    expect(upstreamPath(one('{prefix: /p, rewrite: "", service: localhost:8877}'), '/p')).toBe('/p');
  });
  it('replaces the prefix with the rewrite', () => {
    expect(upstreamPath(one(`{prefix: /p, rewrite: ${READY_PATH}, service: localhost:8877}`), '/p')).toBe(READY_PATH);
  });
  it('lets regex_rewrite win over rewrite', () => {
    const m = one(`{prefix: /p, rewrite: /x, regex_rewrite: {pattern: "^/(p)$", substitution: "/ambassador/v0/check_ready"}, service: localhost:8877}`);
    expect(upstreamPath(m, '/p')).toBe(READY_PATH);
  });
});

describe('probe Mappings', () => {
  it('accepts localhost or 127.0.0.1 on 8877 rewritten to the readiness endpoint, hostname "*"', () => {
    const g = graphOf(mapping('m', `{hostname: "*", prefix: /r, rewrite: ${READY_PATH}, service: 127.0.0.1:8877}`));
    expect(probeMappingProblems(g.mappings[0], '/r')).toEqual([]);
  });
  it('names each reason a Mapping does not answer', () => {
    const g = graphOf(mapping('m', '{hostname: a.example.com, prefix: /r, service: web:8877}'));
    expect(probeMappingProblems(g.mappings[0], '/r')).toHaveLength(3);
  });
  it('matches a host regex against the probe Host header', () => {
    const g = graphOf(doc(mapping('a', '{host: "probe-.*", host_regex: true, prefix: /r, service: localhost:8877}'), mapping('b', '{host: "web\\\\..*", host_regex: true, prefix: /r, service: localhost:8877}')));
    expect(acceptsProbeAuthority(g.mappings[0])).toBe(true);
    expect(acceptsProbeAuthority(g.mappings[1])).toBe(false);
  });
  it('finds the serving Mapping by prefix, else the built-in, else the nearest', () => {
    const g = graphOf(doc(mapping('bad', '{hostname: "*", prefix: /r, service: localhost:8877}'), mapping('good', `{hostname: "*", prefix: /r, rewrite: ${READY_PATH}, service: localhost:8877}`)));
    expect((probeRoute(g, '/r').served as any).resource.name).toBe('good');
    expect(probeRoute(g, READY_PATH).served).toBe('builtin');
    const none = probeRoute(g, '/other');
    expect(none.served).toBeUndefined();
    expect(none.nearest?.resource.name).toBe('good'); // the one that reaches the readiness endpoint
  });
  it('knows when the Module turns the built-in health Mappings off', () => {
    const off = 'apiVersion: getambassador.io/v3alpha1\nkind: Module\nmetadata: {name: ambassador, namespace: emissary}\nspec: {config: {readiness_probe: {enabled: false}, diagnostics: {enabled: false}}}';
    expect(builtinServes(graphOf(off), READY_PATH)).toBe(false);
    expect(builtinServes(graphOf(off), '/ambassador/v0/check_alive')).toBe(true);
    expect(builtinServes(graphOf(''), '/other')).toBe(false);
  });
});

describe('probe Hosts and Listeners', () => {
  const host = (name: string, spec: string, ns = 'emissary', labels = '') =>
    `apiVersion: getambassador.io/v3alpha1\nkind: Host\nmetadata: {name: ${name}, namespace: ${ns}${labels ? `, labels: ${labels}` : ''}}\nspec: ${spec}`;
  it('keeps "*" Hosts that take the probe Mapping (selector and hostname from Emissary 3.2)', () => {
    const text = doc(
      host('sel', '{hostname: "*", mappingSelector: {matchLabels: {nothing: nothing}}}'),
      host('named', '{hostname: example.com}'),
      mapping('probe', `{hostname: "*", prefix: /r, rewrite: ${READY_PATH}, service: localhost:8877}`),
    );
    const g32 = graphOf(text, { emissary: { version: '3.2' } });
    expect(probeHosts(g32, probeRoute(g32, '/r'))).toEqual([]);
    expect(probeHosts(g32, probeRoute(g32, READY_PATH)).map((h) => h.resource.name)).toEqual(['sel']);
    const g31 = graphOf(text, { emissary: { version: '3.1' } });
    expect(probeHosts(g31, probeRoute(g31, '/r')).map((h) => h.resource.name)).toEqual(['sel']);
  });
  it('binds a Host by namespace and hostBinding selector', () => {
    const listener = (binding: string) => `apiVersion: getambassador.io/v3alpha1\nkind: Listener\nmetadata: {name: l, namespace: emissary}\nspec: {port: 8080, protocol: HTTP, securityModel: XFP, hostBinding: ${binding}}`;
    const selfGraph = graphOf(listener('{namespace: {from: SELF}}'));
    const self = selfGraph.listeners[0];
    expect(listenerBindsHost(self, 'emissary', {}, selfGraph)).toBe(true);
    expect(listenerBindsHost(self, 'edge', {}, selfGraph)).toBe(false);
    const selGraph = graphOf(listener('{namespace: {from: ALL}, selector: {matchLabels: {probe: "yes", tier: edge}}}'));
    const sel = selGraph.listeners[0];
    expect(listenerBindsHost(sel, 'edge', { probe: 'yes', tier: 'edge' }, selGraph)).toBe(true);
    expect(listenerBindsHost(sel, 'edge', {}, selGraph)).toBe(false);
    // Strict from 3.2: one label of two is not enough; before 3.2 it is.
    expect(listenerBindsHost(sel, 'edge', { probe: 'yes' }, selGraph)).toBe(false);
    const oldGraph = graphOf(listener('{namespace: {from: ALL}, selector: {matchLabels: {probe: "yes", tier: edge}}}'), { emissary: { version: '3.1' } });
    expect(listenerBindsHost(oldGraph.listeners[0], 'edge', { probe: 'yes' }, oldGraph)).toBe(true);
  });
  it('resolves where mc-probe lands in Emissary', () => {
    const named = graphOf(doc(emissary, gateway('/r', '{name: mc-probe, port: 80, targetPort: http}')));
    expect(probeTargetOf(named.gateways[0])?.target).toBe(8080);
    const unset = graphOf(doc(emissary, gateway('/r', '{name: mc-probe, port: 8877}')));
    expect(probeTargetOf(unset.gateways[0])?.target).toBe(8877);
    const unknown = graphOf(doc(emissary, gateway('/r', '{name: mc-probe, port: 80, targetPort: nope}')));
    expect(probeTargetOf(unknown.gateways[0])).toBeUndefined();
  });
});
