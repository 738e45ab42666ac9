// GitHub Actions workflow commands: one `::error` / `::warning` / `::notice` annotation per
// finding, shown on the changed lines of a pull request, then a summary line for the log.
// https://docs.github.com/actions/reference/workflow-commands-for-github-actions

import type { Finding } from '../engine/types.js';
import { countFindings, plural, position, problemSummary, totalOf, type Reporter } from './types.js';

/** Escape the message part of a workflow command. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escape a property value of a workflow command. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const LEVEL: Record<Finding['severity'], string> = { error: 'error', warning: 'warning', note: 'notice' };

export function annotation(f: Finding): string {
  const props = [
    `file=${escapeProperty(f.file)}`,
    `line=${f.line}`,
    `endLine=${f.endLine}`,
    ...(f.line === f.endLine ? [`col=${f.column}`, `endColumn=${f.endColumn}`] : [`col=${f.column}`]),
    `title=${escapeProperty(`meshlint ${f.ruleId}`)}`,
  ];
  let message = f.message;
  for (const r of f.related) message += `\nRelated: ${position(r)} ${r.message}`;
  if (f.cluster) message += `\nCluster: ${f.cluster}`;
  return `::${LEVEL[f.severity]} ${props.join(',')}::${escapeData(message)}`;
}

export const githubReporter: Reporter = (input) => {
  const shown = input.findings.filter((f) => !f.suppressed);
  const out = shown.map(annotation);
  const n = countFindings(input.findings);
  out.push(totalOf(n) === 0 ? `meshlint: no problems in ${plural(input.fileCount, 'file')}` : `meshlint: ${problemSummary(n, input.fileCount)}`);
  return out.join('\n') + '\n';
};
