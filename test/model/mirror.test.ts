// src/model/mirror.ts: which Service names the service mirror creates in a source cluster.

import { describe, expect, it } from 'vitest';
import { Graph } from '../../src/model/graph.js';
import { mappingMirror, mirrorServiceOf } from '../../src/model/mirror.js';
import { makeSettings } from '../../src/model/settings.js';
import { graphOfObjects, resourceOf } from '../helpers.js';

const link = (name: string, targetClusterName: string, spec: object = {}) => ({
  apiVersion: 'multicluster.linkerd.io/v1alpha3',
  kind: 'Link',
  metadata: { name, namespace: 'linkerd-multicluster' },
  spec: { targetClusterName, ...spec },
});
const service = (name: string, namespace: string, labels: object = {}) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace, labels }, spec: { ports: [{ port: 80 }] } });
const NONE = new Map<string, Graph>();

describe('mirrorServiceOf', () => {
  it('knows <svc>-<cluster> for the target cluster of a Link among the inputs, with the Link', () => {
    const g = graphOfObjects([link('east', 'east')]);
    const m = mirrorServiceOf(g, NONE, 'emojivoto', 'web-svc-east');
    expect(m).toMatchObject({ kind: 'cluster', exportedName: 'web-svc', targetCluster: 'east', mode: undefined });
    expect(m?.links.map((l) => l.resource.name)).toEqual(['east']);
    expect(mirrorServiceOf(g, NONE, 'emojivoto', 'web-svc-west')).toBeUndefined();
    expect(mirrorServiceOf(g, NONE, 'emojivoto', 'web-svc')).toBeUndefined();
    expect(mirrorServiceOf(g, NONE, 'emojivoto', '-east')).toBeUndefined();
  });

  it('knows the names of the other --cluster trees, and the exported Service and its mode there', () => {
    const east = new Graph([resourceOf(service('web-svc', 'emojivoto', { 'mirror.linkerd.io/exported': 'remote-discovery' })), resourceOf(service('api', 'emojivoto', { 'mirror.linkerd.io/exported': 'true' }))], makeSettings(), 'east');
    const west = new Graph([], makeSettings(), 'west');
    const clusters = new Map([['east', east], ['west', west]]);
    expect(mirrorServiceOf(west, clusters, 'emojivoto', 'web-svc-east')).toMatchObject({ kind: 'cluster', exportedName: 'web-svc', targetGraph: east, mode: 'remote-discovery' });
    expect(mirrorServiceOf(west, clusters, 'emojivoto', 'api-east')).toMatchObject({ mode: 'gateway' });
    // A cluster's own name is no mirror suffix there.
    expect(mirrorServiceOf(west, clusters, 'emojivoto', 'web-svc-west')).toBeUndefined();
  });

  it('prefers the longest cluster name that ends the Service name', () => {
    const g = graphOfObjects([link('a', 'east'), link('b', 'us-east')]);
    expect(mirrorServiceOf(g, NONE, 'ns', 'web-us-east')).toMatchObject({ exportedName: 'web', targetCluster: 'us-east' });
  });

  it('knows <svc>-federated from Linkerd 2.17 only', () => {
    const spec = { federatedServiceSelector: { matchLabels: { 'mirror.linkerd.io/federated': 'member' } } };
    const g = graphOfObjects([link('east', 'east', spec)], { linkerd: { version: '2.17' } });
    const m = mirrorServiceOf(g, NONE, 'emojivoto', 'web-svc-federated');
    expect(m).toMatchObject({ kind: 'federated', exportedName: 'web-svc', mode: 'federated' });
    expect(m?.links).toHaveLength(1);
    expect(mirrorServiceOf(graphOfObjects([], { linkerd: { version: '2.16' } }), NONE, 'emojivoto', 'web-svc-federated')).toBeUndefined();
  });

  it('knows probe-gateway-<cluster> always and probe-<link> from 2.18 where Links live or by name', () => {
    const g = graphOfObjects([link('east', 'east')]);
    expect(mirrorServiceOf(g, NONE, 'linkerd-multicluster', 'probe-gateway-east')).toMatchObject({ kind: 'probe', targetCluster: 'east' });
    expect(mirrorServiceOf(graphOfObjects([]), NONE, 'anywhere', 'probe-gateway-x')).toMatchObject({ kind: 'probe', targetCluster: 'x', links: [] });
    expect(mirrorServiceOf(g, NONE, 'linkerd-multicluster', 'probe-east')).toMatchObject({ kind: 'probe', targetCluster: 'east' });
    expect(mirrorServiceOf(graphOfObjects([]), NONE, 'linkerd-multicluster', 'probe-anything')).toMatchObject({ kind: 'probe' });
    // An ordinary Service that happens to start with probe-.
    expect(mirrorServiceOf(graphOfObjects([]), NONE, 'shop', 'probe-api')).toBeUndefined();
    // Before 2.18 probe Services are probe-gateway-<cluster> only (probe-east itself would be the
    // mirror of a Service named probe).
    expect(mirrorServiceOf(graphOfObjects([link('east-link', 'east')]), NONE, 'linkerd-multicluster', 'probe-east-link')).toMatchObject({ kind: 'probe', targetCluster: 'east' });
    expect(mirrorServiceOf(graphOfObjects([link('east-link', 'east')], { linkerd: { version: '2.17' } }), NONE, 'linkerd-multicluster', 'probe-east-link')).toBeUndefined();
  });
});

describe('mappingMirror', () => {
  it('reads the namespace a Mapping resolves its service in', () => {
    const mapping = { apiVersion: 'getambassador.io/v3alpha1', kind: 'Mapping', metadata: { name: 'web', namespace: 'emojivoto' }, spec: { prefix: '/', service: 'web-svc-east:80' } };
    const g = graphOfObjects([link('east', 'east'), mapping]);
    expect(mappingMirror(g, NONE, g.mappings[0])).toMatchObject({ kind: 'cluster', exportedName: 'web-svc' });
    const local = graphOfObjects([link('east', 'east'), { ...mapping, spec: { prefix: '/', service: 'localhost:8877' } }]);
    expect(mappingMirror(local, NONE, local.mappings[0])).toBeUndefined();
  });
});
