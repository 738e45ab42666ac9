// The graph's indexes: lookups by kind, namespace and name, duplicates, and the first of
// duplicate Services winning.

import { describe, expect, it } from 'vitest';
import { graphOfObjects } from '../helpers.js';

const svc = (name: string, ns: string, port: number) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { ports: [{ port }] } });

describe('graph indexes', () => {
  const g = graphOfObjects([
    svc('web', 'shop', 80),
    svc('web', 'shop', 81),
    svc('web', 'other', 82),
    { apiVersion: 'getambassador.io/v3alpha1', kind: 'Mapping', metadata: { name: 'web', namespace: 'shop' }, spec: { prefix: '/', service: 'web' } },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
  ]);

  it('finds resources by kind, namespace and name', () => {
    expect(g.find('Service', 'shop', 'web').map((r) => r.obj.spec.ports[0].port)).toEqual([80, 81]);
    expect(g.find('Mapping', 'shop', 'web')).toHaveLength(1);
    expect(g.find('Service', 'shop', 'nope')).toEqual([]);
    expect(g.find('Namespace', '', 'shop')).toHaveLength(1);
  });

  it('lists only the keys held more than once', () => {
    expect(g.sameNamed().map((list) => list.map((r) => r.ref))).toEqual([['Service shop/web', 'Service shop/web']]);
  });

  it('resolves a Service to the first of its duplicates', () => {
    expect(g.service('shop', 'web')?.ports[0].port).toBe(80);
    expect(g.service('other', 'web')?.ports[0].port).toBe(82);
    expect(g.mappings[0].target?.ports[0].port).toBe(80);
  });
});
