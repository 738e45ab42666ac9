// A Markdown summary for $GITHUB_STEP_SUMMARY or a pull-request comment: counts, a table of the
// findings, and a Mermaid picture of the graph around them.

import { docUrl } from '../engine/registry.js';
import { aroundFindings, buildGraphModel, toMermaid } from './graph.js';
import type { Finding } from '../engine/types.js';
import { countFindings, plural, position, problemSummary, totalOf, type Reporter } from './types.js';

/** Most rows in the table; the rest are counted. */
export const MAX_ROWS = 200;

const ICON: Record<Finding['severity'], string> = { error: '❌ error', warning: '⚠️ warning', note: 'ℹ️ note' };

/** Text for a table cell: no line breaks, pipes escaped. */
export function cell(s: string): string {
  return s.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

/** Inline code that survives backticks inside. */
export function code(s: string): string {
  const longest = Math.max(0, ...[...s.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${cell(s)}${pad}${fence}`;
}

export const markdownReporter: Reporter = (input) => {
  const shown = input.findings.filter((f) => !f.suppressed);
  const suppressed = input.findings.length - shown.length;
  const n = countFindings(input.findings);
  const out: string[] = ['## meshlint', ''];
  const tail = suppressed ? `; ${plural(suppressed, 'suppressed finding')} not shown` : '';
  if (totalOf(n) === 0) {
    out.push(`✅ No problems in ${plural(input.fileCount, 'file')}${tail}.`);
    return out.join('\n') + '\n';
  }
  out.push(`${problemSummary(n, input.fileCount, (s) => `**${s}**`)}${tail}.`, '');
  const multiCluster = shown.some((f) => f.cluster);
  out.push(`| Severity | Rule | Location | Resource | Message |`);
  out.push(`|---|---|---|---|---|`);
  for (const f of shown.slice(0, MAX_ROWS)) {
    const where = `${multiCluster ? `${f.cluster ?? '(default)'}: ` : ''}${position(f)}`;
    out.push(`| ${ICON[f.severity]} | [${code(f.ruleId)}](${docUrl(f.ruleId)}) | ${code(where)} | ${f.resource ? code(f.resource) : ''} | ${cell(f.message)} |`);
  }
  if (shown.length > MAX_ROWS) out.push('', `… and ${plural(shown.length - MAX_ROWS, 'more finding')}; the full list is in the SARIF or JSON report.`);
  if (input.graphs) {
    const around = aroundFindings(buildGraphModel(input.graphs, shown));
    if (around.model.nodes.length > 0) {
      out.push('', '### Where the findings are', '');
      out.push('Resources with findings are outlined red; a red edge is a link that a finding breaks, labelled with the rule.', '');
      out.push('```mermaid', toMermaid(around.model).trimEnd(), '```');
      if (around.truncated) out.push('', '_Only the resources with findings are drawn; the graph around them is too large._');
    }
  }
  return out.join('\n') + '\n';
};
