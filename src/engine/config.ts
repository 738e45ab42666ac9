// `.meshlint.yaml`: found from the working directory upward, or named with --config.
// Validated with ajv; a bad config is a usage error (exit 2) whose message names the bad key.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { parse as parseYaml } from 'yaml';
import type { SeverityOrOff } from './types.js';
import type { RenderOptions } from '../load/render.js';

// ajv is loaded only when there is a config file to check.
const loadAjv = (): any => {
  const m = createRequire(import.meta.url)('ajv');
  return m.default ?? m;
};

export const CONFIG_NAMES = ['.meshlint.yaml', '.meshlint.yml'];

export interface Override {
  files: string[];
  rules: Record<string, SeverityOrOff>;
}

export interface Config {
  rules?: Record<string, SeverityOrOff>;
  /** Namespace of namespaced objects that name none, as `kubectl apply -n` (default `default`). */
  namespace?: string;
  linkerd?: { version?: string | number; namespace?: string; trustDomain?: string; clusterDomain?: string; multicluster?: { probePort?: number } };
  emissary?: { version?: string | number; workloads?: string[] };
  ignore?: string[];
  /** Cluster name → paths, for linting several clusters at once. */
  clusters?: Record<string, string | string[]>;
  /** Paths to CustomResourceDefinitions for crd-schema. */
  crds?: string[];
  overrides?: Override[];
  maxFileBytes?: number;
  /** Parse limits: documents per file, nesting depth, alias resolutions per document. */
  maxDocuments?: number;
  maxDepth?: number;
  maxAliasCount?: number;
  suppressions?: { requireReason?: boolean; annotations?: boolean; reportUnused?: boolean };
  /** Rendering kustomizations and Helm charts; `false` turns it off. */
  render?: Omit<RenderOptions, 'timeoutMs'>;
}

export class ConfigError extends Error {}

const severity = { enum: ['error', 'warning', 'note', 'off'] };
const version = { type: ['string', 'number'] };
const stringList = { type: 'array', items: { type: 'string' } };

export const CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    rules: { type: 'object', additionalProperties: severity },
    namespace: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 },
    linkerd: {
      type: 'object',
      additionalProperties: false,
      properties: {
        version,
        namespace: { type: 'string' },
        trustDomain: { type: 'string' },
        clusterDomain: { type: 'string' },
        // The source cluster's probe Service port (the multicluster chart's probe.port).
        multicluster: { type: 'object', additionalProperties: false, properties: { probePort: { type: 'integer', minimum: 1, maximum: 65535 } } },
      },
    },
    emissary: {
      type: 'object',
      additionalProperties: false,
      properties: { version, workloads: { type: 'array', items: { type: 'string', pattern: '^[^/]+/[^/]+$' } } },
    },
    ignore: stringList,
    clusters: { type: 'object', additionalProperties: { anyOf: [{ type: 'string' }, stringList] } },
    crds: stringList,
    overrides: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['files'],
        properties: { files: stringList, rules: { type: 'object', additionalProperties: severity } },
      },
    },
    maxFileBytes: { type: 'integer', minimum: 1 },
    maxDocuments: { type: 'integer', minimum: 1 },
    maxDepth: { type: 'integer', minimum: 1, maximum: 1000 },
    maxAliasCount: { type: 'integer', minimum: 0 },
    suppressions: {
      type: 'object',
      additionalProperties: false,
      properties: { requireReason: { type: 'boolean' }, annotations: { type: 'boolean' }, reportUnused: { type: 'boolean' } },
    },
    render: {
      type: 'object',
      additionalProperties: false,
      properties: {
        enabled: { type: 'boolean' },
        kustomize: { type: 'string', minLength: 1 },
        helm: { type: 'string', minLength: 1 },
        helmValues: stringList,
        remote: { type: 'boolean' },
        plugins: { type: 'boolean' },
      },
    },
  },
};

/** Find `.meshlint.yaml` from `dir` upward. */
export function findConfig(dir: string): string | undefined {
  let cur = path.resolve(dir);
  for (;;) {
    for (const n of CONFIG_NAMES) {
      const p = path.join(cur, n);
      if (existsSync(p)) return p;
    }
    const up = path.dirname(cur);
    if (up === cur) return undefined;
    cur = up;
  }
}

export function loadConfig(file: string, knownRules: ReadonlySet<string>): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read config ${file}: ${(err as Error).message}`);
  }
  let data: unknown;
  try {
    data = parseYaml(text, { prettyErrors: true }) ?? {};
  } catch (err) {
    throw new ConfigError(`config ${file} is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  return validateConfig(data, file, knownRules);
}

export function validateConfig(data: unknown, file: string, knownRules: ReadonlySet<string>): Config {
  const Ajv = loadAjv();
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(CONFIG_SCHEMA);
  if (!validate(data)) {
    const e = validate.errors[0];
    const where = (e.instancePath || '').split('/').slice(1).join('.');
    if (e.keyword === 'additionalProperties') {
      const key = where ? `${where}.${e.params.additionalProperty}` : e.params.additionalProperty;
      throw new ConfigError(`config ${file}: unknown key "${key}"`);
    }
    if (e.keyword === 'enum') {
      throw new ConfigError(`config ${file}: "${where}" must be one of ${e.params.allowedValues.join(', ')}`);
    }
    throw new ConfigError(`config ${file}: "${where || '(root)'}" ${e.message}`);
  }
  const cfg = data as Config;
  const checkRules = (rules: Record<string, unknown> | undefined, where: string) => {
    for (const id of Object.keys(rules ?? {})) {
      if (!knownRules.has(id)) throw new ConfigError(`config ${file}: unknown rule "${where}.${id}"`);
    }
  };
  checkRules(cfg.rules, 'rules');
  cfg.overrides?.forEach((o, i) => checkRules(o.rules, `overrides[${i}].rules`));
  return cfg;
}
