// SARIF 2.1.0 for GitHub code scanning: one rule descriptor per rule, results with exact regions,
// related and logical locations, fingerprints that survive line moves, URIs relative to
// %SRCROOT% (the repository root, so that a run from a subdirectory still names repository
// files), the invocation (exit code, working directory, notifications about the input) and the
// automation category.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { docUrl, INTERNAL_ERROR } from '../engine/registry.js';
import type { RuleMeta } from '../engine/rule.js';
import type { Finding, Location } from '../engine/types.js';
import { reportFingerprints, rootPath, type ReportInput, type Reporter } from './types.js';
import { securitySeverity } from './security.js';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

function uri(file: string): string {
  return file
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
}

/** A directory as a file URI ending in `/`, as SARIF wants base URIs. */
function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : href + '/';
}

/**
 * Where a display path is, for SARIF: relative to %SRCROOT% when under the repository root,
 * else an absolute file URI. Undefined for standard input whose name is no file on disk: code
 * scanning would show an alert on a file that does not exist.
 */
function artifact(input: ReportInput, file: string): { uri: string; uriBaseId?: string } | undefined {
  const abs = path.resolve(input.cwd, file);
  if (input.stdin?.has(file) && !existsSync(abs)) return undefined;
  const rel = rootPath(input, file);
  return rel !== undefined ? { uri: uri(rel), uriBaseId: '%SRCROOT%' } : { uri: pathToFileURL(abs).href };
}

function physical(input: ReportInput, l: Location) {
  const where = artifact(input, l.file);
  if (!where) return undefined;
  return { artifactLocation: where, region: { startLine: l.line, startColumn: l.column, endLine: l.endLine, endColumn: l.endColumn + 1 } };
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

/** Notifications about the input: files that could not be read or parsed, rules that crashed, findings left out. */
function notifications(input: ReportInput, unplaced: Map<string, number>) {
  const out: Array<Record<string, unknown>> = [];
  for (const f of input.findings) {
    if (f.ruleId !== INTERNAL_ERROR && f.ruleId !== 'yaml-syntax') continue;
    const where = f.ruleId === INTERNAL_ERROR ? undefined : physical(input, f);
    out.push({
      level: f.ruleId === INTERNAL_ERROR ? 'error' : 'warning',
      message: { text: f.message },
      descriptor: { id: f.ruleId },
      ...(where ? { locations: [{ physicalLocation: where }] } : {}),
    });
  }
  for (const [file, n] of unplaced) {
    out.push({
      level: 'warning',
      message: {
        text: `${n === 1 ? '1 finding' : `${n} findings`} on standard input (named ${file}) ${n === 1 ? 'is' : 'are'} not among the results: no file of that name exists, so code scanning could not show ${n === 1 ? 'it' : 'them'}. Name the file the input was rendered from with --stdin-filename, or lint the files.`,
      },
    });
  }
  return out;
}

export const sarifReporter: Reporter = (input) => {
  const metas = [...input.rules];
  if (input.findings.some((f) => f.ruleId === INTERNAL.id)) metas.push(INTERNAL);
  const index = new Map(metas.map((m, i) => [m.id, i]));
  const fingerprints = reportFingerprints(input.findings);
  const unplaced = new Map<string, number>();
  const results: Array<Record<string, unknown>> = [];
  input.findings.forEach((f: Finding, i) => {
    const where = f.ruleId === INTERNAL_ERROR && !existsSync(path.resolve(input.cwd, f.file)) ? undefined : physical(input, f);
    if (!where) {
      if (f.ruleId !== INTERNAL_ERROR) unplaced.set(f.file, (unplaced.get(f.file) ?? 0) + 1);
      return;
    }
    const related = f.related.flatMap((r) => {
      const loc = physical(input, r);
      return loc ? [{ physicalLocation: loc, message: { text: r.message } }] : [];
    }).map((r, k) => ({ id: k + 1, ...r }));
    const mention = related.length ? ` (see ${related.map((r) => `[related ${r.id}](${r.id})`).join(', ')})` : '';
    const result: Record<string, unknown> = {
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId) ?? 0,
      level: f.severity,
      message: { text: f.message + mention },
      locations: [
        {
          physicalLocation: where,
          ...(f.resource ? { logicalLocations: [{ fullyQualifiedName: f.resource, kind: 'resource' }] } : {}),
        },
      ],
      partialFingerprints: { 'meshlint/v1': fingerprints[i] },
    };
    if (related.length) result.relatedLocations = related;
    if (f.suppressed) result.suppressions = [{ kind: f.suppressed.kind, justification: f.suppressed.justification }];
    if (f.cluster) result.properties = { cluster: f.cluster };
    results.push(result);
  });
  const crashed = input.findings.some((f) => f.ruleId === INTERNAL_ERROR);
  const invocation = {
    executionSuccessful: !crashed && input.exitCode !== 2,
    ...(input.exitCode !== undefined ? { exitCode: input.exitCode } : {}),
    workingDirectory: { uri: directoryUri(input.cwd) },
    toolExecutionNotifications: notifications(input, unplaced),
  };
  const category = input.category?.trim();
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
        // Code scanning's convention: the category is the id up to its last slash.
        ...(category ? { automationDetails: { id: category.endsWith('/') ? category : `${category}/` } } : {}),
        invocations: [invocation],
        originalUriBaseIds: { '%SRCROOT%': { uri: directoryUri(input.root ?? input.cwd) } },
        results,
        columnKind: 'unicodeCodePoints',
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
};
