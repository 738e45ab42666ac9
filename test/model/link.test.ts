// src/model/link.ts: which of a Link's Service selectors are set, and which gateway it targets.

import { describe, expect, it } from 'vitest';
import { linkGateway, linkTarget, setLinkSelectors } from '../../src/model/link.js';
import { buildGraphModel } from '../../src/report/graph.js';
import { graphOfObjects } from '../helpers.js';

const link = (spec: object) => graphOfObjects([{ apiVersion: 'multicluster.linkerd.io/v1alpha3', kind: 'Link', metadata: { name: 'east', namespace: 'linkerd-multicluster' }, spec }]).links[0];

describe('setLinkSelectors', () => {
  it('lists the selectors with at least one term, in field order', () => {
    const l = link({
      federatedServiceSelector: { matchExpressions: [{ key: 'mirror.linkerd.io/federated', operator: 'Exists' }] },
      selector: { matchLabels: { 'mirror.linkerd.io/exported': 'true' } },
    });
    expect(setLinkSelectors(l)).toEqual(['selector', 'federatedServiceSelector']);
  });

  it('leaves out empty, missing and malformed selectors', () => {
    expect(setLinkSelectors(link({ selector: {}, remoteDiscoverySelector: { matchLabels: {} } }))).toEqual([]);
    expect(setLinkSelectors(link({ selector: 'mirror.linkerd.io/exported=true' }))).toEqual([]);
    expect(setLinkSelectors(link({}))).toEqual([]);
  });
});

// Which gateway a Link targets: one answer in the model, read by link-consistency and by the
// graph picture.
describe('linkTarget', () => {
  const emissary = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'emissary-ingress', namespace: 'emissary' },
    spec: {
      selector: { matchLabels: { app: 'emissary' } },
      template: {
        metadata: { labels: { app: 'emissary' }, annotations: { 'linkerd.io/inject': 'enabled' } },
        spec: { containers: [{ name: 'emissary', image: 'docker.io/emissaryingress/emissary:3.9.1' }] },
      },
    },
  };
  const gateway = (name: string, identity: string, port: number) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'emissary', annotations: { 'mirror.linkerd.io/gateway-identity': identity } },
    spec: { selector: { app: 'emissary' }, ports: [{ name: 'mc-gateway', port }, { name: 'mc-probe', port: 80, targetPort: 8080 }] },
  });
  const linkTo = (spec: object) => ({ apiVersion: 'multicluster.linkerd.io/v1alpha3', kind: 'Link', metadata: { name: 'east', namespace: 'linkerd-multicluster' }, spec });
  const objs = (spec: object) => [emissary, gateway('gw-a', 'a.identity', 4143), gateway('gw-b', 'b.identity', 4180), linkTo(spec)];

  it('picks the gateway that agrees with the Link on most fields, the first of equals', () => {
    const g = graphOfObjects(objs({ gatewayIdentity: 'b.identity', gatewayPort: '4180' }));
    const unnamed = new Map([['', g]]);
    expect(linkTarget(g, g.links[0], unnamed)?.gateway?.resource.name).toBe('gw-b');
    expect(linkGateway(g.links[0], g.gateways)?.resource.name).toBe('gw-b');
    const tie = graphOfObjects(objs({ gatewayIdentity: 'b.identity', gatewayPort: '4143' }));
    expect(linkGateway(tie.links[0], tie.gateways)?.resource.name).toBe('gw-a');
  });

  it('targets the cluster targetClusterName names when clusters are named, else the same inputs', () => {
    const source = graphOfObjects([linkTo({ targetClusterName: 'east' })]);
    const east = graphOfObjects(objs({}).slice(0, 3));
    expect(linkTarget(source, source.links[0], new Map([['west', source], ['east', east]]))?.graph).toBe(east);
    expect(linkTarget(source, source.links[0], new Map([['west', source]]))).toBeUndefined();
    // Without named clusters, a Link is checked against a gateway among its own inputs, if any.
    expect(linkTarget(source, source.links[0], new Map([['', source]]))).toBeUndefined();
  });

  it('is the gateway the graph picture draws the Link to', () => {
    const g = graphOfObjects(objs({ gatewayIdentity: 'b.identity', gatewayPort: '4180' }));
    const model = buildGraphModel(new Map([['', g]]));
    const refOf = new Map(model.nodes.map((n) => [n.id, n.ref]));
    const drawn = model.edges.filter((e) => e.kind === 'link').map((e) => refOf.get(e.to));
    expect(drawn).toEqual(['Service emissary/gw-b']);
  });
});
