// Scalars as Kubernetes reads them. kubectl decodes YAML with a YAML 1.1 reader, so plain
// `yes`, `on`, `y`, `off` are booleans and `0777` is an octal integer. Timestamps and
// sexagesimal numbers stay strings (they decode to strings into untyped fields).
// Two parsers implement the same reading: js-yaml (fast path) and yaml (slow path, positions).

import jsyaml from 'js-yaml';
import type { ScalarTag, Tags } from 'yaml';

const BOOL_TRUE = /^(?:y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const BOOL_FALSE = /^(?:n|N|no|No|NO|false|False|FALSE|off|Off|OFF)$/;
const LEGACY_OCTAL = /^[-+]?0[0-7]+$/;

// js-yaml tries every implicit type on every plain scalar, keys included, and most are plain
// words; the cheap checks in front of the patterns below turn those away without a regex.
// Each check is implied by its pattern, so the result is the pattern's.

/** Could be a YAML 1.1 boolean: 1–5 characters starting with y, n, t, f or o. */
function boolShaped(data: string): boolean {
  if (data.length === 0 || data.length > 5) return false;
  const c = data.charCodeAt(0) | 0x20; // lower case
  return c === 0x79 /* y */ || c === 0x6e /* n */ || c === 0x74 /* t */ || c === 0x66 /* f */ || c === 0x6f /* o */;
}

/** Starts as a number can: a sign, a digit or a point. */
function numberShaped(data: string): boolean {
  const c = data.charCodeAt(0);
  return (c >= 0x30 && c <= 0x39) || c === 0x2d /* - */ || c === 0x2b /* + */ || c === 0x2e /* . */;
}

const bool11 = new jsyaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && boolShaped(data) && (BOOL_TRUE.test(data) || BOOL_FALSE.test(data)),
  construct: (data: string) => BOOL_TRUE.test(data),
  predicate: (v: unknown) => typeof v === 'boolean',
  represent: (v: object) => String(v),
});

const octal11 = new jsyaml.Type('tag:meshlint,2026:octal11', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && numberShaped(data) && LEGACY_OCTAL.test(data),
  construct: (data: string) => {
    const neg = data.startsWith('-');
    const digits = data.replace(/^[-+]?0/, '');
    const n = parseInt(digits, 8);
    return neg ? -n : n;
  },
  predicate: (v: unknown) => typeof v === 'number',
  represent: (v: object) => String(v),
});

// Numbers as Kubernetes' YAML reader resolves them: underscores are dropped before parsing
// (`1_000` is 1000), a float needs a digit (`.`, `._`, `e0` stay strings), a sign may lead a
// fraction (`-.5`), and `0o17` is octal. Both parsers below use these patterns.
const UNDERSCORE_OR_SIGNED_FRACTION = /^(?:[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\.[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?)$/;
const FLOAT_FRACTION = /^[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)$/;
const FLOAT_EXP = /^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)[eE][-+]?[0-9]+$/;
const OCTAL_O = /^[-+]?0o[0-7_]+$/;

/** Starts with a sign and a point, as `-.5` does. */
function signedFraction(data: string): boolean {
  const c = data.charCodeAt(0);
  return (c === 0x2d || c === 0x2b) && data.charCodeAt(1) === 0x2e;
}

/** js-yaml's core numbers refuse underscores and `-.5`; read them as Kubernetes does. */
const number11 = new jsyaml.Type('tag:meshlint,2026:number11', {
  kind: 'scalar',
  resolve: (data: string | null) =>
    data !== null && numberShaped(data) && (data.includes('_') || signedFraction(data)) && UNDERSCORE_OR_SIGNED_FRACTION.test(data),
  construct: (data: string) => Number(data.replace(/_/g, '')),
  predicate: (v: unknown) => typeof v === 'number',
  represent: (v: object) => String(v),
});

const coreImplicit = (jsyaml.CORE_SCHEMA as any).compiledImplicit as jsyaml.Type[];

/** A copy of a core type that turns away, without its pattern, what cannot start a number. */
function numberGuarded(t: jsyaml.Type): jsyaml.Type {
  const resolve = (t as unknown as { resolve: (d: string | null) => boolean }).resolve;
  return Object.assign(Object.create(Object.getPrototypeOf(t)) as jsyaml.Type, t, {
    resolve: (data: string | null) => data !== null && numberShaped(data) && resolve(data),
  });
}

/** The core schema's implicit types: its booleans dropped, its floats guarded (ints reject fast). */
function coreTypes(): jsyaml.Type[] {
  const tagOf = (t: jsyaml.Type) => (t as unknown as { tag: string }).tag;
  return coreImplicit
    .filter((t) => tagOf(t) !== 'tag:yaml.org,2002:bool')
    .map((t) => (tagOf(t) === 'tag:yaml.org,2002:float' ? numberGuarded(t) : t));
}

/**
 * js-yaml schema for the fast path: the YAML 1.2 core schema with its booleans replaced by the
 * YAML 1.1 ones, and legacy octals tried before the core integers.
 */
export const JSYAML_SCHEMA = new jsyaml.Schema({
  implicit: [
    bool11,
    octal11,
    number11,
    ...coreTypes(),
  ],
  explicit: [...((jsyaml.CORE_SCHEMA as any).compiledExplicit as jsyaml.Type[])],
});

const octalO: ScalarTag = {
  default: true,
  tag: 'tag:meshlint,2026:octal-o',
  test: OCTAL_O,
  resolve: (str: string) => {
    const n = parseInt(str.replace(/_/g, '').replace(/^([-+]?)0o/, '$1'), 8);
    return n;
  },
};

/**
 * yaml-package options for the same reading: the YAML 1.1 schema without timestamps and
 * sexagesimals, with floats that need a digit, and `0o` octals.
 */
export const YAML_OPTIONS = {
  version: '1.1' as const,
  customTags: (tags: Tags): Tags => {
    const out: Tags = [];
    for (const t of tags) {
      if (typeof t === 'string') {
        out.push(t);
        continue;
      }
      const st = t as ScalarTag;
      if (t.tag === 'tag:yaml.org,2002:timestamp' || st.format === 'TIME') continue;
      const special = st.test !== undefined && /nan/i.test(st.test.source); // .inf and .nan stay as they are
      if (t.tag === 'tag:yaml.org,2002:float' && st.test && !special && st.format === undefined) out.push({ ...st, test: FLOAT_FRACTION });
      else if (t.tag === 'tag:yaml.org,2002:float' && st.test && st.format === 'EXP') out.push({ ...st, test: FLOAT_EXP });
      else out.push(t);
    }
    out.push(octalO);
    return out;
  },
};
