// Scalars as Kubernetes reads them. kubectl decodes YAML with a YAML 1.1 reader, so plain
// `yes`, `on`, `y`, `off` are booleans and `0777` is an octal integer. Timestamps and
// sexagesimal numbers stay strings (they decode to strings into untyped fields).
// Two parsers implement the same reading: js-yaml (fast path) and yaml (slow path, positions).

import jsyaml from 'js-yaml';
import type { ScalarTag, CollectionTag, TagId, Tags } from 'yaml';

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

const coreImplicit = (jsyaml.CORE_SCHEMA as any).compiledImplicit as jsyaml.Type[];

/**
 * js-yaml schema for the fast path: the YAML 1.2 core schema with its booleans replaced by the
 * YAML 1.1 ones, and legacy octals tried before the core integers.
 */
export const JSYAML_SCHEMA = new jsyaml.Schema({
  implicit: [
    bool11,
    octal11,
    ...coreImplicit.filter((t) => (t as unknown as { tag: string }).tag !== 'tag:yaml.org,2002:bool'),
  ],
  explicit: [...((jsyaml.CORE_SCHEMA as any).compiledExplicit as jsyaml.Type[])],
});

/** yaml-package options for the same reading: the YAML 1.1 schema without timestamps and sexagesimals. */
export const YAML_OPTIONS = {
  version: '1.1' as const,
  customTags: (tags: Tags): Tags =>
    tags.filter((t: ScalarTag | CollectionTag | TagId) => {
      if (typeof t === 'string') return true;
      if (t.tag === 'tag:yaml.org,2002:timestamp') return false;
      if ((t as ScalarTag).format === 'TIME') return false;
      return true;
    }),
};
