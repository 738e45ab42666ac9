// Scalars as Kubernetes reads them. kubectl decodes YAML with a YAML 1.1 reader, so plain
// `yes`, `on`, `y`, `off` are booleans and `0777` is an octal integer. Timestamps and
// sexagesimal numbers stay strings (they decode to strings into untyped fields).
// Two parsers implement the same reading: js-yaml (fast path) and yaml (slow path, positions).

import jsyaml from 'js-yaml';
import type { ScalarTag, Tags } from 'yaml';

const BOOL_TRUE = /^(?:y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const BOOL_FALSE = /^(?:n|N|no|No|NO|false|False|FALSE|off|Off|OFF)$/;
/** YAML 1.1 octals: a leading 0, octal digits and underscores (`0777`, `0_17`, even `0_`). */
const LEGACY_OCTAL = /^[-+]?0[0-7_]+$/;

/**
 * The value of a YAML 1.1 octal as Kubernetes' reader computes it: underscores dropped, then
 * read in base 8 (`0_17` is 15, `0_` is 0). Both parsing paths use it.
 */
function legacyOctal(data: string): number {
  const s = data.replace(/_/g, '');
  const n = parseInt(s.replace(/^[-+]/, ''), 8);
  return intValue(s.startsWith('-') ? -n : n);
}

/** Kubernetes reads integers as Go int64s, which have no negative zero: `-0` is 0. */
function intValue(n: number): number {
  return n === 0 ? 0 : n;
}

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
  construct: legacyOctal,
  predicate: (v: unknown) => typeof v === 'number',
  represent: (v: object) => String(v),
});

// Numbers as Kubernetes' YAML reader resolves them: underscores are dropped before parsing
// (`1_000` is 1000), a float needs a digit (`.`, `._`, `e0` stay strings), a sign may lead a
// fraction (`-.5`), and `0o17` is octal. Both parsers below use these patterns.
const UNDERSCORE_OR_SIGNED_FRACTION = /^(?:[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\.[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?)$/;
const FLOAT_FRACTION = /^[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)$/;
const FLOAT_EXP = /^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)[eE][-+]?[0-9]+$/;
/** Integers with a base prefix, any case, underscores anywhere after it, at least one digit. */
const PREFIXED_INT = /^[-+]?0(?:[xX]_*[0-9a-fA-F][0-9a-fA-F_]*|[oO]_*[0-7][0-7_]*|[bB]_*[01][01_]*)$/;
const RADIX: Record<string, number> = { x: 16, o: 8, b: 2 };

/**
 * The value of a prefixed integer (`0x1F`, `0o17`, `0b101`, `0X_1f`) as Kubernetes' reader
 * computes it: underscores dropped, read in the prefix's base; undefined when it does not fit
 * a 64-bit integer (Go's parsers refuse it, and it stays a string). Both paths use it.
 */
function prefixedInt(data: string): number | undefined {
  const s = data.replace(/_/g, '');
  const neg = s.startsWith('-');
  const body = s.replace(/^[-+]/, '');
  const radix = RADIX[body[1].toLowerCase()];
  const digits = body.slice(2);
  const exact = BigInt(`0${body[1].toLowerCase()}${digits}`);
  if (exact > (neg ? 2n ** 63n : 2n ** 64n - 1n)) return undefined;
  const n = parseInt(digits, radix);
  return intValue(neg ? -n : n);
}

/** Starts with a sign and a point, as `-.5` does. */
function signedFraction(data: string): boolean {
  const c = data.charCodeAt(0);
  return (c === 0x2d || c === 0x2b) && data.charCodeAt(1) === 0x2e;
}

/** Prefixed integers as Kubernetes reads them (js-yaml's refuse `0X1F` and a trailing `_`). */
const prefixed11 = new jsyaml.Type('tag:meshlint,2026:prefixed11', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && numberShaped(data) && PREFIXED_INT.test(data) && prefixedInt(data) !== undefined,
  construct: (data: string) => prefixedInt(data),
  predicate: (v: unknown) => typeof v === 'number',
  represent: (v: object) => String(v),
});

/** js-yaml's core numbers refuse underscores and `-.5`; read them as Kubernetes does. */
const number11 = new jsyaml.Type('tag:meshlint,2026:number11', {
  kind: 'scalar',
  resolve: (data: string | null) =>
    data !== null &&
    numberShaped(data) &&
    (data.includes('_') || signedFraction(data)) &&
    UNDERSCORE_OR_SIGNED_FRACTION.test(data) &&
    Number.isFinite(Number(data.replace(/_/g, ''))),
  construct: (data: string) => {
    const s = data.replace(/_/g, '');
    return /[.eE]/.test(s) ? Number(s) : intValue(Number(s));
  },
  predicate: (v: unknown) => typeof v === 'number',
  represent: (v: object) => String(v),
});

const coreImplicit = (jsyaml.CORE_SCHEMA as any).compiledImplicit as jsyaml.Type[];

type TypeFns = { resolve: (d: string | null) => boolean; construct: (d: string) => unknown };

/** A copy of a core type that turns away, without its pattern, what cannot start a number. */
function numberGuarded(t: jsyaml.Type): jsyaml.Type {
  const { resolve } = t as unknown as TypeFns;
  return Object.assign(Object.create(Object.getPrototypeOf(t)) as jsyaml.Type, t, {
    resolve: (data: string | null) => data !== null && numberShaped(data) && resolve(data),
  });
}

/**
 * The core integers as Kubernetes reads them: one too large for a float stays a string (Go's
 * parsers refuse it), and `-0` is 0. Prefixed integers are prefixed11's alone.
 */
function intGuarded(t: jsyaml.Type): jsyaml.Type {
  const { resolve, construct } = t as unknown as TypeFns;
  return Object.assign(Object.create(Object.getPrototypeOf(t)) as jsyaml.Type, t, {
    resolve: (data: string | null) =>
      data !== null && numberShaped(data) && resolve(data) && !PREFIXED_INT.test(data) && Number.isFinite(construct(data)),
    construct: (data: string) => intValue(construct(data) as number),
  });
}

/** The core schema's implicit types: its booleans dropped, its numbers guarded. */
function coreTypes(): jsyaml.Type[] {
  const tagOf = (t: jsyaml.Type) => (t as unknown as { tag: string }).tag;
  return coreImplicit
    .filter((t) => tagOf(t) !== 'tag:yaml.org,2002:bool')
    .map((t) => (tagOf(t) === 'tag:yaml.org,2002:float' ? numberGuarded(t) : tagOf(t) === 'tag:yaml.org,2002:int' ? intGuarded(t) : t));
}

/**
 * js-yaml schema for the fast path: the YAML 1.2 core schema with its booleans replaced by the
 * YAML 1.1 ones, and legacy octals tried before the core integers.
 */
export const JSYAML_SCHEMA = new jsyaml.Schema({
  implicit: [
    bool11,
    octal11,
    prefixed11,
    number11,
    ...coreTypes(),
  ],
  explicit: [...((jsyaml.CORE_SCHEMA as any).compiledExplicit as jsyaml.Type[])],
});

const prefixed: ScalarTag = {
  default: true,
  tag: 'tag:meshlint,2026:prefixed',
  test: PREFIXED_INT,
  // A value too large stays the text it was, as Kubernetes reads it.
  resolve: (str: string) => prefixedInt(str) ?? str,
};

/**
 * A number tag as Kubernetes reads it: a value too large for a float stays the string it was
 * (Go's parsers refuse it), and an integer's `-0` is 0.
 */
function asKubernetesReads(t: ScalarTag, integer: boolean): ScalarTag {
  const resolve = t.resolve as (str: string, ...rest: unknown[]) => unknown;
  return {
    ...t,
    resolve: (str: string, ...rest: unknown[]) => {
      const v = resolve(str, ...rest);
      if (typeof v !== 'number') return v;
      if (!Number.isFinite(v)) return str;
      return integer ? intValue(v) : v;
    },
  } as ScalarTag;
}

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
      const int = t.tag === 'tag:yaml.org,2002:int';
      // Prefixed integers are read by one tag of ours, as on the fast path.
      if (int && (st.format === 'HEX' || st.format === 'BIN')) continue;
      // .inf and .nan stay as they are.
      const float = t.tag === 'tag:yaml.org,2002:float' && !(st.test !== undefined && /nan/i.test(st.test.source));
      if (!int && !float) {
        out.push(t);
        continue;
      }
      let read = st;
      if (int && st.format === 'OCT') read = { ...st, test: LEGACY_OCTAL, resolve: legacyOctal };
      else if (float && st.test && st.format === undefined) read = { ...st, test: FLOAT_FRACTION };
      else if (float && st.test && st.format === 'EXP') read = { ...st, test: FLOAT_EXP };
      out.push(asKubernetesReads(read, int));
    }
    out.push(prefixed);
    return out;
  },
};
