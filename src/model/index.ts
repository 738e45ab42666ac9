// The model's front door: what a rule may read, in one import. The graph and every piece of
// Kubernetes, Emissary, Linkerd and multicluster meaning live in this folder; the few helpers
// of the stages below that rules use (value access, CRD validation) are passed on from here.

export * from './emissary.js';
export * from './gateway.js';
export * from './graph.js';
export * from './host-association.js';
export * from './k8s.js';
export * from './link.js';
export * from './linkerd.js';
export * from './linkerd-keys.js';
export * from './install.js';
export * from './metadata.js';
export * from './mirror.js';
export * from './probe.js';
export * from './settings.js';
export * from './version.js';

export type { Resource } from '../load/types.js';
export type { Path } from '../yaml/types.js';
export { crdIndex, crdKey, validateCustomResource } from '../load/crd/index.js';
export { asArray, asMap, isObject, valueAt, type StringMap } from '../util/object.js';
export { addTo } from '../util/multimap.js';
