// JUnit XML, the test-report format every CI shows: one <testsuite> per linted file, one
// <testcase> per finding (a <failure> whose type is the severity; an <error> for a rule that
// crashed; <skipped> when suppressed), and one passing <testcase> for a file without findings.
// A test case is named by rule, resource and field, never by line, so CI test histories follow a
// finding across edits; the failure text ends with the finding's fingerprint.

import { docUrl, INTERNAL_ERROR } from '../engine/registry.js';
import type { Finding } from '../engine/types.js';
import { addTo } from '../util/multimap.js';
import { compareText } from '../util/order.js';
import { position, reportFingerprints, type Reporter } from './types.js';
import { openTag, xmlText, XML_DECLARATION } from './xml.js';

function caseName(f: Finding): string {
  return [f.ruleId, f.resource, f.path].filter(Boolean).join(' ');
}

function body(f: Finding, fingerprint: string): string {
  const lines = [f.message, '', `at ${position(f)}`, `rule: ${f.ruleId} (${docUrl(f.ruleId)})`];
  if (f.resource) lines.push(`resource: ${f.resource}${f.path ? ` ${f.path}` : ''}`);
  if (f.cluster) lines.push(`cluster: ${f.cluster}`);
  for (const r of f.related) lines.push(`related: ${position(r)} ${r.message}`);
  lines.push(`fingerprint: ${fingerprint}`);
  return lines.join('\n');
}

export const junitReporter: Reporter = (input) => {
  const fingerprints = reportFingerprints(input.findings);
  const suites = new Map<string, Array<{ f: Finding; fingerprint: string }>>();
  const suiteKey = (cluster: string | undefined, file: string) => `${cluster ?? ''}\u0000${file}`;
  input.findings.forEach((f, i) => addTo(suites, suiteKey(f.cluster, f.file), { f, fingerprint: fingerprints[i] }));
  const withFindings = new Set(input.findings.map((f) => f.file));
  for (const file of input.texts.keys()) if (!withFindings.has(file)) suites.set(suiteKey(undefined, file), []);
  const keys = [...suites.keys()].sort(compareText);

  let tests = 0;
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  const out: string[] = [];
  for (const key of keys) {
    const [cluster, file] = key.split('\u0000');
    const cases = suites.get(key)!;
    const s = { tests: Math.max(1, cases.length), failures: 0, errors: 0, skipped: 0 };
    const lines: string[] = [];
    const classname = cluster ? `${cluster}/${file}` : file;
    if (cases.length === 0) lines.push(`    ${openTag('testcase', { classname, name: 'meshlint', file, time: 0 })}/>`);
    for (const { f, fingerprint } of cases) {
      lines.push(`    ${openTag('testcase', { classname, name: caseName(f), file, time: 0 })}>`);
      if (f.suppressed) {
        s.skipped++;
        lines.push(`      ${openTag('skipped', { message: `suppressed (${f.suppressed.kind}): ${f.suppressed.justification}` })}/>`);
      } else {
        const element = f.ruleId === INTERNAL_ERROR ? 'error' : 'failure';
        if (element === 'error') s.errors++;
        else s.failures++;
        lines.push(`      ${openTag(element, { message: f.message, type: f.severity })}>${xmlText(body(f, fingerprint))}</${element}>`);
      }
      lines.push('    </testcase>');
    }
    tests += s.tests;
    failures += s.failures;
    errors += s.errors;
    skipped += s.skipped;
    out.push(`  ${openTag('testsuite', { name: cluster ? `cluster ${cluster}: ${file}` : file, tests: s.tests, failures: s.failures, errors: s.errors, skipped: s.skipped, time: 0 })}>`);
    out.push(...lines, '  </testsuite>');
  }
  const head = `${openTag('testsuites', { name: 'meshlint', tests, failures, errors, skipped, time: 0 })}>`;
  return [XML_DECLARATION, head, ...out, '</testsuites>'].join('\n') + '\n';
};
