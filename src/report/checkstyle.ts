// Checkstyle XML, as Jenkins (warnings-ng), reviewdog and other CI tools read it: one <file> per
// file with findings, one <error> per finding. Paths are absolute, as Checkstyle writes them (a
// file read from standard input keeps its name). Suppressed findings are left out; Checkstyle's
// format has no place for a fingerprint.

import type { Finding } from '../engine/types.js';
import { addTo } from '../util/multimap.js';
import { absolutePath, type Reporter } from './types.js';
import { openTag, XML_DECLARATION } from './xml.js';

/** Checkstyle's severities: error, warning, info (and ignore). */
const SEVERITY: Record<Finding['severity'], string> = { error: 'error', warning: 'warning', note: 'info' };

export const checkstyleReporter: Reporter = (input) => {
  const out = [XML_DECLARATION, '<checkstyle version="4.3">'];
  const byFile = new Map<string, Finding[]>();
  for (const f of input.findings) if (!f.suppressed) addTo(byFile, f.file, f);
  for (const [file, findings] of byFile) {
    out.push(`  ${openTag('file', { name: absolutePath(input, file) })}>`);
    for (const f of findings) {
      out.push(`    ${openTag('error', { line: f.line, column: f.column, severity: SEVERITY[f.severity], message: f.message, source: `meshlint.${f.ruleId}` })}/>`);
    }
    out.push('  </file>');
  }
  out.push('</checkstyle>');
  return out.join('\n') + '\n';
};
