// Machine-readable report. The shape is documented in the README and versioned by `version`.

import { countFindings, type Reporter } from './types.js';

export const JSON_REPORT_VERSION = 1;

export const jsonReporter: Reporter = (input) => {
  const counts = countFindings(input.findings);
  const files = [...new Set(input.findings.map((f) => f.file))].sort();
  const report = {
    version: JSON_REPORT_VERSION,
    tool: { name: 'meshlint', version: input.toolVersion },
    summary: { ...counts, filesLinted: input.fileCount, filesWithFindings: files.length },
    findings: input.findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      file: f.file,
      line: f.line,
      column: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
      resource: f.resource ?? null,
      path: f.path ?? null,
      cluster: f.cluster ?? null,
      related: f.related,
      fingerprint: f.fingerprint,
      ...(f.suppressed ? { suppressed: f.suppressed } : {}),
    })),
  };
  return JSON.stringify(report, null, 2) + '\n';
};
