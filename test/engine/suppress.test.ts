// Suppressions: annotations, comments, config overrides; how they show in SARIF and text, and
// the problems reported about suppressions themselves.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Config } from '../../src/engine/config.js';
import { lint } from '../../src/lint.js';
import { sarifReporter } from '../../src/report/sarif.js';
import { textReporter } from '../../src/report/text.js';
import { countFindings } from '../../src/report/types.js';
import { commentDirectives, compileOverrides, parseDirectiveBody } from '../../src/engine/suppress.js';
import type { SourceFile } from '../../src/load/types.js';
import { reportInputOf, tempDir, writeIn } from '../helpers.js';

const dir = tempDir('suppress');
const write = (rel: string, text: string) => writeIn(dir, rel, text);

const mapping = (name: string, prefix: string, extra = '', annotations = '') => `apiVersion: getambassador.io/v3alpha1
kind: Mapping
metadata:
  name: ${name}
  namespace: shop
${annotations ? `  annotations:\n${annotations}\n` : ''}spec:
  hostname: "*"
${extra}  prefix: ${prefix}
  service: localhost:8080
`;

async function run(paths: string[], config: Config = {}, reportUnusedSuppressions?: boolean) {
  return lint({ cwd: dir, paths, config, reportUnusedSuppressions });
}

const file = (text: string): SourceFile => ({ path: 'x.yaml', text, reported: true });

describe('directive syntax', () => {
  it('splits rule ids from the reason', () => {
    expect(parseDirectiveBody(' probe-host,gateway-ports -- the probe goes elsewhere')).toEqual({ ids: ['probe-host', 'gateway-ports'], reason: 'the probe goes elsewhere' });
    expect(parseDirectiveBody('probe-host gateway-ports')).toEqual({ ids: ['probe-host', 'gateway-ports'], reason: undefined });
    expect(parseDirectiveBody('probe-host, gateway-ports --')).toEqual({ ids: ['probe-host', 'gateway-ports'], reason: undefined });
    expect(parseDirectiveBody('probe-host -- see issue #42 -- twice')).toEqual({ ids: ['probe-host'], reason: 'see issue #42 -- twice' });
    expect(parseDirectiveBody('probe-host # a trailing comment')).toEqual({ ids: ['probe-host'], reason: undefined });
    expect(parseDirectiveBody('probe-host--x')).toEqual({ ids: ['probe-host--x'], reason: undefined });
  });

  it('finds the line a disable-next-line covers, skipping blank and comment lines', () => {
    const ds = commentDirectives(file('a: 1\n  # meshlint-disable-next-line x -- r\n\n  # note\n  b: 2\nc: 3\n'));
    expect(ds).toHaveLength(1);
    expect([ds[0].fromLine, ds[0].toLine]).toEqual([5, 5]);
    expect(ds[0].region).toMatchObject({ line: 2, column: 3 });
  });

  it('ends a disable at the end of its YAML document', () => {
    const ds = commentDirectives(file('a: 1\n# meshlint-disable x -- r\nb: 2\n---\nc: 3\n'));
    expect([ds[0].fromLine, ds[0].toLine]).toEqual([3, 3]);
    const last = commentDirectives(file('a: 1\n# meshlint-disable x -- r\nb: 2\nc: 3'));
    expect([last[0].fromLine, last[0].toLine]).toEqual([3, 4]);
  });

  it('does not read directives that are not whole-line comments', () => {
    expect(commentDirectives(file('a: "# meshlint-disable x -- r"\nb: 1 # meshlint-disable-next-line x -- r\n'))).toEqual([]);
  });
  it('reads disable-line after the content of a line, as YAML reads comments', () => {
    const ds = commentDirectives(file('a: 1 # meshlint-disable-line x, y -- r\nb: "# meshlint-disable-line z -- r"\nc: it\'s # meshlint-disable-line w -- r\n'));
    expect(ds.map((d) => [d.form, d.ids, d.reason, d.fromLine, d.toLine])).toEqual([
      ['disable-line', ['x', 'y'], 'r', 1, 1],
      ['disable-line', ['w'], 'r', 3, 3],
    ]);
    expect(ds[0].region).toEqual({ line: 1, column: 6, endLine: 1, endColumn: 38 });
  });

  it('does not read directives inside block scalars', () => {
    expect(commentDirectives(file('a: |\n  # meshlint-disable x -- r\n  b # meshlint-disable-line x -- r\nc: 1\n'))).toEqual([]);
  });

  it('reads disable-line on a line of its own as covering that line only', () => {
    const ds = commentDirectives(file('a: 1\n  # meshlint-disable-line x -- r\nb: 2\n'));
    expect(ds.map((d) => [d.form, d.fromLine, d.toLine])).toEqual([['disable-line', 2, 2]]);
  });
});

describe('suppressing findings', () => {
  write('annotated.yaml', mapping('web', 'api/', '', '    meshlint.io/ignore: "mapping-prefix -- the old router adds the slash"'));
  write('comment.yaml', mapping('web', 'api/', '  # meshlint-disable-next-line mapping-prefix -- the old router adds the slash\n'));
  write('same-line.yaml', mapping('web', 'api/ # meshlint-disable-line mapping-prefix -- the old router adds the slash'));
  write('same-line-other.yaml', mapping('web', 'api/ # meshlint-disable-line probe-host -- not this one'));
  write('noreason.yaml', mapping('web', 'api/', '  # meshlint-disable-next-line mapping-prefix\n'));
  write('other-rule.yaml', mapping('web', 'api/', '  # meshlint-disable-next-line probe-host -- not this one\n'));
  write('legacy/old.yaml', mapping('old', 'old/'));
  write('plain.yaml', mapping('plain', 'plain/'));

  it('an annotation suppresses the findings of its rules on its resource (inSource, with the reason)', async () => {
    const r = await run(['annotated.yaml']);
    const f = r.findings.filter((x) => x.ruleId === 'mapping-prefix');
    expect(f).toHaveLength(1);
    expect(f[0].suppressed).toEqual({ kind: 'inSource', justification: 'the old router adds the slash' });
    expect(countFindings(r.findings).errors).toBe(0);
  });

  it('config suppressions.annotations: false ignores the annotation', async () => {
    const r = await run(['annotated.yaml'], { suppressions: { annotations: false } });
    expect(r.findings.filter((x) => x.ruleId === 'mapping-prefix' && !x.suppressed)).toHaveLength(1);
  });

  it('a comment suppresses the next line; a comment for another rule does not', async () => {
    const r = await run(['comment.yaml', 'other-rule.yaml']);
    const byFile = (name: string) => r.findings.filter((x) => x.ruleId === 'mapping-prefix' && x.file === name);
    expect(byFile('comment.yaml')[0].suppressed?.kind).toBe('inSource');
    expect(byFile('other-rule.yaml')[0].suppressed).toBeUndefined();
  });

  it('a disable-line comment suppresses its own line; one for another rule does not', async () => {
    const r = await run(['same-line.yaml', 'same-line-other.yaml']);
    const byFile = (name: string) => r.findings.filter((x) => x.ruleId === 'mapping-prefix' && x.file === name);
    expect(byFile('same-line.yaml')).toHaveLength(1);
    expect(byFile('same-line.yaml')[0].suppressed).toEqual({ kind: 'inSource', justification: 'the old router adds the slash' });
    expect(byFile('same-line-other.yaml')[0].suppressed).toBeUndefined();
    const loud = await run(['same-line-other.yaml'], {}, true);
    expect(loud.findings.filter((x) => x.ruleId === 'suppression-unused').map((x) => [x.line, x.message])).toEqual([
      [8, expect.stringMatching(/"meshlint-disable-line" suppresses "probe-host", but this line has no such finding/)],
    ]);
  });

  it('a suppression without a reason is not applied and is reported, unless reasons are not required', async () => {
    const r = await run(['noreason.yaml']);
    expect(r.findings.filter((x) => x.ruleId === 'mapping-prefix' && !x.suppressed)).toHaveLength(1);
    const why = r.findings.filter((x) => x.ruleId === 'suppression-reason');
    expect(why.map((x) => x.line)).toEqual([8]);
    const relaxed = await run(['noreason.yaml'], { suppressions: { requireReason: false } });
    expect(relaxed.findings.find((x) => x.ruleId === 'mapping-prefix')?.suppressed).toEqual({ kind: 'inSource', justification: '' });
    expect(relaxed.findings.filter((x) => x.ruleId === 'suppression-reason')).toEqual([]);
  });

  it('config overrides change severities per path, and turning a rule off is an external suppression', async () => {
    const config: Config = {
      overrides: [
        { files: ['legacy/**'], rules: { 'mapping-prefix': 'warning' } },
        { files: ['legacy/*.yaml'], rules: { 'mapping-prefix': 'off' } },
        { files: ['plain.yaml'], rules: { 'mapping-prefix': 'note' } },
      ],
    };
    const r = await run(['legacy', 'plain.yaml'], config);
    const old = r.findings.find((x) => x.file === 'legacy/old.yaml' && x.ruleId === 'mapping-prefix')!;
    expect(old.suppressed?.kind).toBe('external');
    expect(old.suppressed?.justification).toContain('overrides[1]');
    expect(old.severity).toBe('warning');
    const plain = r.findings.find((x) => x.file === 'plain.yaml' && x.ruleId === 'mapping-prefix')!;
    expect(plain.severity).toBe('note');
    expect(plain.suppressed).toBeUndefined();
  });

  it('an override can turn on a rule that is off globally, for some files only', async () => {
    const config: Config = { rules: { 'mapping-prefix': 'off' }, overrides: [{ files: ['plain.yaml'], rules: { 'mapping-prefix': 'error' } }] };
    const r = await run(['legacy', 'plain.yaml'], config);
    expect(r.findings.filter((x) => x.ruleId === 'mapping-prefix').map((x) => [x.file, x.severity, x.suppressed])).toEqual([['plain.yaml', 'error', undefined]]);
  });

  it('globs are relative to the config file', () => {
    const o = compileOverrides([{ files: ['k8s/*.yaml'], rules: { 'mapping-prefix': 'off' } }], (f) => path.posix.relative('repo', `repo/sub/${f}`));
    expect(o.offBy('mapping-prefix', 'k8s/a.yaml')).toBeUndefined();
    expect(o.offBy('mapping-prefix', '../k8s/a.yaml')).toBe(0);
    expect(o.severityFor('mapping-prefix', '../k8s/a.yaml', 'error')).toBe('error');
    expect(o.severityFor('mapping-prefix', '../k8s/a.yaml', 'off')).toBe('off');
  });

  it('suppressed findings are in SARIF as suppressions and not in the text report', async () => {
    const r = await run(['annotated.yaml', 'legacy'], { overrides: [{ files: ['legacy/**'], rules: { 'mapping-prefix': 'off' } }] });
    const input = reportInputOf(r, dir);
    const sarif = JSON.parse(sarifReporter(input));
    const results = sarif.runs[0].results.filter((x: any) => x.ruleId === 'mapping-prefix');
    expect(results.map((x: any) => x.suppressions?.[0]?.kind).sort()).toEqual(['external', 'inSource']);
    expect(results.find((x: any) => x.suppressions[0].kind === 'inSource').suppressions[0].justification).toBe('the old router adds the slash');
    const text = textReporter(input);
    expect(text).not.toContain('mapping-prefix');
    expect(text).toContain('no problems');
  });

  it('reports unused suppressions only when asked', async () => {
    write('unused.yaml', mapping('web', '/api/', '  # meshlint-disable-next-line mapping-prefix, nonexistent-rule -- kept\n'));
    const quiet = await run(['unused.yaml']);
    expect(quiet.findings.filter((x) => x.ruleId === 'suppression-unused')).toEqual([]);
    const loud = await run(['unused.yaml'], {}, true);
    const unused = loud.findings.filter((x) => x.ruleId === 'suppression-unused');
    expect(unused.map((x) => x.line)).toEqual([8, 8]);
    expect(unused.map((x) => x.message).join('\n')).toMatch(/"nonexistent-rule", which is not a meshlint rule/);
    expect(unused.map((x) => x.message).join('\n')).toMatch(/suppresses "mapping-prefix", but the next line has no such finding/);
    const viaConfig = await run(['unused.yaml'], { suppressions: { reportUnused: true } });
    expect(viaConfig.findings.filter((x) => x.ruleId === 'suppression-unused')).toHaveLength(2);
  });

  it('does not read suppressions in --context files', async () => {
    write('ctx/noreason.yaml', mapping('ctx', 'x/', '  # meshlint-disable-next-line mapping-prefix\n'));
    const r = await lint({ cwd: dir, paths: ['plain.yaml'], context: ['ctx'], config: {}, reportUnusedSuppressions: true });
    expect(r.findings.filter((x) => x.file.startsWith('ctx/'))).toEqual([]);
  });
});
