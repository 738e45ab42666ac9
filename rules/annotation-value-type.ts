import { defineRule, type Fix } from '../src/engine/rule.js';
import { fieldNoun, metadataEntriesWhere, type MetadataEntry, scopeText } from '../src/model/index.js';

/** How Kubernetes reads a value that is not a string, or undefined for a string. */
function readAs(value: unknown): string | undefined {
  if (typeof value === 'string') return undefined;
  if (value === null || value === undefined) return 'null (no value)';
  if (typeof value === 'boolean') return `the boolean ${value}`;
  if (typeof value === 'number') return `the number ${value}`;
  if (Array.isArray(value)) return 'a list';
  return 'a mapping';
}

/**
 * The fix of a scalar value: a null becomes the empty string, a boolean or number is quoted as
 * written. A list or a mapping has no mechanical fix.
 */
function quoteFix(e: MetadataEntry): Fix {
  const what = `the ${fieldNoun(e.field)} "${e.key}"`;
  return e.value === null || e.value === undefined
    ? { description: `Set ${what} to "".`, edits: [{ path: e.path, value: '' }] }
    : { description: `Quote ${what} as written.`, edits: [{ path: e.path, quote: true }] };
}

export default defineRule({
  meta: {
    id: 'annotation-value-type',
    severity: 'error',
    section: 'A',
    description: 'Label and annotation values must be strings as Kubernetes reads YAML (unquoted true, yes, on, 3 or an empty value are not).',
    remediation: 'Quote the value, for example "true" or "3"; write "" for an empty value.',
    kinds: ['*'],
  },
  check(ctx) {
    for (const e of metadataEntriesWhere(ctx.graph, (_key, value) => typeof value !== 'string')) {
      const as = readAs(e.value);
      if (!as) continue;
      const r = e.block.resource;
      const scalar = e.value === null || typeof e.value !== 'object';
      const fix = scalar
        ? e.value === null
          ? 'Write "" for an empty value, or quote the intended text.'
          : typeof e.value === 'boolean'
            ? 'Quote it exactly as written (for example yes becomes "yes") so it stays text.'
            : 'Quote it exactly as written (for example 0777 becomes "0777") so it stays text.'
        : 'Write the value as one quoted string.';
      ctx.report({
        resource: r,
        path: e.path,
        message: `${r.ref}: the ${fieldNoun(e.field)} "${e.key}"${scopeText(e.block)} is read as ${as}, not a string, and Kubernetes rejects the object. ${fix}`,
        ...(scalar ? { fix: quoteFix(e) } : {}),
      });
    }
  },
});
