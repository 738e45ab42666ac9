// JSON Schemas for the fields meshlint reads, per kind. A document that fails its schema is a
// `manifest-shape` finding at the field, and is kept out of the graph so that no rule has to
// guard against `ports: {}` or `prefix: 5`.
//
// The schemas use only `type`, `properties` and `items`, so they are checked by a small
// interpreter below instead of a compiled validator: it runs on every resource of a tree, and
// compiling schemas with ajv costs more at start-up than linting a small file. It reports the
// errors ajv reports for these schemas, in ajv's order (a test compares the two).

import type { Path } from '../yaml/types.js';
import { isObject } from '../util/object.js';

const str = { type: 'string' };
const int = { type: 'integer' };
const bool = { type: 'boolean' };
const obj = (properties: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  type: 'object',
  properties,
  ...extra,
});
const arr = (items: unknown) => ({ type: 'array', items });
const intOrString = { type: ['integer', 'string'] };
const nullable = (s: { type: string | string[] } & Record<string, unknown>) => ({ ...s, type: [...[s.type].flat(), 'null'] });

const labelSelector = obj({
  matchLabels: nullable({ type: 'object' }),
  matchExpressions: nullable({ type: 'array' }),
});

const metadata = obj({
  name: str,
  namespace: str,
  labels: nullable({ type: 'object' }),
  annotations: nullable({ type: 'object' }),
});

const container = obj({
  name: str,
  image: str,
  ports: nullable(arr(obj({ containerPort: int, name: str, protocol: str }))),
});

const podSpec = obj({
  serviceAccountName: str,
  serviceAccount: str,
  containers: nullable(arr(container)),
  initContainers: nullable(arr(container)),
});

const podTemplate = obj({ metadata: nullable(metadata), spec: nullable(podSpec) });

const workload = obj({
  metadata,
  spec: nullable(obj({ template: nullable(podTemplate), selector: nullable(labelSelector) })),
});

const schemas: Record<string, unknown> = {
  Namespace: obj({ metadata }),
  Pod: obj({ metadata, spec: nullable(podSpec) }),
  Deployment: workload,
  DaemonSet: workload,
  StatefulSet: workload,
  ReplicaSet: workload,
  Job: workload,
  CronJob: obj({
    metadata,
    spec: nullable(obj({ jobTemplate: nullable(obj({ spec: nullable(obj({ template: nullable(podTemplate) })) })) })),
  }),
  Service: obj({
    metadata,
    spec: nullable(
      obj({
        type: str,
        selector: nullable({ type: 'object' }),
        ports: nullable(arr(obj({ name: str, port: int, targetPort: intOrString, nodePort: int, protocol: str }))),
      }),
    ),
  }),
  Mapping: obj({
    metadata,
    spec: nullable(
      obj({
        prefix: str,
        prefix_regex: nullable(bool),
        prefix_exact: nullable(bool),
        service: str,
        rewrite: nullable({ type: 'string' }),
        hostname: str,
        host: str,
        host_regex: nullable(bool),
        add_linkerd_headers: nullable(bool),
        tls: { type: ['string', 'boolean', 'null'] },
        resolver: str,
      }),
    ),
  }),
  Host: obj({
    metadata,
    spec: nullable(
      obj({
        hostname: str,
        mappingSelector: nullable(labelSelector),
        selector: nullable(labelSelector),
        requestPolicy: nullable(obj({ insecure: nullable(obj({ action: str, additionalPort: int })) })),
      }),
    ),
  }),
  Listener: obj({
    metadata,
    spec: nullable(
      obj({
        port: int,
        protocol: str,
        protocolStack: nullable(arr(str)),
        securityModel: str,
        hostBinding: nullable(obj({ namespace: nullable(obj({ from: str })), selector: nullable(labelSelector) })),
      }),
    ),
  }),
  Module: obj({ metadata, spec: nullable(obj({ config: nullable({ type: 'object' }) })) }),
  Link: obj({
    metadata,
    spec: nullable(
      obj({
        targetClusterName: str,
        gatewayPort: intOrString,
        gatewayIdentity: str,
        probeSpec: nullable(obj({ path: str, port: intOrString, period: str })),
        selector: nullable(labelSelector),
      }),
    ),
  }),
};

/** Kinds whose fields meshlint reads, with the API group that defines them. */
const GROUPS: Record<string, string[]> = {
  Namespace: [''],
  Pod: [''],
  Service: [''],
  Deployment: ['apps', 'extensions'],
  DaemonSet: ['apps', 'extensions'],
  StatefulSet: ['apps'],
  ReplicaSet: ['apps', 'extensions'],
  Job: ['batch'],
  CronJob: ['batch'],
  Mapping: ['getambassador.io'],
  Host: ['getambassador.io'],
  Listener: ['getambassador.io'],
  Module: ['getambassador.io'],
  Link: ['multicluster.linkerd.io'],
};

/** One failed `type` check: ajv's instancePath and params.type, and the shape of its error. */
export interface TypeError_ {
  keyword: 'type';
  instancePath: string;
  params: { type: string | string[] };
  message: string;
}

interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
}

function hasType(t: string, v: unknown): boolean {
  switch (t) {
    case 'object':
      return isObject(v);
    case 'array':
      return Array.isArray(v);
    case 'string':
      return typeof v === 'string';
    case 'boolean':
      return typeof v === 'boolean';
    case 'null':
      return v === null;
    case 'integer':
      // ajv without strictNumbers: Infinity counts as an integer, NaN does not.
      return typeof v === 'number' && !((v as number) % 1) && !Number.isNaN(v);
    case 'number':
      return typeof v === 'number';
    default:
      return true;
  }
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Every `type` error of `v` against `schema`, in ajv's (allErrors) order. */
export function typeErrors(schema: Schema, v: unknown): TypeError_[] {
  const out: TypeError_[] = [];
  walkTypes(schema, v, [], out);
  return out;
}

/**
 * The walk behind typeErrors. The path is kept as a stack of raw segments and turned into a
 * JSON pointer only for an error: most objects have none, and building a string per visited
 * field was most of the cost.
 */
function walkTypes(schema: Schema, v: unknown, segs: Array<string | number>, out: TypeError_[]): void {
  const t = schema.type;
  if (t !== undefined) {
    const ok = typeof t === 'string' ? hasType(t, v) : t.some((x) => hasType(x, v));
    if (!ok) {
      let path = '';
      for (const seg of segs) path += `/${typeof seg === 'number' ? seg : escapePointer(seg)}`;
      out.push({ keyword: 'type', instancePath: path, params: { type: t }, message: `must be ${typeof t === 'string' ? t : t.join(',')}` });
      return;
    }
  }
  if (schema.properties && isObject(v)) {
    for (const key in schema.properties) {
      const c = v[key];
      if (c === undefined) continue;
      segs.push(key);
      walkTypes(schema.properties[key], c, segs, out);
      segs.pop();
    }
  }
  if (schema.items && Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      segs.push(i);
      walkTypes(schema.items, v[i], segs, out);
      segs.pop();
    }
  }
}

/** The schema of a kind meshlint reads (for tests). */
export function schemaFor(kind: string): unknown {
  return schemas[kind];
}

export interface ShapeProblem {
  path: Path;
  message: string;
}

/** Whether meshlint reads this group/kind (and so checks its shape). */
function isReadKind(group: string, kind: string): boolean {
  return GROUPS[kind]?.includes(group) ?? false;
}

/** Shape problems of an object of a kind meshlint reads; [] when it is fine or not read. */
export function shapeProblems(group: string, kind: string, obj: unknown): ShapeProblem[] {
  if (!isReadKind(group, kind)) return [];
  const schema = schemas[kind] as Schema | undefined;
  if (!schema) return [];
  // A field has one error at most: the walk does not look inside a value of the wrong type.
  return typeErrors(schema, obj).map((e) => {
    const path = pointerToPath(e.instancePath);
    return { path, message: describe(kind, path, e) };
  });
}

export function pointerToPath(pointer: string): Path {
  if (!pointer) return [];
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function describe(kind: string, path: Path, e: TypeError_): string {
  const field = path.length ? path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '') : 'the object';
  const want = String(e.params.type).replace(/,null$/, '').replace(',', ' or ');
  return `${kind} field ${field} must be ${article(want)}${want}; Kubernetes rejects or misreads this object.`;
}

function article(t: string): string {
  return /^[aeiou]/.test(t) ? 'an ' : 'a ';
}
