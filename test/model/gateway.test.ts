// Multicluster gateway helpers in src/util/gateway.ts: port lookup, targetPort resolution, where
// Emissary listens, near-miss port names and probe-period parsing.

import { describe, expect, it } from 'vitest';
import { makeSettings } from '../../src/model/settings.js';
import {
  emissaryListenPorts,
  emissaryPublicPorts,
  gatewayPods,
  isNearMissPortName,
  listenersOnPort,
  mcGatewayPort,
  mcProbePort,
  nearMissPort,
  parseProbePeriod,
  proxyInboundPort,
  resolveTargetPort,
  targetPortPath,
} from '../../src/model/gateway.js';
import { graphOfObjects } from '../helpers.js';

const graph = graphOfObjects;

const emissary = (opts: { annotations?: object; ports?: object[]; extraContainers?: object[]; name?: string; app?: string } = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: opts.name ?? 'emissary-ingress', namespace: 'emissary' },
  spec: {
    template: {
      metadata: { labels: { app: opts.app ?? 'emissary' }, annotations: { 'linkerd.io/inject': 'enabled', ...(opts.annotations ?? {}) } },
      spec: {
        serviceAccountName: 'emissary-ingress',
        containers: [
          {
            name: 'ambassador',
            image: 'docker.io/emissaryingress/emissary:3.9.1',
            ports: opts.ports ?? [
              { name: 'http', containerPort: 8080 },
              { name: 'https', containerPort: 8443 },
              { name: 'admin', containerPort: 8877 },
            ],
          },
          ...(opts.extraContainers ?? []),
        ],
      },
    },
  },
});

const gatewaySvc = (ports: object[], app = 'emissary') => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'emissary-ingress', namespace: 'emissary' },
  spec: { selector: { app }, ports },
});

const listener = (port: number, name = `l${port}`) => ({
  apiVersion: 'getambassador.io/v3alpha1',
  kind: 'Listener',
  metadata: { name, namespace: 'emissary' },
  spec: { port, protocol: 'HTTP', securityModel: 'XFP', hostBinding: { namespace: { from: 'ALL' } } },
});

const webApp = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'emissary' },
  spec: { template: { metadata: { labels: { app: 'emissary' } }, spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ name: 'http', containerPort: 80 }] }] } } },
};

const MC = [
  { name: 'mc-gateway', port: 4143 },
  { name: 'mc-probe', port: 80, targetPort: 8080 },
];

describe('gateway ports', () => {
  it('finds mc-gateway and mc-probe by exact name only', () => {
    const g = graph([emissary(), gatewaySvc([{ name: 'MC-Gateway', port: 4143 }, { name: 'mc-probe', port: 80, targetPort: 8080 }])]);
    const svc = g.gateways[0];
    expect(mcGatewayPort(svc)).toBeUndefined();
    expect(mcProbePort(svc)).toMatchObject({ index: 1, port: 80, targetPort: 8080 });
    expect(nearMissPort(svc, 'mc-gateway')?.name).toBe('MC-Gateway');
  });

  it('points at targetPort, or at port when targetPort is unset', () => {
    const g = graph([emissary(), gatewaySvc(MC)]);
    expect(targetPortPath(mcGatewayPort(g.gateways[0])!)).toEqual(['spec', 'ports', 0, 'port']);
    expect(targetPortPath(mcProbePort(g.gateways[0])!)).toEqual(['spec', 'ports', 1, 'targetPort']);
  });

  it('keeps only Emissary pods of the gateway', () => {
    const g = graph([emissary(), webApp, gatewaySvc(MC)]);
    expect(g.gateways[0].pods).toHaveLength(2);
    expect(gatewayPods(g.gateways[0]).map((p) => p.resource.name)).toEqual(['emissary-ingress']);
  });
});

describe('isNearMissPortName', () => {
  it('flags spellings of mc-gateway and mc-probe', () => {
    for (const n of ['mc_gateway', 'mcgateway', 'MC-GATEWAY', 'mc-gatway', 'mc-gateways', 'gateway', 'mc.gateway']) expect(isNearMissPortName(n, 'mc-gateway'), n).toBe(true);
    for (const n of ['mc_probe', 'mcprobe', 'mc-probes', 'probe', 'mc-prob', 'health']) expect(isNearMissPortName(n, 'mc-probe'), n).toBe(true);
  });

  it('leaves the exact name and unrelated names alone', () => {
    expect(isNearMissPortName('mc-gateway', 'mc-gateway')).toBe(false);
    for (const n of ['http', 'https', 'admin', 'grpc', 'mc-probe']) expect(isNearMissPortName(n, 'mc-gateway'), n).toBe(false);
    for (const n of ['http', 'https', 'admin', 'mc-gateway']) expect(isNearMissPortName(n, 'mc-probe'), n).toBe(false);
  });
});

describe('resolveTargetPort', () => {
  it('uses the Service port when targetPort is unset, and numbers as they are', () => {
    const g = graph([emissary(), gatewaySvc([{ name: 'mc-gateway', port: 4143 }, { name: 'mc-probe', port: 80, targetPort: 8080 }, { name: 'x', port: 1, targetPort: '9000' }])]);
    const [svc] = g.gateways;
    const pods = gatewayPods(svc);
    expect(resolveTargetPort(svc.ports[0], pods)).toMatchObject({ written: undefined, ports: [4143], unresolved: [] });
    expect(resolveTargetPort(svc.ports[1], pods)).toMatchObject({ written: 8080, ports: [8080], unresolved: [] });
    expect(resolveTargetPort(svc.ports[2], pods).ports).toEqual([9000]);
  });

  it('looks named targetPorts up per pod template', () => {
    const g = graph([
      emissary(),
      emissary({ name: 'other', ports: [{ name: 'http', containerPort: 8081 }] }),
      gatewaySvc([{ name: 'mc-probe', port: 80, targetPort: 'http' }, { name: 'y', port: 80, targetPort: 'admin' }]),
    ]);
    const [svc] = g.gateways;
    const pods = gatewayPods(svc);
    const http = resolveTargetPort(svc.ports[0], pods);
    expect(http.ports.sort()).toEqual([8080, 8081]);
    expect(http.unresolved).toEqual([]);
    const admin = resolveTargetPort(svc.ports[1], pods);
    expect(admin.ports).toEqual([8877]);
    expect(admin.unresolved.map((p) => p.resource.name)).toEqual(['other']);
  });

  it("resolves the injected proxy's port names on meshed pods, and honours a moved inbound port", () => {
    const g = graph([emissary({ annotations: { 'config.linkerd.io/inbound-port': '4200' } }), gatewaySvc([{ name: 'mc-gateway', port: 4143, targetPort: 'linkerd-proxy' }, { name: 'mc-probe', port: 4191, targetPort: 'linkerd-admin' }])]);
    const [svc] = g.gateways;
    const pods = gatewayPods(svc);
    expect(proxyInboundPort(pods[0])).toBe(4200);
    expect(resolveTargetPort(svc.ports[0], pods).ports).toEqual([4200]);
    expect(resolveTargetPort(svc.ports[1], pods).ports).toEqual([4191]);
  });

  it('does not invent proxy ports for unmeshed pods', () => {
    const d = emissary();
    delete (d.spec.template.metadata.annotations as any)['linkerd.io/inject'];
    const g = graph([d, gatewaySvc([{ name: 'mc-gateway', port: 4143, targetPort: 'linkerd-proxy' }])]);
    expect(resolveTargetPort(g.gateways[0].ports[0], gatewayPods(g.gateways[0])).unresolved).toHaveLength(1);
  });
});

describe('emissaryListenPorts', () => {
  it('Emissary 2.0 and later: Listener ports that are container ports', () => {
    const g = graph([emissary(), gatewaySvc(MC), listener(8080), listener(9999)], { emissary: { version: '3.9' } });
    const l = emissaryListenPorts(g, gatewayPods(g.gateways[0]));
    expect([...l.ports]).toEqual([8080]);
    expect(listenersOnPort(g, 8080).map((x) => x.resource.name)).toEqual(['l8080']);
    expect(listenersOnPort(g, 8443)).toEqual([]);
  });

  it('Emissary 2.0 and later: every Listener port when the pods declare no ports', () => {
    const g = graph([emissary({ ports: [] }), gatewaySvc(MC), listener(8080), listener(9999)], { emissary: { version: '2.0' } });
    expect([...emissaryListenPorts(g, gatewayPods(g.gateways[0])).ports].sort()).toEqual([8080, 9999]);
  });

  it('Emissary 2.0 and later: nothing without Listeners', () => {
    const g = graph([emissary(), gatewaySvc(MC)], { emissary: { version: '2.0' } });
    expect(emissaryListenPorts(g, gatewayPods(g.gateways[0])).ports.size).toBe(0);
  });

  it('Emissary 1.x: container ports, else the defaults and the Module service_port', () => {
    const g = graph([emissary(), gatewaySvc(MC)], { emissary: { version: '1.14' } });
    expect([...emissaryListenPorts(g, gatewayPods(g.gateways[0])).ports].sort()).toEqual([8080, 8443, 8877]);
    const module = { apiVersion: 'getambassador.io/v2', kind: 'Module', metadata: { name: 'ambassador', namespace: 'emissary' }, spec: { config: { service_port: 8081 } } };
    const bare = graph([emissary({ ports: [] }), gatewaySvc(MC), module], { emissary: { version: '1.14' } });
    expect([...emissaryListenPorts(bare, gatewayPods(bare.gateways[0])).ports].sort()).toEqual([8081, 8443, 8877]);
  });
});

describe('emissaryPublicPorts', () => {
  it("covers 8080, 8443, Emissary's container ports and Listener ports, not the proxy's", () => {
    const proxy = { name: 'linkerd-proxy', image: 'cr.l5d.io/linkerd/proxy', ports: [{ name: 'linkerd-proxy', containerPort: 4143 }, { name: 'linkerd-admin', containerPort: 4191 }] };
    const g = graph([emissary({ ports: [{ name: 'admin', containerPort: 8877 }], extraContainers: [proxy] }), gatewaySvc(MC), listener(9090)], { emissary: { version: '3.9' } });
    expect([...emissaryPublicPorts(g, gatewayPods(g.gateways[0])[0])].sort()).toEqual([8080, 8443, 8877, 9090]);
    const old = graph([emissary(), gatewaySvc(MC), listener(9090)], { emissary: { version: '1.14' } });
    expect([...emissaryPublicPorts(old, gatewayPods(old.gateways[0])[0])].sort()).toEqual([8080, 8443, 8877]);
  });
});

describe('parseProbePeriod', () => {
  const s = (version: string) => makeSettings({ linkerd: { version } });

  it('Linkerd 2.8 and 2.9: whole seconds only', () => {
    for (const v of ['2.8', '2.9']) {
      expect(parseProbePeriod('3', s(v))).toEqual({ ok: true, seconds: 3 });
      expect(parseProbePeriod('03', s(v))).toEqual({ ok: true, seconds: 3 });
      expect(parseProbePeriod('3s', s(v)).ok).toBe(false);
      expect(parseProbePeriod('+3', s(v)).ok).toBe(false);
      expect(parseProbePeriod('4294967296', s(v)).ok).toBe(false);
      expect(parseProbePeriod('0', s(v)).ok).toBe(false);
    }
  });

  it('Linkerd 2.10 and later: seconds or a Go duration, positive', () => {
    for (const v of ['2.10', '2.18']) {
      expect(parseProbePeriod('3', s(v))).toEqual({ ok: true, seconds: 3 });
      expect(parseProbePeriod('3s', s(v))).toEqual({ ok: true, seconds: 3 });
      expect(parseProbePeriod('1m30s', s(v))).toEqual({ ok: true, seconds: 90 });
      expect(parseProbePeriod('+5', s(v))).toEqual({ ok: true, seconds: 5 });
      expect(parseProbePeriod('500ms', s(v))).toEqual({ ok: true, seconds: 0.5 });
      for (const bad of ['3 s', '3S', '', 'three', '0', '-3', '0s', '-1s']) expect(parseProbePeriod(bad, s(v)).ok, bad).toBe(false);
    }
  });

  it('reads a YAML number as its text', () => {
    expect(parseProbePeriod(3, s('2.8'))).toEqual({ ok: true, seconds: 3 });
    expect(parseProbePeriod(undefined, s('2.18')).ok).toBe(false);
  });
});
