// Emissary 1.x configuration in getambassador.io/config annotations (src/load/annotations.ts):
// unfolded as Emissary unfolds it, located inside the annotation, never fixed in place.

import { describe, expect, it } from 'vitest';
import { loadFiles } from '../../src/load/resources.js';
import type { SourceFile } from '../../src/load/types.js';
import { freshDir, lintCase, tempDir, writeIn } from '../helpers.js';

const file = (text: string): SourceFile => ({ path: 'svc.yaml', text, reported: true });

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
  labels:
    app: web
  annotations:
    getambassador.io/config: |
      ---
      apiVersion: ambassador/v1
      kind: Mapping
      name: web_mapping
      prefix: web/
      service: web.shop
      ---
      apiVersion: getambassador.io/v2
      kind: Mapping
      name: other
      namespace: edge
      metadata_labels:
        team: a
      prefix: /other/
      service: other.edge
spec:
  selector:
    app: web
  ports:
    - port: 80
`;

describe('getambassador.io/config annotations', () => {
  it('reads each object as a resource: name and namespace in metadata, the rest in spec, ambassador/ as getambassador.io/', () => {
    const { resources, problems } = loadFiles([file(SERVICE)]);
    expect(problems).toEqual([]);
    const mappings = resources.filter((r) => r.kind === 'Mapping');
    expect(mappings.map((r) => [r.ref, r.apiVersion, r.group])).toEqual([
      ['Mapping shop/web_mapping', 'getambassador.io/v1', 'getambassador.io'],
      ['Mapping edge/other', 'getambassador.io/v2', 'getambassador.io'],
    ]);
    expect(mappings[0].obj.spec).toEqual({ prefix: 'web/', service: 'web.shop' });
    // Labels default to the carrier's; metadata_labels replaces them.
    expect(mappings[0].obj.metadata.labels).toEqual({ app: 'web' });
    expect(mappings[1].obj.metadata.labels).toEqual({ team: 'a' });
    expect(mappings[0].embedded?.host.ref).toBe('Service shop/web');
  });

  it('reports an annotation that is not YAML at the annotation, and reads nothing from it', () => {
    const text = SERVICE.replace('      prefix: web/', '      prefix: [web/');
    const { resources, problems } = loadFiles([file(text)]);
    expect(resources.filter((r) => r.kind === 'Mapping')).toEqual([]);
    expect(problems.map((p) => [p.rule, p.path?.join('.')])).toEqual([['yaml-syntax', 'metadata.annotations.getambassador.io/config']]);
  });

  it('reports a finding at its line inside the annotation, without a fix', async () => {
    const dir = freshDir(tempDir('annotations'), 'case');
    writeIn(dir, 'svc.yaml', SERVICE);
    const result = await lintCase(dir);
    const prefix = result.findings.filter((f) => f.ruleId === 'mapping-prefix');
    expect(prefix.map((f) => [f.line, f.column, f.resource])).toEqual([[14, 15, 'Mapping shop/web_mapping']]);
    expect(prefix[0].fix).toBeUndefined();
  });

  it('points at the annotation when it is not a literal block', async () => {
    const dir = freshDir(tempDir('annotations'), 'quoted');
    writeIn(dir, 'svc.yaml', `apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
  annotations:
    getambassador.io/config: "apiVersion: ambassador/v1\\nkind: Mapping\\nname: m\\nprefix: web/\\nservice: web.shop\\n"
spec:
  ports:
    - port: 80
`);
    const result = await lintCase(dir);
    expect(result.findings.filter((f) => f.ruleId === 'mapping-prefix').map((f) => [f.line, f.column])).toEqual([[7, 30]]);
  });
});
