// setLinkSelectors in src/util/link.ts: which of a Link's Service selectors are set.

import { describe, expect, it } from 'vitest';
import { setLinkSelectors } from '../../src/model/link.js';
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
