// From a CustomResourceDefinition's `openAPIV3Schema` (Kubernetes' structural OpenAPI v3
// subset) to a JSON Schema that ajv validates the way the Kubernetes API server does:
//
// - an object field not in `properties` is unknown (kubectl's strict field validation rejects
//   it), unless `x-kubernetes-preserve-unknown-fields: true` or `additionalProperties` says
//   otherwise;
// - a `null` value of an object field is dropped by the API server unless the field is
//   `nullable`, so it is accepted; elsewhere (list items) `null` needs `nullable: true`;
// - `x-kubernetes-int-or-string: true` is an integer or a string;
// - `x-kubernetes-embedded-resource: true` is an object with `apiVersion`, `kind` and
//   `metadata`;
// - `metadata` at the root is validated by the API server itself, not by the schema;
// - `format`, `default`, list/map types and CEL rules are not checked.
//
// The conversion reads the schema as data: nothing in it is evaluated, and its `pattern`s run
// through `safePattern`, which declines patterns that could backtrack without bound.

import { isObject } from '../../util/object.js';

type Json = Record<string, unknown>;

/** Keywords copied as they are (their values are plain data). */
const COPIED = [
  'type',
  'enum',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'required',
] as const;

interface Ctx {
  /** The value of an object field (pruned when null and not nullable). */
  field: boolean;
  /** Inside anyOf/oneOf/allOf/not: value checks only, no unknown-field closing. */
  junctor: boolean;
}

/**
 * The ajv schema for a CRD version's `openAPIV3Schema`. `preserveUnknownFields` is the CRD's
 * own `spec.preserveUnknownFields` (the default of apiextensions.k8s.io/v1beta1): then no
 * field is unknown anywhere.
 */
export function toJsonSchema(openAPIV3Schema: unknown, preserveUnknownFields = false): Json {
  const root = convert(openAPIV3Schema, { field: false, junctor: preserveUnknownFields });
  const props = isObject(root.properties) ? { ...root.properties } : {};
  // The API server owns these three; the schema does not describe them.
  props.apiVersion = { type: 'string' };
  props.kind = { type: 'string' };
  props.metadata = { type: 'object' };
  return { ...root, properties: props };
}

function convert(s: unknown, ctx: Ctx): Json {
  if (!isObject(s)) return {};
  const out: Json = {};
  // Only well-typed keyword values are kept: a schema that would not compile checks less
  // rather than nothing.
  for (const k of COPIED) if (s[k] !== undefined) out[k] = s[k];
  if (out.required !== undefined && !(Array.isArray(out.required) && out.required.every((x) => typeof x === 'string'))) delete out.required;
  if (out.enum !== undefined && !(Array.isArray(out.enum) && out.enum.length > 0)) delete out.enum;
  if (out.pattern !== undefined && typeof out.pattern !== 'string') delete out.pattern;
  for (const k of ['minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties'] as const) {
    if (out[k] !== undefined && !(Number.isInteger(out[k]) && (out[k] as number) >= 0)) delete out[k];
  }
  for (const k of ['minimum', 'maximum'] as const) if (out[k] !== undefined && typeof out[k] !== 'number') delete out[k];
  if (out.multipleOf !== undefined && !(typeof out.multipleOf === 'number' && out.multipleOf > 0)) delete out.multipleOf;
  if (out.uniqueItems !== undefined && typeof out.uniqueItems !== 'boolean') delete out.uniqueItems;
  const types = new Set(['object', 'array', 'string', 'integer', 'number', 'boolean']);
  if (typeof out.type !== 'string' || !types.has(out.type)) delete out.type;
  // OpenAPI 3.0's boolean exclusiveMinimum/Maximum.
  if (s.exclusiveMinimum === true && typeof s.minimum === 'number') {
    out.exclusiveMinimum = s.minimum;
    delete out.minimum;
  }
  if (s.exclusiveMaximum === true && typeof s.maximum === 'number') {
    out.exclusiveMaximum = s.maximum;
    delete out.maximum;
  }

  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  if (s['x-kubernetes-int-or-string'] === true) out.type = ['integer', 'string'];

  if (isObject(s.properties)) {
    const props: Json = {};
    for (const [k, v] of Object.entries(s.properties)) props[k] = convert(v, { field: true, junctor: ctx.junctor });
    out.properties = props;
  }
  if (isObject(s.additionalProperties)) out.additionalProperties = convert(s.additionalProperties, { field: true, junctor: ctx.junctor });
  else if (typeof s.additionalProperties === 'boolean') out.additionalProperties = s.additionalProperties;
  if (isObject(s.items)) out.items = convert(s.items, { field: false, junctor: ctx.junctor });

  let junctorProps = false;
  for (const j of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = s[j];
    if (!Array.isArray(list)) continue;
    out[j] = list.map((x) => {
      if (isObject(x) && x.properties !== undefined) junctorProps = true;
      return convert(x, { field: false, junctor: true });
    });
  }
  if (isObject(s.not)) out.not = convert(s.not, { field: false, junctor: true });

  if (s['x-kubernetes-embedded-resource'] === true) {
    const props = isObject(out.properties) ? out.properties : {};
    props.apiVersion ??= { type: 'string' };
    props.kind ??= { type: 'string' };
    props.metadata ??= { type: 'object' };
    out.properties = props;
    out.required = [...new Set([...((out.required as string[]) ?? []), 'apiVersion', 'kind'])];
  }

  // Unknown fields: an object that names its fields (or names none) and keeps no others.
  const isObjectNode = out.type === 'object' || out.properties !== undefined;
  if (isObjectNode && !preserve && !ctx.junctor && !junctorProps && out.additionalProperties === undefined) {
    out.additionalProperties = false;
  }

  if (s.nullable === true || ctx.field) return allowNull(out);
  return out;
}

function allowNull(s: Json): Json {
  if (typeof s.type === 'string' || Array.isArray(s.type)) {
    const t = [s.type].flat() as string[];
    const out: Json = { ...s, type: t.includes('null') ? t : [...t, 'null'] };
    if (Array.isArray(s.enum) && !s.enum.includes(null)) out.enum = [...s.enum, null];
    return out;
  }
  if (Object.keys(s).length === 0) return s;
  return { if: { type: 'null' }, then: true, else: s };
}

/**
 * Whether a pattern can be run on any string in bounded time. Patterns with a quantified
 * group that itself holds a quantifier (`(a+)+`, `(\w*\.)*`) or a quantified alternation
 * (`(a|ab)*`) can backtrack exponentially in JavaScript's engine; they are not checked.
 */
export function isSafePattern(pattern: string): boolean {
  if (pattern.length > 1000) return false;
  // Strip escapes and character classes, which cannot nest quantifiers.
  const bare = pattern.replace(/\\./g, 'x').replace(/\[(?:[^\]\\]|\\.)*\]/g, 'x');
  const stack: Array<{ quant: boolean; alt: boolean }> = [];
  for (let i = 0; i < bare.length; i++) {
    const c = bare[i];
    if (c === '(') stack.push({ quant: false, alt: false });
    else if (c === ')') {
      const g = stack.pop();
      const next = bare[i + 1];
      const quantified = next === '*' || next === '+' || next === '{';
      if (g && quantified && (g.quant || g.alt)) return false;
      if (g && stack.length > 0) {
        const parent = stack[stack.length - 1];
        parent.quant ||= g.quant || quantified;
      }
    } else if (c === '*' || c === '+' || c === '{') {
      if (stack.length > 0) stack[stack.length - 1].quant = true;
    } else if (c === '|') {
      if (stack.length > 0) stack[stack.length - 1].alt = true;
    }
  }
  return true;
}

/** Longest string a pattern is run on; longer values are not checked against it. */
const MAX_PATTERN_INPUT = 4096;

interface RegExpLike {
  test(s: string): boolean;
}

/** ajv's `code.regExp`: patterns that are unsafe, or invalid in JavaScript, always pass. */
export const safePattern = Object.assign(
  (pattern: string, flags: string): RegExpLike => {
    let re: RegExp | undefined;
    if (isSafePattern(pattern)) {
      try {
        re = new RegExp(pattern, flags);
      } catch {
        re = undefined;
      }
    }
    return { test: (s: string) => !re || s.length > MAX_PATTERN_INPUT || re.test(s) };
  },
  { code: 'safePattern' },
);
