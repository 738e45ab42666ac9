import { describe, expect, it } from 'vitest';
import { entriesOf, metadataBlocks, metadataEntries, scopeText } from '../../src/model/metadata.js';
import { graphOfText as graphOf } from '../helpers.js';

const TEXT = `
apiVersion: v1
kind: Namespace
metadata:
  name: shop
  annotations:
    linkerd.io/inject: enabled
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
  namespace: shop
  labels: {app: report}
spec:
  schedule: "0 * * * *"
  jobTemplate:
    metadata:
      labels: {job: "yes"}
    spec:
      template:
        metadata:
          annotations: {config.linkerd.io/proxy-await: enabled}
        spec:
          containers: [{name: report, image: busybox}]
---
apiVersion: v1
kind: Pod
metadata:
  name: debug
  namespace: shop
  labels: {run: debug}
spec:
  containers: [{name: shell, image: busybox}]
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata:
      labels: {app: web, on: yes}
    spec:
      containers: [{name: web, image: nginx}]
`;

describe('metadata blocks', () => {
  const graph = graphOf(TEXT);
  const blocks = metadataBlocks(graph);

  it('lists object, job template and pod template metadata with their paths', () => {
    expect(blocks.map((b) => [b.resource.ref, b.scope, b.path.join('.')])).toEqual([
      ['Namespace shop', 'object', 'metadata'],
      ['CronJob shop/report', 'object', 'metadata'],
      ['CronJob shop/report', 'job-template', 'spec.jobTemplate.metadata'],
      ['CronJob shop/report', 'pod-template', 'spec.jobTemplate.spec.template.metadata'],
      ['Pod shop/debug', 'pod-template', 'metadata'],
      ['Deployment shop/web', 'object', 'metadata'],
      ['Deployment shop/web', 'pod-template', 'spec.template.metadata'],
    ]);
  });

  it('links pod template blocks to the graph pod templates', () => {
    for (const b of blocks.filter((x) => x.scope === 'pod-template')) {
      expect(b.pod).toBeDefined();
      expect(graph.podTemplates).toContain(b.pod);
    }
    expect(blocks.filter((x) => x.scope !== 'pod-template').every((b) => b.pod === undefined)).toBe(true);
  });

  it('gives every label and annotation with its full path and value as read', () => {
    const entries = metadataEntries(graph).map((e) => [e.block.resource.name, e.field, e.key, e.value, e.path.join('.')]);
    expect(entries).toEqual([
      ['shop', 'annotations', 'linkerd.io/inject', 'enabled', 'metadata.annotations.linkerd.io/inject'],
      ['report', 'labels', 'app', 'report', 'metadata.labels.app'],
      ['report', 'labels', 'job', 'yes', 'spec.jobTemplate.metadata.labels.job'],
      ['report', 'annotations', 'config.linkerd.io/proxy-await', 'enabled', 'spec.jobTemplate.spec.template.metadata.annotations.config.linkerd.io/proxy-await'],
      ['debug', 'labels', 'run', 'debug', 'metadata.labels.run'],
      ['web', 'labels', 'app', 'web', 'spec.template.metadata.labels.app'],
      // YAML 1.1 reads the plain key `on` as true, and the value `yes` as the boolean true.
      ['web', 'labels', 'true', true, 'spec.template.metadata.labels.true'],
    ]);
  });

  it('says where a block is', () => {
    expect(blocks.map(scopeText)).toEqual(['', '', ' in the job template', ' in the pod template', '', '', ' in the pod template']);
  });

  it('skips labels and annotations that are not mappings', () => {
    const g = graphOf('apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  labels: [a]\n  annotations: text\n');
    const [b] = metadataBlocks(g);
    expect(b.labels).toBeUndefined();
    expect(b.annotations).toBeUndefined();
    expect(entriesOf(b)).toEqual([]);
  });
});
