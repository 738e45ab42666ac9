// src/util/gateway-services.ts: gateway marks of a Service, and the gateways a pod template serves.

import { describe, expect, it } from 'vitest';
import { gatewaysOf } from '../../src/model/gateway.js';
import { hasGatewayMarks } from '../../src/model/linkerd.js';
import { graphOfObjects } from '../helpers.js';

const deployment = (name: string, image: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'emissary' },
  spec: { template: { metadata: { labels: { app: 'emissary' } }, spec: { containers: [{ name: 'main', image }] } } },
});

const service = (name: string, metadata: object = {}, ports: object[] = [{ name: 'http', port: 80 }]) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: 'emissary', ...metadata },
  spec: { selector: { app: 'emissary' }, ports },
});

describe('hasGatewayMarks', () => {
  it('is true for a gateway annotation or an mc-gateway / mc-probe port, whatever the pods', () => {
    const g = graphOfObjects([
      service('identity', { annotations: { 'mirror.linkerd.io/gateway-identity': 'x' } }),
      service('marked', { annotations: { 'mirror.linkerd.io/multicluster-gateway': 'true' } }),
      service('probe-port', {}, [{ name: 'mc-probe', port: 4191 }]),
      service('gateway-port', {}, [{ name: 'mc-gateway', port: 4143 }]),
      service('plain', { annotations: { 'mirror.linkerd.io/probe-path': '/ready' } }, [{ name: 'mc-gateways', port: 4143 }]),
    ]);
    expect(g.services.map(hasGatewayMarks)).toEqual([true, true, true, true, false]);
  });
});

describe('gatewaysOf', () => {
  it('gives the gateways that select an Emissary pod template, in the order of the Services', () => {
    const g = graphOfObjects([
      deployment('emissary-ingress', 'docker.io/emissaryingress/emissary:3.9.1'),
      deployment('sidecar-app', 'example/app:1'),
      service('gw-b', {}, [{ name: 'mc-gateway', port: 4143 }]),
      service('web'),
      service('gw-a', { annotations: { 'mirror.linkerd.io/gateway-identity': 'x' } }),
    ]);
    const [emissary, app] = g.podTemplates;
    expect(gatewaysOf(g, emissary).map((s) => s.resource.name)).toEqual(['gw-b', 'gw-a']);
    // Selected by the gateways too, but not Emissary: not the gateway's pod.
    expect(gatewaysOf(g, app)).toEqual([]);
  });

  it('is empty when no gateway selects the pod template', () => {
    const g = graphOfObjects([deployment('emissary-ingress', 'docker.io/emissaryingress/emissary:3.9.1'), service('web')]);
    expect(gatewaysOf(g, g.podTemplates[0])).toEqual([]);
  });
});
