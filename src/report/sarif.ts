// SARIF 2.1.0 for GitHub code scanning: one rule descriptor per rule, results with exact regions,
// related and logical locations, fingerprints that survive line moves, relative URIs under
// %SRCROOT%.

import { pathToFileURL } from 'node:url';
import { docUrl, INTERNAL_ERROR } from '../engine/registry.js';
import type { RuleMeta } from '../engine/rule.js';
import type { Finding, Location } from '../engine/types.js';
import { reportFingerprints, type Reporter } from './types.js';
import { securitySeverity } from './security.js';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

function uri(file: string): string {
  return file
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
}

function physical(l: Location) {
  const absolute = l.file.startsWith('/');
  return {
    artifactLocation: absolute ? { uri: pathToFileURL(l.file).href } : { uri: uri(l.file), uriBaseId: '%SRCROOT%' },
    region: { startLine: l.line, startColumn: l.column, endLine: l.endLine, endColumn: l.endColumn + 1 },
  };
}

const TAGS = ['kubernetes', 'linkerd', 'emissary'];

function descriptor(meta: RuleMeta) {
  const security = securitySeverity(meta.id);
  const help = `${meta.description}\n\nHow to fix: ${meta.remediation}\n\nDocumentation: ${docUrl(meta.id)}`;
  return {
    id: meta.id,
    name: meta.id
      .split('-')
      .map((w) => w[0].toUpperCase() + w.slice(1))
      .join(''),
    shortDescription: { text: meta.description },
    fullDescription: { text: `${meta.description} ${meta.remediation}` },
    help: {
      text: help,
      markdown: `${meta.description}\n\n**How to fix:** ${meta.remediation}\n\n[Rule documentation](${docUrl(meta.id)})`,
    },
    helpUri: docUrl(meta.id),
    defaultConfiguration: { level: meta.severity },
    properties: {
      tags: security === undefined ? TAGS : [...TAGS, 'security'],
      precision: 'high',
      'problem.severity': meta.severity === 'note' ? 'recommendation' : meta.severity,
      ...(security === undefined ? {} : { 'security-severity': security.toFixed(1) }),
    },
  };
}

const INTERNAL: RuleMeta = {
  id: INTERNAL_ERROR,
  severity: 'error',
  section: 'A',
  description: 'A meshlint rule failed while running.',
  remediation: 'Report the message as a meshlint bug; the other rules ran normally.',
  kinds: [],
};

export const sarifReporter: Reporter = (input) => {
  const metas = [...input.rules];
  if (input.findings.some((f) => f.ruleId === INTERNAL.id)) metas.push(INTERNAL);
  const index = new Map(metas.map((m, i) => [m.id, i]));
  const fingerprints = reportFingerprints(input.findings);
  const results = input.findings.map((f: Finding, i) => {
    const related = f.related.map((r, i) => ({ id: i + 1, physicalLocation: physical(r), message: { text: r.message } }));
    const mention = related.length ? ` (see ${related.map((r) => `[related ${r.id}](${r.id})`).join(', ')})` : '';
    const result: Record<string, unknown> = {
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId) ?? 0,
      level: f.severity,
      message: { text: f.message + mention },
      locations: [
        {
          physicalLocation: physical(f),
          ...(f.resource ? { logicalLocations: [{ fullyQualifiedName: f.resource, kind: 'resource' }] } : {}),
        },
      ],
      partialFingerprints: { 'meshlint/v1': fingerprints[i] },
    };
    if (related.length) result.relatedLocations = related;
    if (f.suppressed) result.suppressions = [{ kind: f.suppressed.kind, justification: f.suppressed.justification }];
    if (f.cluster) result.properties = { cluster: f.cluster };
    return result;
  });
  const log = {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'meshlint',
            semanticVersion: input.toolVersion,
            version: input.toolVersion,
            informationUri: 'https://github.com/meshlint/meshlint',
            rules: metas.map(descriptor),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(input.cwd.endsWith('/') ? input.cwd : input.cwd + '/').href } },
        results,
        columnKind: 'unicodeCodePoints',
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
};
