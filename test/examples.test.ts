// The bundled examples lint as their READMEs say: the multicluster recipe as published gives
// the findings listed there (for Linkerd 2.18 and for 2.8), the corrected install gives none,
// and the single-cluster example finds each of its mistakes.

import { describe, expect, it } from 'vitest';
import { lint, type LintRequest } from '../src/lint.js';
import type { Finding } from '../src/engine/types.js';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { graphOfText, ROOT } from './helpers.js';

const RECIPE = 'examples/multicluster/recipe';
const CORRECTED = 'examples/multicluster/corrected';
const SOURCE = 'examples/multicluster/source';
const ADMIN_PROBE = 'examples/multicluster/corrected-admin-probe';
const ADMIN_SOURCE = 'examples/multicluster/source-admin-probe';

async function run(req: Omit<LintRequest, 'cwd'>): Promise<Finding[]> {
  const r = await lint({ cwd: ROOT, ...req });
  expect(r.crashed).toEqual([]);
  expect(r.unmatched).toEqual([]);
  return r.findings;
}

const ids = (fs: Finding[]) => [...new Set(fs.map((f) => f.ruleId))].sort();
const at = (fs: Finding[]) => fs.map((f) => `${f.file}:${f.line} ${f.ruleId}`);

describe('examples/multicluster/recipe', () => {
  it('gives the findings of Linkerd 2.18 (the default)', async () => {
    const fs = await run({ paths: [RECIPE] });
    expect(ids(fs)).toEqual([
      'export-legacy-annotations',
      'gateway-identity',
      'gateway-probe-port',
      'gateway-require-identity',
      'probe-host',
      'probe-path',
      'skip-inbound-ports',
    ]);
    expect(at(fs)).toEqual([
      `${RECIPE}/emissary.yaml:40 skip-inbound-ports`,
      `${RECIPE}/emissary.yaml:41 gateway-require-identity`,
      `${RECIPE}/emissary.yaml:74 gateway-identity`,
      `${RECIPE}/emissary.yaml:76 probe-host`,
      `${RECIPE}/emissary.yaml:76 probe-path`,
      `${RECIPE}/emissary.yaml:87 gateway-probe-port`,
      `${RECIPE}/emojivoto.yaml:44 export-legacy-annotations`,
      `${RECIPE}/emojivoto.yaml:45 export-legacy-annotations`,
    ]);
    const identity = fs.find((f) => f.ruleId === 'gateway-identity')!;
    expect(identity.message).toContain('emissary-ingress.emissary.serviceaccount.identity.linkerd.cluster.local');
    expect(identity.related.map((r) => `${r.file}:${r.line}`)).toEqual([`${RECIPE}/emissary.yaml:45`]);
    expect(fs.find((f) => f.ruleId === 'probe-path')!.message).toContain('"/-/ambassador/ready"');
    // From 2.9 the malformed path means no request at all: probe-path alone reports it.
    expect(fs.find((f) => f.ruleId === 'probe-host')!.related.map((r) => `${r.file}:${r.line}`)).toEqual([`${RECIPE}/probe.yaml:8`]);
  });

  it('gives the findings of Linkerd 2.8, the release the recipe was written for', async () => {
    const fs = await run({ paths: [RECIPE], linkerdVersion: '2.8' });
    expect(ids(fs)).toEqual(['export-gateway-ref', 'gateway-identity', 'gateway-require-identity', 'probe-host', 'skip-inbound-ports']);
    const ref = fs.filter((f) => f.ruleId === 'export-gateway-ref');
    expect(at(ref)).toEqual([`${RECIPE}/emojivoto.yaml:45 export-gateway-ref`]);
    expect(ref[0].message).toContain('mirror.linkerd.io/gateway-ns: "emissary"');
  });

  it("fails the source cluster's Link where it copies the recipe's gateway", async () => {
    const fs = await run({ paths: [], clusters: [{ name: 'east', paths: [SOURCE] }, { name: 'west', paths: [RECIPE] }] });
    const links = fs.filter((f) => f.ruleId === 'link-consistency');
    expect(links.map((f) => [f.cluster, f.file, f.line, f.path])).toEqual([
      ['east', `${SOURCE}/link.yaml`, 28, 'spec.gatewayIdentity'],
      ['east', `${SOURCE}/link.yaml`, 31, 'spec.probeSpec.port'],
      ['east', `${SOURCE}/link.yaml`, 33, 'spec.selector'],
    ]);
    // The target's own findings are those of the recipe linted alone, except the probe port:
    // with the Link known, gateway-probe-port judges the Link's probeSpec.port (4191, right).
    const west = fs.filter((f) => f.cluster === 'west');
    const alone = (await run({ paths: [RECIPE] })).filter((f) => f.ruleId !== 'gateway-probe-port');
    expect(at(west)).toEqual(at(alone));
  });
});

describe('examples/multicluster/source', () => {
  it('gives no finding: a meshed Emissary routes to a gateway-mode and a federated mirror', async () => {
    expect(at(await run({ paths: [SOURCE] }))).toEqual([]);
  });
});

describe('examples/multicluster/corrected', () => {
  it('gives no finding', async () => {
    expect(at(await run({ paths: [CORRECTED] }))).toEqual([]);
  });

  it('gives no finding with the Link of the source cluster', async () => {
    expect(at(await run({ paths: [], clusters: [{ name: 'east', paths: [SOURCE] }, { name: 'west', paths: [CORRECTED] }] }))).toEqual([]);
  });
});

describe('examples/multicluster/corrected-admin-probe', () => {
  it('gives no finding, for Linkerd 2.18 and 2.9', async () => {
    expect(at(await run({ paths: [ADMIN_PROBE] }))).toEqual([]);
    expect(at(await run({ paths: [ADMIN_PROBE], linkerdVersion: '2.9' }))).toEqual([]);
  });

  it('gives no finding with the Link of its source cluster', async () => {
    expect(at(await run({ paths: [], clusters: [{ name: 'east', paths: [ADMIN_SOURCE] }, { name: 'west', paths: [ADMIN_PROBE] }] }))).toEqual([]);
  });
});

describe('examples/single-cluster', () => {
  it('finds its mistakes', async () => {
    const fs = await run({ paths: ['examples/single-cluster'] });
    const found = ids(fs);
    for (const id of ['annotation-value-type', 'linkerd-key-placement', 'mapping-prefix', 'mapping-service', 'mapping-tls-to-mesh']) {
      expect(found, id).toContain(id);
    }
    expect(at(fs.filter((f) => f.ruleId === 'mapping-prefix'))).toEqual(['examples/single-cluster/mappings.yaml:20 mapping-prefix']);
  });
});

describe("examples/published: Emissary's published installs, meshed as Linkerd's guide says", () => {
  for (const version of ['1.14', '2.5', '3.2', '3.9']) {
    it(`Emissary ${version} gives no finding`, async () => {
      const fs = await run({ paths: [`examples/published/emissary-${version}`], emissaryVersion: version });
      // Emissary 3.2's install writes its Module as getambassador.io/v2, which 3.x serves only
      // through the conversion webhook: emissary-api-version warns, rightly. Nothing else.
      const expected = version === '3.2' ? ['examples/published/emissary-3.2/emissary-emissaryns.yaml:214 emissary-api-version'] : [];
      expect(at(fs)).toEqual(expected);
    });
  }

  it("takes only emissary-ingress for Emissary's pods, not the webhook nor the agent", () => {
    for (const version of ['1.14', '2.5', '3.2', '3.9']) {
      const dir = path.join(ROOT, `examples/published/emissary-${version}`);
      const text = readdirSync(dir).filter((n) => n.endsWith('.yaml')).map((n) => readFileSync(path.join(dir, n), 'utf8')).join('\n---\n');
      const g = graphOfText(text, { emissary: { version } });
      const all = g.podTemplates.map((p) => p.resource.ref).sort();
      expect(all.some((r) => /apiext|agent/.test(r)), `${version} has the webhook or the agent`).toBe(true);
      expect(g.emissaryPods.map((p) => p.resource.ref)).toEqual([version === '1.14' ? 'Deployment default/ambassador' : 'Deployment emissary/emissary-ingress']);
    }
  });
});
