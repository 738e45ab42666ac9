// Scalars as Kubernetes reads them. kubectl decodes YAML with a YAML 1.1 reader, so plain
// `yes`, `on`, `y`, `off` are booleans and `0777` is an octal integer. Timestamps and
// sexagesimal numbers stay strings (they decode to strings into untyped fields).
// Two parsers implement the same reading: js-yaml (fast path) and yaml (slow path, positions).

import jsyaml from 'js-yaml';
import type { ScalarTag, Tags } from 'yaml';

const BOOL_TRUE = /^(?:y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const BOOL_FALSE = /^(?:n|N|no|No|NO|false|False|FALSE|off|Off|OFF)$/;
const LEGACY_OCTAL = /^[-+]?0[0-7]+$/;

const bool11 = new jsyaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && (BOOL_TRUE.test(data) || BOOL_FALSE.test(data)),
  construct: (data: string) => BOOL_TRUE.test(data),
  predicate: (v: unknown) => typeof v === 'boolean',
  represent: (v: object) => String(v),
});

const octal11 = new jsyaml.Type('tag:meshlint,2026:octal11', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && LEGACY_OCTAL.test(data),
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

/** js-yaml's core numbers refuse underscores and `-.5`; read them as Kubernetes does. */
const number11 = new jsyaml.Type('tag:meshlint,2026:number11', {
  kind: 'scalar',
  resolve: (data: string | null) =>
    data !== null && UNDERSCORE_OR_SIGNED_FRACTION.test(data) && (data.includes('_') || /^[-+]\./.test(data)),
  construct: (data: string) => Number(data.replace(/_/g, '')),
  predicate: (v: unknown) => typeof v === 'number',
  represent: (v: object) => String(v),
});

const coreImplicit = (jsyaml.CORE_SCHEMA as any).compiledImplicit as jsyaml.Type[];

/**
 * js-yaml schema for the fast path: the YAML 1.2 core schema with its booleans replaced by the
 * YAML 1.1 ones, and legacy octals tried before the core integers.
 */
export const JSYAML_SCHEMA = new jsyaml.Schema({
  implicit: [
    bool11,
    octal11,
    number11,
    ...coreImplicit.filter((t) => (t as unknown as { tag: string }).tag !== 'tag:yaml.org,2002:bool'),
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
