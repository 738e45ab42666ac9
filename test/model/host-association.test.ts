// The indexed Host <-> Mapping association against the pair-by-pair rule, on random Hosts and
// Mappings (hostnames exact, `*`, leading and trailing globs; selectors of one to three labels),
// under strict and loose selectors.

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hostAssociates, hostView, mappingHostView, type HostRules } from '../../src/model/emissary.js';
import { HostAssociation } from '../../src/model/host-association.js';
import type { HostNode, MappingNode } from '../../src/model/graph.js';
import type { Resource } from '../../src/load/types.js';
import { graphOfObjects } from '../helpers.js';

const names = ['a.example.com', 'b.example.com', 'example.com', 'a.example.org', 'api.shop.io', 'x'];
const hostname = fc.oneof(
  fc.constantFrom(...names),
  fc.constantFrom('*', '*.example.com', '*.com', '*ample.com', 'api.*', 'a.*', '*.example.*', '.example.com', 'A.Example.COM'),
);
const labelPairs = fc.dictionary(fc.constantFrom('app', 'tier', 'team'), fc.constantFrom('web', 'api', 'x'), { maxKeys: 3 });
const selector = fc.oneof(
  fc.constant(undefined),
  fc.constant({}),
  fc.constant({ matchLabels: {} }),
  labelPairs.map((matchLabels) => ({ matchLabels })),
);
const hostSpec = fc.record({ hostname: fc.option(hostname, { nil: undefined }), mappingSelector: selector, selector });
const mappingSpec = fc.oneof(
  fc.record({ hostname }),
  fc.record({ host: hostname }),
  fc.record({ host: fc.constant('^.*$'), host_regex: fc.constant(true) }),
  fc.constant({}),
);
const mappingArb = fc.record({ v2: fc.boolean(), spec: mappingSpec, labels: labelPairs });

const resource = (kind: string, i: number) => ({ kind, name: `${kind.toLowerCase()}-${i}`, ref: `${kind} ns/${i}` }) as unknown as Resource;

function build(hostSpecs: object[], mappingSpecs: Array<{ v2: boolean; spec: object; labels: object }>, reads: boolean) {
  const hosts: HostNode[] = hostSpecs.map((s, i) => ({ resource: resource('Host', i), view: hostView(s, reads) }));
  const mappings = mappingSpecs.map(
    (m, i) => ({ resource: resource('Mapping', i), labels: m.labels, hostView: mappingHostView(m.v2 ? 'getambassador.io/v2' : 'getambassador.io/v3alpha1', m.spec, m.labels) }) as unknown as MappingNode,
  );
  return { hosts, mappings };
}

describe('HostAssociation', () => {
  for (const strict of [true, false]) {
    it(`answers as the pair-by-pair rule does (${strict ? 'strict' : 'loose'} selectors)`, () => {
      fc.assert(
        fc.property(fc.array(hostSpec, { maxLength: 8 }), fc.array(mappingArb, { maxLength: 8 }), fc.boolean(), fc.integer({ min: 0, max: 8 }), (hs, ms, reads, cut) => {
          const rules: HostRules = { strict, readsMappingSelector: reads, strictDisabledByEnv: false };
          const { hosts, mappings } = build(hs, ms, reads);
          const assoc = new HostAssociation<HostNode, MappingNode>(hosts, rules);
          const pair = (h: HostNode, m: MappingNode) => hostAssociates(h.view, m.hostView, strict);
          for (const m of mappings) {
            const expected = hosts.filter((h) => pair(h, m));
            expect(assoc.hostsOf(m)).toEqual(expected);
            expect(assoc.hasHost(m)).toBe(expected.length > 0);
            for (const h of hosts) expect(assoc.takes(h, m)).toBe(pair(h, m));
            const fitting = assoc.selectorHostFitting(m);
            if (fitting) expect(fitting.view.selector).toBeDefined();
          }
          const some = mappings.slice(0, cut);
          const any = assoc.hostsTakingAny(some);
          const expectedAny = new Map<HostNode, MappingNode>();
          for (const m of some) for (const h of hosts) if (pair(h, m) && !expectedAny.has(h)) expectedAny.set(h, m);
          expect(new Set(any.keys())).toEqual(new Set(expectedAny.keys()));
          for (const [h, m] of any) expect(pair(h, m)).toBe(true);
        }),
        { numRuns: 400 },
      );
    });
  }

  it('finds, for a strict refusal, a selector Host whose hostname fits', () => {
    const { hosts, mappings } = build(
      [{ hostname: 'a.example.com' }, { hostname: '*.example.com', mappingSelector: { matchLabels: { app: 'web' } } }],
      [{ v2: false, spec: { hostname: 'b.example.com' }, labels: {} }],
      true,
    );
    const assoc = new HostAssociation<HostNode, MappingNode>(hosts, { strict: true, readsMappingSelector: true, strictDisabledByEnv: false });
    expect(assoc.hasHost(mappings[0])).toBe(false);
    expect(assoc.selectorHostFitting(mappings[0])).toBe(hosts[1]);
  });
});

describe('Graph: Host rules from Emissary\'s environment', () => {
  const emissary = (env: object[]) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'emissary-ingress', namespace: 'emissary' },
    spec: { template: { metadata: { labels: { app: 'emissary' } }, spec: { containers: [{ name: 'ambassador', image: 'docker.io/emissaryingress/emissary:3.9.1', env }] } } },
  });
  it('turns strict selectors off when an Emissary container sets DISABLE_STRICT_LABEL_SELECTORS to true', () => {
    expect(graphOfObjects([emissary([{ name: 'DISABLE_STRICT_LABEL_SELECTORS', value: 'true' }])]).hostRules).toMatchObject({ strict: false, strictDisabledByEnv: true });
    expect(graphOfObjects([emissary([{ name: 'DISABLE_STRICT_LABEL_SELECTORS', value: 'false' }])]).hostRules.strict).toBe(true);
    expect(graphOfObjects([emissary([{ name: 'OTHER', value: 'true' }])]).hostRules.strict).toBe(true);
    expect(graphOfObjects([emissary([{ name: 'DISABLE_STRICT_LABEL_SELECTORS', value: 'true' }])], { emissary: { version: '3.1' } }).hostRules.strictDisabledByEnv).toBe(false);
  });
});
