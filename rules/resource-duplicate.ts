import { defineRule } from '../src/engine/rule.js';
import { addTo, type Resource } from '../src/model/index.js';

/** Input order: file path, then document, then position in a `kind: List`. */
function compareInputOrder(a: Resource, b: Resource): number {
  if (a.file.path !== b.file.path) return a.file.path < b.file.path ? -1 : 1;
  if (a.docIndex !== b.docIndex) return a.docIndex - b.docIndex;
  const n = Math.max(a.base.length, b.base.length);
  for (let i = 0; i < n; i++) {
    const x = a.base[i];
    const y = b.base[i];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

function where(r: Resource): string {
  const item = r.base.length >= 2 && typeof r.base[r.base.length - 1] === 'number' ? `, item ${(r.base[r.base.length - 1] as number) + 1}` : '';
  return `${r.file.path} (document ${r.docIndex + 1}${item})`;
}

export default defineRule({
  meta: {
    id: 'resource-duplicate',
    severity: 'error',
    section: 'A',
    description: 'Two documents must not define the same object (API group, kind, namespace and name).',
    remediation: 'Delete one of the two definitions, or give one a different name or namespace.',
    kinds: ['*'],
  },
  check(ctx) {
    for (const same of ctx.graph.sameNamed()) {
      // The index is by kind, namespace and name; the API group splits it further.
      const byGroup = new Map<string, Resource[]>();
      for (const x of same) addTo(byGroup, x.group, x);
      for (const list of byGroup.values()) {
        if (list.length < 2) continue;
        const sorted = [...list].sort(compareInputOrder);
        const first = sorted[0];
        for (const dup of sorted.slice(1)) {
          ctx.report({
            resource: dup,
            path: ['metadata', 'name'],
            message: `${dup.ref} is defined more than once: ${where(first)} defines it first, and applying both lets the later definition overwrite the earlier one. Delete one, or rename it.`,
            related: [{ resource: first, path: ['metadata', 'name'], message: `The first definition of ${first.ref}.` }],
          });
        }
      }
    }
  },
});
