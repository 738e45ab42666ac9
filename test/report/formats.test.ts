// JUnit XML, Checkstyle XML and GitLab Code Quality JSON: each report read back by a reader of its
// format (an XML parser; GitLab's documented issue shape as a JSON Schema), on real findings and
// on hostile text (XML special characters, control characters, lone surrogates).

import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/lint.js';
import { FORMATS, reporterFor } from '../../src/report/index.js';
import { checkstyleReporter } from '../../src/report/checkstyle.js';
import { gitlabReporter } from '../../src/report/gitlab.js';
import { junitReporter } from '../../src/report/junit.js';
import { sarifReporter } from '../../src/report/sarif.js';
import { reportFingerprints, type ReportInput } from '../../src/report/types.js';
import { xmlAttr, xmlText } from '../../src/report/xml.js';
import { SECURITY_SEVERITY } from '../../src/report/security.js';
import { RULES } from '../../src/engine/registry.js';
import { existsSync, readFileSync } from 'node:fs';
import type { Finding } from '../../src/engine/types.js';
import { FIXTURES, reportInputOf } from '../helpers.js';

const HOSTILE = 'Mapping shop/<web> & "x" \'y\' ]]> \u0000\u0007\u001b[31m\ttab\r\nline \uD800 \uFFFF 😀 end';

function finding(over: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'mapping-prefix',
    severity: 'error',
    message: 'Mapping shop/web has prefix "api/": change it to "/api/".',
    file: 'k8s/web.yaml',
    line: 8,
    column: 11,
    endLine: 8,
    endColumn: 14,
    resource: 'Mapping shop/web',
    path: 'spec.prefix',
    related: [],
    fingerprint: '0123456789abcdef0123456789abcdef',
    ...over,
  };
}

function input(findings: Finding[], extra: Partial<ReportInput> = {}): ReportInput {
  return {
    findings,
    texts: new Map([['k8s/web.yaml', ''], ['k8s/clean.yaml', '']]),
    fileCount: 2,
    rules: [],
    toolVersion: '0.0.0-test',
    cwd: '/repo/deploy',
    root: '/repo',
    color: false,
    ...extra,
  };
}

/** The same text with what XML cannot carry written as `\uXXXX`, as the reporters do. */
function asXmlCarries(s: string): string {
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name, _path, _leaf, isAttribute) => !isAttribute && ['testsuite', 'testcase', 'file', 'error'].includes(name), parseAttributeValue: false, parseTagValue: false, trimValues: false, processEntities: true, htmlEntities: true });

function readXml(xml: string) {
  const valid = XMLValidator.validate(xml);
  expect(valid, JSON.stringify(valid)).toBe(true);
  // A reader of XML 1.0 rejects these even as character references.
  expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]|&#(?:x0*[0-8bBcCeEfF]|x0*1[0-9a-fA-F]|0*(?:[0-8]|1[1-2]|1[4-9]|2[0-9]|3[01]));/);
  return parser.parse(xml);
}

describe('xml escaping', () => {
  it('escapes markup and keeps line breaks and tabs in attributes', () => {
    expect(xmlText('a<b>&c')).toBe('a&lt;b&gt;&amp;c');
    expect(xmlAttr('"q"\t\n\r')).toBe('&quot;q&quot;&#9;&#10;&#13;');
    expect(xmlText('\u0001\uDFFF')).toBe('\\u0001\\uDFFF');
    expect(xmlText('😀')).toBe('😀');
  });
});

describe('registration', () => {
  it('the CLI can name each format', async () => {
    for (const f of ['junit', 'checkstyle', 'gitlab'] as const) {
      expect(FORMATS).toContain(f);
      expect(await reporterFor(f)).toBeTypeOf('function');
    }
  });
});

describe('junit reporter', () => {
  it('one suite per file, a failure per finding, skipped when suppressed, a passing case for a clean file', () => {
    const xml = junitReporter(
      input([
        finding(),
        finding({ ruleId: 'backend-meshed', severity: 'warning', line: 9, message: 'W.', related: [{ file: 'k8s/svc.yaml', line: 3, column: 3, endLine: 3, endColumn: 5, message: 'The Service.' }] }),
        finding({ ruleId: 'probe-host', line: 10, suppressed: { kind: 'inSource', justification: 'edge proxy' }, fingerprint: 'f'.repeat(32) }),
        finding({ ruleId: 'internal-error', message: 'Rule x failed.', resource: undefined, path: undefined, fingerprint: 'e'.repeat(32) }),
      ]),
    );
    const doc = readXml(xml).testsuites;
    expect(doc).toMatchObject({ name: 'meshlint', tests: '5', failures: '2', errors: '1', skipped: '1' });
    const [clean, web] = doc.testsuite;
    expect(clean).toMatchObject({ name: 'k8s/clean.yaml', tests: '1', failures: '0' });
    expect(clean.testcase).toEqual([{ classname: 'k8s/clean.yaml', name: 'meshlint', file: 'k8s/clean.yaml', time: '0' }]);
    expect(web).toMatchObject({ name: 'k8s/web.yaml', tests: '4', failures: '2', errors: '1', skipped: '1' });
    const [prefix, backend, probe, internal] = web.testcase;
    expect(prefix.name).toBe('mapping-prefix Mapping shop/web spec.prefix');
    expect(prefix.failure).toMatchObject({ type: 'error', message: finding().message });
    expect(prefix.failure['#text']).toMatch(/at k8s\/web\.yaml:8:11\n/);
    expect(prefix.failure['#text']).toMatch(/fingerprint: 0123456789abcdef0123456789abcdef$/);
    expect(backend.failure.type).toBe('warning');
    expect(backend.failure['#text']).toContain('related: k8s/svc.yaml:3:3 The Service.');
    expect(probe.skipped.message).toBe('suppressed (inSource): edge proxy');
    expect(internal.error[0].message).toBe('Rule x failed.');
  });

  it('reads back hostile messages and paths exactly, less what XML cannot carry', () => {
    const f = finding({ message: HOSTILE, file: 'k8s/<odd> & "name".yaml', resource: `Mapping shop/${HOSTILE}` });
    const doc = readXml(junitReporter(input([f], { texts: new Map() }))).testsuites;
    const tc = doc.testsuite[0].testcase[0];
    expect(tc.classname).toBe('k8s/<odd> & "name".yaml');
    expect(tc.failure.message).toBe(asXmlCarries(HOSTILE));
    expect(tc.failure['#text'].startsWith(`${asXmlCarries(HOSTILE)}\n\nat k8s/`)).toBe(true);
    expect(tc.name).toContain(asXmlCarries(HOSTILE));
  });

  it('names a suite by cluster when findings carry one', () => {
    const doc = readXml(junitReporter(input([finding({ cluster: 'east' })], { texts: new Map() }))).testsuites;
    expect(doc.testsuite[0].name).toBe('cluster east: k8s/web.yaml');
    expect(doc.testsuite[0].testcase[0].classname).toBe('east/k8s/web.yaml');
  });
});

describe('checkstyle reporter', () => {
  it('one <file> per file with absolute paths, an <error> per unsuppressed finding', () => {
    const xml = checkstyleReporter(
      input([
        finding(),
        finding({ ruleId: 'backend-meshed', severity: 'warning', line: 9 }),
        finding({ ruleId: 'probe-host', severity: 'note', line: 10 }),
        finding({ ruleId: 'module-name', suppressed: { kind: 'external', justification: 'x' } }),
        finding({ file: '<stdin>', line: 2 }),
      ], { stdin: new Set(['<stdin>']) }),
    );
    const doc = readXml(xml).checkstyle;
    expect(doc.version).toBe('4.3');
    expect(doc.file.map((f: { name: string }) => f.name)).toEqual(['/repo/deploy/k8s/web.yaml', '<stdin>']);
    expect(doc.file[0].error).toEqual([
      { line: '8', column: '11', severity: 'error', message: finding().message, source: 'meshlint.mapping-prefix' },
      { line: '9', column: '11', severity: 'warning', message: finding().message, source: 'meshlint.backend-meshed' },
      { line: '10', column: '11', severity: 'info', message: finding().message, source: 'meshlint.probe-host' },
    ]);
  });

  it('reads back hostile messages exactly, less what XML cannot carry', () => {
    const doc = readXml(checkstyleReporter(input([finding({ message: HOSTILE })]))).checkstyle;
    expect(doc.file[0].error[0].message).toBe(asXmlCarries(HOSTILE));
  });
});

// GitLab's Code Quality report format, as its documentation lists the fields: an array of
// issues, each with a description, a check_name, a fingerprint, a severity (info, minor, major,
// critical, blocker) and a location with a path and lines.begin (or positions.begin.line).
const GITLAB_SCHEMA = {
  type: 'array',
  items: {
    type: 'object',
    required: ['description', 'check_name', 'fingerprint', 'severity', 'location'],
    properties: {
      type: { const: 'issue' },
      description: { type: 'string', minLength: 1 },
      check_name: { type: 'string', minLength: 1 },
      fingerprint: { type: 'string', minLength: 1 },
      severity: { enum: ['info', 'minor', 'major', 'critical', 'blocker'] },
      categories: { type: 'array', items: { type: 'string' } },
      content: { type: 'object', properties: { body: { type: 'string' } } },
      location: {
        type: 'object',
        required: ['path'],
        properties: {
          path: { type: 'string', minLength: 1, not: { pattern: '^(/|\\./|\\.\\./)' } },
          lines: { type: 'object', required: ['begin'], properties: { begin: { type: 'integer', minimum: 1 }, end: { type: 'integer', minimum: 1 } } },
          positions: { type: 'object', required: ['begin'], properties: { begin: { type: 'object', required: ['line'] } } },
        },
        anyOf: [{ required: ['lines'] }, { required: ['positions'] }],
      },
    },
  },
};

describe('gitlab reporter', () => {
  const validate = new Ajv({ strict: true, strictRequired: false, allErrors: true }).compile(GITLAB_SCHEMA);

  it('matches the documented issue shape on every fixture finding, with unique fingerprints', async () => {
    const result = await lint({ cwd: FIXTURES, paths: ['.'] });
    expect(result.findings.length).toBeGreaterThan(20);
    const text = gitlabReporter(reportInputOf(result, FIXTURES));
    const issues = JSON.parse(text);
    expect(validate(issues), JSON.stringify(validate.errors)).toBe(true);
    expect(issues.length).toBe(result.findings.filter((f) => !f.suppressed).length);
    expect(new Set(issues.map((i: { fingerprint: string }) => i.fingerprint)).size).toBe(issues.length);
  });

  it('paths relative to the repository root, severities ranked, suppressed findings left out', () => {
    const issues = JSON.parse(
      gitlabReporter(
        input([
          finding(),
          finding({ ruleId: 'emissary-meshed', line: 3 }),
          finding({ ruleId: 'backend-meshed', severity: 'warning', line: 4 }),
          finding({ ruleId: 'probe-host', severity: 'note', line: 5 }),
          finding({ ruleId: 'module-name', suppressed: { kind: 'inSource', justification: 'x' } }),
        ]),
      ),
    );
    expect(issues.map((i: { location: { path: string }; severity: string; check_name: string }) => [i.check_name, i.severity, i.location.path])).toEqual([
      ['mapping-prefix', 'major', 'deploy/k8s/web.yaml'],
      ['emissary-meshed', 'critical', 'deploy/k8s/web.yaml'],
      ['backend-meshed', 'minor', 'deploy/k8s/web.yaml'],
      ['probe-host', 'info', 'deploy/k8s/web.yaml'],
    ]);
    expect(issues[0]).toMatchObject({ location: { lines: { begin: 8, end: 8 } }, fingerprint: '0123456789abcdef0123456789abcdef', categories: ['Bug Risk'] });
    expect(issues[1].categories).toEqual(['Security']);
  });

  it('carries hostile text as JSON does', () => {
    const [issue] = JSON.parse(gitlabReporter(input([finding({ message: HOSTILE })])));
    expect(issue.description).toBe(HOSTILE);
    expect(validate([issue])).toBe(true);
  });
});

describe('fingerprints', () => {
  it('are the engine fingerprints, made unique in report order, and the same in SARIF, GitLab and JUnit', () => {
    const twice = [finding(), finding({ line: 20 }), finding({ line: 30 })];
    const fps = reportFingerprints(twice);
    expect(fps[0]).toBe(twice[0].fingerprint);
    expect(new Set(fps).size).toBe(3);
    expect(reportFingerprints(twice)).toEqual(fps);
    const sarif = JSON.parse(sarifReporter(input(twice))).runs[0].results.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints['meshlint/v1']);
    const gitlab = JSON.parse(gitlabReporter(input(twice))).map((i: { fingerprint: string }) => i.fingerprint);
    const junit = [...junitReporter(input(twice)).matchAll(/fingerprint: ([0-9a-f]{32})/g)].map((m) => m[1]);
    expect(sarif).toEqual(fps);
    expect(gitlab).toEqual(fps);
    expect(junit).toEqual(fps);
  });
});

describe('security severity', () => {
  const catalogue = '/work/shared/spec/rules.md';
  it.skipIf(!existsSync(catalogue))('names rules of the catalogue (skipped when /work/shared is absent)', () => {
    const text = readFileSync(catalogue, 'utf8');
    for (const id of Object.keys(SECURITY_SEVERITY)) expect(text, id).toContain(`| \`${id}\` |`);
  });

  it('is on the SARIF rules listed, as a string score with the security tag, and on no other rule', () => {
    const rules = JSON.parse(sarifReporter({ ...input([]), rules: RULES.map((r) => r.meta) })).runs[0].tool.driver.rules;
    expect(rules.length).toBeGreaterThan(20);
    for (const r of rules) {
      const score = SECURITY_SEVERITY[r.id];
      if (score === undefined) {
        expect(r.properties['security-severity'], r.id).toBeUndefined();
        expect(r.properties.tags, r.id).not.toContain('security');
      } else {
        expect(r.properties['security-severity'], r.id).toBe(score.toFixed(1));
        expect(r.properties.tags, r.id).toContain('security');
      }
    }
    expect(rules.find((r: { id: string }) => r.id === 'emissary-meshed').properties['security-severity']).toBe('8.0');
  });
});
