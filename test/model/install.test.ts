// Emissary installs (src/model/install.ts): ids, single-namespace scope, which resources an
// install reads, and which pod templates are installs at all.

import { describe, expect, it } from 'vitest';
import { ambassadorIdsOf, emissaryInstalls, installsKnown, installsReading, listenersOf, mappingsOf, notEnvoyPorts } from '../../src/model/install.js';
import { isEmissaryContainer } from '../../src/model/emissary.js';
import { graphOfObjects } from '../helpers.js';

const deployment = (name: string, ns: string, container: object) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: ns },
  spec: { template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'ambassador', image: 'docker.io/emissaryingress/emissary:3.9.1', ...container }] } } },
});
const mapping = (name: string, ns: string, spec: object = {}) => ({ apiVersion: 'getambassador.io/v3alpha1', kind: 'Mapping', metadata: { name, namespace: ns }, spec: { prefix: '/', service: 'web', ...spec } });
const listener = (name: string, ns: string, spec: object = {}) => ({ apiVersion: 'getambassador.io/v3alpha1', kind: 'Listener', metadata: { name, namespace: ns }, spec: { port: 8080, protocol: 'HTTP', ...spec } });

describe('emissaryInstalls', () => {
  it('reads AMBASSADOR_ID (default "default", empty is unset) and AMBASSADOR_SINGLE_NAMESPACE with AMBASSADOR_NAMESPACE', () => {
    const g = graphOfObjects([
      deployment('a', 'edge', {}),
      deployment('b', 'edge', { env: [{ name: 'AMBASSADOR_ID', value: 'internal' }] }),
      deployment('c', 'edge', { env: [{ name: 'AMBASSADOR_ID', value: '' }, { name: 'AMBASSADOR_SINGLE_NAMESPACE', value: 'yes' }, { name: 'AMBASSADOR_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }] }),
      deployment('d', 'edge', { env: [{ name: 'AMBASSADOR_SINGLE_NAMESPACE', value: 'true' }] }),
      deployment('e', 'edge', { env: [{ name: 'AMBASSADOR_SINGLE_NAMESPACE', value: '' }] }),
    ]);
    expect(emissaryInstalls(g).map((i) => [i.pod.resource.name, i.id, i.singleNamespace])).toEqual([
      ['a', 'default', undefined],
      ['b', 'internal', undefined],
      ['c', 'default', 'edge'],
      ['d', 'default', 'default'],
      ['e', 'default', undefined],
    ]);
    expect(installsKnown(g)).toBe(true);
  });

  it('takes an id from a ConfigMap, or from envFrom, as unknown', () => {
    const g = graphOfObjects([deployment('a', 'edge', { env: [{ name: 'AMBASSADOR_ID', valueFrom: { configMapKeyRef: { name: 'x', key: 'id' } } }] }), deployment('b', 'edge', { envFrom: [{ configMapRef: { name: 'x' } }] })]);
    expect(emissaryInstalls(g).map((i) => i.id)).toEqual([undefined, undefined]);
    expect(installsKnown(g)).toBe(false);
  });

  it('leaves out the CRD conversion webhook and the cloud agent', () => {
    expect(isEmissaryContainer({ image: 'docker.io/emissaryingress/emissary:3.9.1', command: ['apiext', 'emissary-apiext'] })).toBe(false);
    expect(isEmissaryContainer({ image: 'docker.io/ambassador/ambassador-agent:1.0.14' })).toBe(false);
    expect(isEmissaryContainer({ image: 'docker.io/emissaryingress/emissary:3.9.1', command: ['agent'] })).toBe(false);
    expect(isEmissaryContainer({ image: 'docker.io/emissaryingress/emissary:3.9.1' })).toBe(true);
    expect(isEmissaryContainer({ image: 'docker.io/datawire/aes:1.14.4', command: ['entrypoint'] })).toBe(true);
  });
});

describe('what an install reads', () => {
  it('matches ids as Emissary does: a string or list, empty means default, _automatic_ matches every install', () => {
    const g = graphOfObjects([
      deployment('a', 'edge', {}),
      deployment('b', 'edge', { env: [{ name: 'AMBASSADOR_ID', value: 'internal' }] }),
      mapping('m1', 'shop'),
      mapping('m2', 'shop', { ambassador_id: 'internal' }),
      mapping('m3', 'shop', { ambassador_id: [] }),
      mapping('m4', 'shop', { ambassador_id: ['_automatic_'] }),
      mapping('m5', 'shop', { ambassador_id: ['nobody'] }),
      listener('l1', 'edge', { ambassador_id: ['internal', 'default'] }),
    ]);
    const [a, b] = emissaryInstalls(g);
    expect(mappingsOf(g, a).map((m) => m.resource.name)).toEqual(['m1', 'm3', 'm4']);
    expect(mappingsOf(g, b).map((m) => m.resource.name)).toEqual(['m2', 'm4']);
    expect(listenersOf(g, a).map((l) => l.resource.name)).toEqual(['l1']);
    expect(listenersOf(g, b).map((l) => l.resource.name)).toEqual(['l1']);
    expect(ambassadorIdsOf(g.mappings[4].resource)).toEqual(['nobody']);
    expect(installsReading(g, g.mappings[4].resource)).toEqual([]);
  });

  it('confines a single-namespace install to its namespace', () => {
    const g = graphOfObjects([deployment('a', 'edge', { env: [{ name: 'AMBASSADOR_SINGLE_NAMESPACE', value: 'true' }, { name: 'AMBASSADOR_NAMESPACE', value: 'edge' }] }), mapping('in', 'edge'), mapping('out', 'shop')]);
    expect(mappingsOf(g, emissaryInstalls(g)[0]).map((m) => m.resource.name)).toEqual(['in']);
  });

  it('counts the proxy ports as answering only on meshed pods', () => {
    const plain = graphOfObjects([deployment('a', 'edge', {})]);
    expect([...notEnvoyPorts(emissaryInstalls(plain)[0].pod)].sort()).toEqual([8001, 8005, 8877]);
    const meshed = graphOfObjects([{ ...deployment('a', 'edge', {}), spec: { template: { metadata: { annotations: { 'linkerd.io/inject': 'enabled' } }, spec: { containers: [{ name: 'ambassador', image: 'emissary' }] } } } }]);
    expect([...notEnvoyPorts(emissaryInstalls(meshed)[0].pod)].sort()).toEqual([4143, 4191, 8001, 8005, 8877]);
  });
});

describe('the resolver in effect', () => {
  it('is the Mapping\'s, else the Module\'s, else kubernetes-service; resources replace the built-ins of their name', () => {
    const g = graphOfObjects([
      { apiVersion: 'getambassador.io/v3alpha1', kind: 'Module', metadata: { name: 'ambassador', namespace: 'edge' }, spec: { config: { resolver: 'endpoint' } } },
      { apiVersion: 'getambassador.io/v3alpha1', kind: 'KubernetesServiceResolver', metadata: { name: 'kubernetes-endpoint', namespace: 'edge' } },
      { apiVersion: 'getambassador.io/v3alpha1', kind: 'ConsulResolver', metadata: { name: 'dc2', namespace: 'edge' } },
      mapping('inherits', 'shop'),
      mapping('own', 'shop', { resolver: 'kubernetes-endpoint' }),
      mapping('consul', 'shop', { resolver: 'dc2' }),
      mapping('missing', 'shop', { resolver: 'nowhere' }),
    ]);
    expect(g.mappings.map((m) => [m.resource.name, m.resolver.name, m.resolver.kind, m.resolver.from])).toEqual([
      ['inherits', 'endpoint', 'endpoint', 'module'],
      ['own', 'kubernetes-endpoint', 'service', 'mapping'],
      ['consul', 'dc2', 'consul', 'mapping'],
      ['missing', 'nowhere', 'unknown', 'mapping'],
    ]);
    // Only Kubernetes resolvers name in-cluster Services.
    expect(g.mappings.map((m) => m.inCluster)).toEqual([true, true, false, false]);
    expect(graphOfObjects([mapping('plain', 'shop')]).mappings[0].resolver).toMatchObject({ name: 'kubernetes-service', kind: 'service', from: 'default' });
  });
});
