// The default report: grouped by cluster and file, `line:col  severity  message  rule-id`, a short
// code frame under each finding, and a summary line.

import pc from 'picocolors';
import type { Finding } from '../engine/types.js';
import { countFindings, plural, position, problemSummary, totalOf, type Reporter } from './types.js';

export const textReporter: Reporter = (input) => {
  const c = pc.createColors(input.color);
  const sev = (s: Finding['severity']) => (s === 'error' ? c.red('error  ') : s === 'warning' ? c.yellow('warning') : c.blue('note   '));
  const shown = input.findings.filter((f) => !f.suppressed);
  const out: string[] = [];
  const multiCluster = shown.some((f) => f.cluster);
  let cluster: string | undefined | null = null;
  let file: string | undefined;
  const lines = new Map<string, string[]>();
  const textLines = (p: string) => {
    let l = lines.get(p);
    if (!l) {
      l = (input.texts.get(p) ?? '').split(/\r?\n/);
      lines.set(p, l);
    }
    return l;
  };
  for (const f of shown) {
    let header = false;
    if (multiCluster && f.cluster !== cluster) {
      cluster = f.cluster;
      file = undefined;
      if (out.length) out.push('');
      out.push(c.bold(c.magenta(`cluster ${f.cluster ?? '(default)'}`)));
      header = true;
    }
    if (f.file !== file) {
      file = f.file;
      if (out.length && !header) out.push('');
      out.push(c.underline(f.file));
    }
    out.push(`  ${c.dim(`${f.line}:${f.column}`.padEnd(7))} ${sev(f.severity)}  ${f.message}  ${c.dim(f.ruleId)}`);
    out.push(...codeFrame(textLines(f.file), f, c));
    for (const r of f.related) out.push(`    ${c.dim(`related: ${position(r)} ${r.message}`)}`);
  }
  const n = countFindings(input.findings);
  if (out.length) out.push('');
  if (totalOf(n) === 0) out.push(c.green(`✔ no problems in ${plural(input.fileCount, 'file')}`));
  else {
    const summary = `✖ ${problemSummary(n, input.fileCount)}`;
    out.push(n.errors > 0 ? c.red(c.bold(summary)) : c.yellow(c.bold(summary)));
  }
  return out.join('\n') + '\n';
};

function codeFrame(lines: string[], f: Finding, c: ReturnType<typeof pc.createColors>): string[] {
  if (f.line < 1 || f.line > lines.length) return [];
  const out: string[] = [];
  const width = String(f.line + 1).length;
  const from = Math.max(1, f.line - 1);
  for (let n = from; n <= Math.min(lines.length, f.line); n++) {
    const marker = n === f.line ? c.red('>') : ' ';
    out.push(`    ${marker} ${c.dim(String(n).padStart(width))} | ${lines[n - 1].replace(/\t/g, ' ')}`);
  }
  const endCol = f.endLine === f.line ? f.endColumn : lines[f.line - 1].length;
  const len = Math.max(1, endCol - f.column + 1);
  out.push(`      ${' '.repeat(width)} | ${' '.repeat(Math.max(0, f.column - 1))}${c.red('^'.repeat(len))}`);
  return out;
}
