// CustomResourceDefinitions as validators. `crdIndex` reads the CRD resources of a graph into a
// map by group and kind; `validateCustomResource` checks one custom resource against the
// schema of its version, compiling that schema on first use (so only the CRDs whose kinds
// appear are ever compiled) and keeping it for later graphs and runs.

import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { pointerToPath } from '../shape.js';
import type { Path } from '../../yaml/types.js';
import type { Resource } from '../types.js';
import { isObject } from '../../util/object.js';
import { safePattern, toJsonSchema } from './schema.js';

// ajv is loaded on first use: only trees with custom resources of a known CRD need it.
const loadAjv = (): any => {
  const m = createRequire(import.meta.url)('ajv');
  return m.default ?? m;
};

export const CRD_GROUP = 'apiextensions.k8s.io';

export interface CrdVersion {
  name: string;
  served: boolean;
  /** The version's `openAPIV3Schema`, when it has one. */
  schema?: Record<string, unknown>;
  /** Path of that schema inside the CRD. */
  schemaPath: Path;
}

export interface Crd {
  resource: Resource;
  group: string;
  kind: string;
  versions: CrdVersion[];
  /** `spec.preserveUnknownFields` (true by default in apiextensions.k8s.io/v1beta1). */
  preserveUnknownFields: boolean;
}

/** A problem in a custom resource, at a field path relative to the resource. */
export interface SchemaIssue {
  path: Path;
  message: string;
  target?: 'key' | 'value';
}

export type CrValidation =
  | { status: 'valid' }
  /** The CRD does not serve the resource's version. */
  | { status: 'unserved'; served: string[] }
  /** The version has no schema: anything goes. */
  | { status: 'unchecked' }
  | { status: 'uncompilable'; version: CrdVersion; error: string }
  | { status: 'invalid'; version: CrdVersion; issues: SchemaIssue[] };

/** The CRDs among `resources`, by `group/kind`; the first definition of a kind wins. */
export function crdIndex(resources: Iterable<Resource>): Map<string, Crd> {
  const out = new Map<string, Crd>();
  for (const r of resources) {
    if (r.kind !== 'CustomResourceDefinition' || r.group !== CRD_GROUP) continue;
    const crd = readCrd(r);
    if (!crd) continue;
    const k = crdKey(crd.group, crd.kind);
    if (!out.has(k)) out.set(k, crd);
  }
  return out;
}

export function crdKey(group: string, kind: string): string {
  return `${group}/${kind}`;
}

function readCrd(r: Resource): Crd | undefined {
  const spec = r.obj?.spec;
  if (!isObject(spec) || typeof spec.group !== 'string' || !isObject(spec.names) || typeof spec.names.kind !== 'string') return undefined;
  const versions: CrdVersion[] = [];
  // apiextensions.k8s.io/v1beta1 kept one schema for all versions under spec.validation.
  const shared = isObject(spec.validation) && isObject(spec.validation.openAPIV3Schema) ? spec.validation.openAPIV3Schema : undefined;
  if (Array.isArray(spec.versions)) {
    spec.versions.forEach((v: unknown, i: number) => {
      if (!isObject(v) || typeof v.name !== 'string') return;
      const own = isObject(v.schema) && isObject(v.schema.openAPIV3Schema) ? v.schema.openAPIV3Schema : undefined;
      versions.push({
        name: v.name,
        served: v.served !== false,
        schema: own ?? shared,
        schemaPath: own ? ['spec', 'versions', i, 'schema', 'openAPIV3Schema'] : ['spec', 'validation', 'openAPIV3Schema'],
      });
    });
  } else if (typeof spec.version === 'string') {
    versions.push({ name: spec.version, served: true, schema: shared, schemaPath: ['spec', 'validation', 'openAPIV3Schema'] });
  }
  const preserveUnknownFields = spec.preserveUnknownFields === true || (r.apiVersion.endsWith('/v1beta1') && spec.preserveUnknownFields !== false);
  return { resource: r, group: spec.group, kind: spec.names.kind, versions, preserveUnknownFields };
}

let ajv: any;
const compiled = [new WeakMap<object, ValidateFunction | Error>(), new WeakMap<object, ValidateFunction | Error>()];

/** How many schemas have been compiled (CRD versions are compiled only when used). */
export const compileStats = { compiled: 0 };

/** The validator of a schema, compiled on first use; an Error when the schema cannot be. */
export function validatorFor(schema: Record<string, unknown>, preserveUnknownFields = false): ValidateFunction | Error {
  const cache = compiled[preserveUnknownFields ? 1 : 0];
  let v = cache.get(schema);
  if (v) return v;
  ajv ??= new (loadAjv())({
    allErrors: true,
    verbose: true,
    strict: false,
    validateFormats: false,
    validateSchema: false,
    unicodeRegExp: false,
    code: { regExp: safePattern },
  });
  compileStats.compiled++;
  try {
    v = ajv.compile(toJsonSchema(schema, preserveUnknownFields)) as ValidateFunction;
  } catch (err) {
    v = err instanceof Error ? err : new Error(String(err));
  }
  cache.set(schema, v);
  return v;
}

/** Check a custom resource of the CRD's group and kind against its version's schema. */
export function validateCustomResource(crd: Crd, r: Resource): CrValidation {
  const version = r.apiVersion.slice(r.apiVersion.lastIndexOf('/') + 1);
  const v = crd.versions.find((x) => x.name === version && x.served);
  if (!v) return { status: 'unserved', served: crd.versions.filter((x) => x.served).map((x) => x.name) };
  if (!v.schema) return { status: 'unchecked' };
  const validate = validatorFor(v.schema, crd.preserveUnknownFields);
  if (validate instanceof Error) return { status: 'uncompilable', version: v, error: validate.message };
  if (validate(r.obj)) return { status: 'valid' };
  const issues = describeErrors(validate.errors ?? [], `${r.apiVersion} ${r.kind}`);
  return issues.length === 0 ? { status: 'valid' } : { status: 'invalid', version: v, issues };
}

/** ajv's errors as one issue per field, worded for people. */
function describeErrors(errors: ErrorObject[], what: string): SchemaIssue[] {
  // The `else` of a nullable field without a type reports itself as an `if` error; the
  // branches of a failed anyOf/oneOf are summed up by the junctor's own error.
  const junctors = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const inBranch = (e: ErrorObject) => junctors.some((j) => j !== e && e.schemaPath.startsWith(`${j.schemaPath}/`));
  const byField = new Map<string, { path: Path; target?: 'key' | 'value'; errors: ErrorObject[] }>();
  for (const e of errors) {
    if (e.keyword === 'if' || inBranch(e)) continue;
    let path = pointerToPath(e.instancePath);
    let target: 'key' | 'value' | undefined;
    if (e.keyword === 'additionalProperties') {
      path = [...path, String((e.params as { additionalProperty: string }).additionalProperty)];
      target = 'key';
    }
    const k = JSON.stringify(path) + (target ?? '');
    const slot = byField.get(k) ?? { path, target, errors: [] };
    slot.errors.push(e);
    byField.set(k, slot);
  }
  const out: SchemaIssue[] = [];
  for (const { path, target, errors: errs } of byField.values()) {
    out.push({ path, target, message: describeField(path, errs, errors, what) });
  }
  return out;
}

function fieldName(path: Path): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s ? `.${p}` : p;
  return s || 'the object';
}

function describeField(path: Path, errs: ErrorObject[], all: ErrorObject[], what: string): string {
  const field = `\`${fieldName(path)}\``;
  const first = (kw: string) => errs.find((e) => e.keyword === kw);
  const add = first('additionalProperties');
  if (add) {
    const name = String(path[path.length - 1]);
    const parent = add.parentSchema as { properties?: Record<string, unknown> } | undefined;
    const known = Object.keys(parent?.properties ?? {});
    const near = nearest(name, known);
    const hint = near ? `did you mean \`${near}\`?` : 'remove it or fix its name.';
    return `${field} is not a field of ${what}; ${hint}`;
  }
  const req = errs.filter((e) => e.keyword === 'required');
  if (req.length > 0) {
    const names = [...new Set(req.map((e) => (e.params as { missingProperty: string }).missingProperty))];
    const list = names.map((n) => `\`${n}\``).join(', ');
    return `${field} lacks the required field${names.length > 1 ? 's' : ''} ${list} of ${what}; add ${names.length > 1 ? 'them' : 'it'}.`;
  }
  const en = first('enum');
  if (en) {
    const allowed = ((en.params as { allowedValues: unknown[] }).allowedValues ?? []).filter((x) => x !== null);
    const value = en.data;
    const caseTwin = typeof value === 'string' ? allowed.find((a) => typeof a === 'string' && a.toLowerCase() === value.toLowerCase()) : undefined;
    const hint = caseTwin !== undefined ? ` (values are case-sensitive: use ${JSON.stringify(caseTwin)})` : '';
    return `${field} is ${shown(value)}, which ${what} does not allow; use one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}${hint}.`;
  }
  const types = errs.filter((e) => e.keyword === 'type');
  if (types.length > 0) {
    const want = [...new Set(types.flatMap((e) => [(e.params as { type: string | string[] }).type].flat().flatMap((t) => String(t).split(','))))].filter((t) => t !== 'null');
    return `${field} must be ${orList(want.map(typeWord))} in ${what}, not ${kindOf(types[0].data)}.`;
  }
  const junctor = errs.find((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  if (junctor) {
    const branchTypes = all
      .filter((e) => e.keyword === 'type' && e.instancePath === junctor.instancePath && e.schemaPath.startsWith(`${junctor.schemaPath}/`))
      .flatMap((e) => [(e.params as { type: string | string[] }).type].flat().map(String))
      .filter((t) => t !== 'null');
    if (branchTypes.length > 0) return `${field} must be ${orList([...new Set(branchTypes)].map(typeWord))} in ${what}, not ${kindOf(junctor.data)}.`;
    return `${field} matches none of the forms ${what} allows for it.`;
  }
  const e = errs[0];
  return `${field} ${e.message ?? 'is invalid'} in ${what}.`;
}

function shown(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function typeWord(t: string): string {
  return t === 'integer' ? 'an integer' : t === 'object' ? 'a mapping' : t === 'array' ? 'a list' : `a ${t}`;
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'number') return Number.isInteger(v) ? `the integer ${v}` : `the number ${v}`;
  if (typeof v === 'string') return `the string ${shown(v)}`;
  return `${typeof v === 'boolean' ? 'the boolean' : typeof v} ${String(v)}`;
}

function orList(xs: string[]): string {
  if (xs.length <= 1) return xs[0] ?? 'something else';
  return `${xs.slice(0, -1).join(', ')} or ${xs[xs.length - 1]}`;
}

/** The known name nearest to `name` (case-insensitive match or edit distance ≤ 2). */
function nearest(name: string, known: string[]): string | undefined {
  const lower = name.toLowerCase();
  const same = known.find((k) => k.toLowerCase() === lower);
  if (same) return same;
  let best: string | undefined;
  let bestD = 3;
  for (const k of known) {
    if (Math.abs(k.length - name.length) >= bestD) continue;
    const d = distance(lower, k.toLowerCase(), bestD);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best;
}

/** Levenshtein distance, giving up (returning `limit`) once it cannot be below `limit`. */
function distance(a: string, b: string, limit: number): number {
  if (a.length > 64 || b.length > 64) return limit;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      rowMin = Math.min(rowMin, cur[j]);
    }
    if (rowMin >= limit) return limit;
    prev = cur;
  }
  return prev[b.length];
}
