// The rule catalogue as a table: `meshlint rules`, and the README (scripts/readme.mjs).

import type { RuleMeta } from '../engine/rule.js';
import { compareText } from '../util/order.js';

export const SECTIONS: Record<RuleMeta['section'], string> = {
  A: 'Input and Kubernetes hygiene',
  B: 'Meshing Emissary-ingress with Linkerd',
  C: 'Emissary as the Linkerd multicluster gateway',
  D: 'Exported Services and Links',
  E: 'Emissary routing hygiene',
  G: 'Emissary 2.x/3.x configuration',
};

/** Markdown table of the rules, grouped by section, in the order of the catalogue. */
export function ruleTable(rules: readonly RuleMeta[]): string {
  const rows = ['| rule | severity | section | what it checks |', '|---|---|---|---|'];
  const sorted = [...rules].sort((a, b) => compareText(a.section, b.section) || compareText(a.id, b.id));
  for (const r of sorted) {
    rows.push(`| [\`${r.id}\`](rules/${r.id}.md) | ${r.severity} | ${r.section}. ${SECTIONS[r.section]} | ${r.description.replace(/\|/g, '\\|')} |`);
  }
  return rows.join('\n');
}
