// GitLab Code Quality (a subset of the Code Climate issue format) for merge-request widgets:
// a JSON array of issues with description, check_name, fingerprint, severity and a location
// whose path is relative to the repository root. Fingerprints are the SARIF ones (unique within
// the report: GitLab shows only the first issue of a fingerprint). Suppressed findings are left
// out.

import { docUrl } from '../engine/registry.js';
import type { Finding } from '../engine/types.js';
import { securitySeverity } from './security.js';
import { reportFingerprints, rootPath, type Reporter } from './types.js';

/** GitLab's severities are info, minor, major, critical and blocker. */
function severity(f: Finding): string {
  if (f.severity === 'note') return 'info';
  if (f.severity === 'warning') return 'minor';
  return (securitySeverity(f.ruleId) ?? 0) >= 7 ? 'critical' : 'major';
}

export const gitlabReporter: Reporter = (input) => {
  const fingerprints = reportFingerprints(input.findings);
  const issues = input.findings.flatMap((f, i) => {
    if (f.suppressed) return [];
    return [
      {
        type: 'issue',
        check_name: f.ruleId,
        description: f.message,
        content: { body: `[${f.ruleId}](${docUrl(f.ruleId)})${f.resource ? ` on ${f.resource}` : ''}${f.cluster ? ` (cluster ${f.cluster})` : ''}` },
        categories: [securitySeverity(f.ruleId) !== undefined ? 'Security' : 'Bug Risk'],
        location: { path: rootPath(input, f.file) ?? f.file, lines: { begin: f.line, end: f.endLine } },
        severity: severity(f),
        fingerprint: fingerprints[i],
      },
    ];
  });
  return JSON.stringify(issues, null, 2) + '\n';
};
