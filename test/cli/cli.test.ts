// The real binary, spawned: exit codes, formats, stdin, --context, config errors, colours.

import { readdirSync, readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BAD_MAPPING, runMeshlint, tempDir, writeIn, type BinOptions } from '../helpers.js';

const dir = tempDir('cli');

function run(args: string[], opts: Partial<BinOptions> = {}) {
  const r = runMeshlint(args, { cwd: dir, input: '', ...opts });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const write = (rel: string, text: string): string => writeIn(dir, rel, text);

const GOOD_MAPPING = BAD_MAPPING.replace('prefix: api/', 'prefix: /api/');

write('bad/mapping.yaml', BAD_MAPPING);
write('good/mapping.yaml', GOOD_MAPPING);

describe('meshlint CLI', () => {
  it('prints its version and help', () => {
    const v = run(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const h = run(['--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('meshlint lint ./k8s');
    expect(h.stdout).toContain('explain');
  });

  it('exits 0 on a clean tree and 1 on errors, reporting file:line:col', () => {
    const good = run(['lint', 'good']);
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('no problems');
    const bad = run(['lint', 'bad']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('bad/mapping.yaml');
    expect(bad.stdout).toMatch(/8:11\s+error\s+Mapping shop\/web has prefix "api\/"/);
    expect(bad.stdout).toContain('mapping-prefix');
    expect(bad.stderr).toBe('');
  });

  it('writes JSON with the documented shape', () => {
    const r = run(['lint', 'bad', '--format', 'json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.version).toBe(1);
    expect(j.summary).toMatchObject({ errors: 1, warnings: 0, notes: 0, filesLinted: 1 });
    expect(j.findings[0]).toMatchObject({
      ruleId: 'mapping-prefix',
      severity: 'error',
      file: 'bad/mapping.yaml',
      line: 8,
      column: 11,
      endLine: 8,
      endColumn: 14,
      resource: 'Mapping shop/web',
      path: 'spec.prefix',
    });
    expect(j.findings[0].fingerprint).toMatch(/^[0-9a-f]{32}$/);
  });

  it('reads standard input under --stdin-filename', () => {
    const r = run(['lint', '-', '--stdin-filename', 'prod.yaml', '--format', 'json'], { input: BAD_MAPPING });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).findings[0].file).toBe('prod.yaml');
  });

  it('reports only the positional paths when --context is given', () => {
    write('ctx/staged.yaml', GOOD_MAPPING);
    write('ctx/other.yaml', BAD_MAPPING.replace('name: web', 'name: other'));
    const r = run(['lint', 'ctx/staged.yaml', '--context', 'ctx', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).findings).toEqual([]);
    const all = run(['lint', 'ctx', '--format', 'json']);
    expect(all.code).toBe(1);
  });

  it('writes --output atomically and leaves no temporary file', () => {
    const r = run(['lint', 'bad', '--format', 'sarif', '--output', 'out/report.sarif']);
    // the output folder does not exist: a clear error, exit 2, no stack trace
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    mkdirSync(path.join(dir, 'out'), { recursive: true });
    const ok = run(['lint', 'bad', '--format', 'sarif', '--output', 'out/report.sarif']);
    expect(ok.code).toBe(1);
    expect(ok.stdout).toBe('');
    expect(JSON.parse(readFileSync(path.join(dir, 'out/report.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(readdirSync(path.join(dir, 'out'))).toEqual(['report.sarif']);
  });

  it('applies config severities, off, --max-warnings and --quiet', () => {
    write('cfg-warn/.meshlint.yaml', 'rules:\n  mapping-prefix: warning\n');
    write('cfg-warn/m.yaml', BAD_MAPPING);
    const warn = run(['lint', '.'], { cwd: path.join(dir, 'cfg-warn') });
    expect(warn.code).toBe(0);
    expect(warn.stdout).toMatch(/warning\s+Mapping shop\/web/);
    expect(run(['lint', '.', '--max-warnings', '0'], { cwd: path.join(dir, 'cfg-warn') }).code).toBe(1);
    const quiet = run(['lint', '.', '--quiet'], { cwd: path.join(dir, 'cfg-warn') });
    expect(quiet.stdout).not.toContain('mapping-prefix');
    write('cfg-off/.meshlint.yaml', 'rules:\n  mapping-prefix: off\n');
    write('cfg-off/m.yaml', BAD_MAPPING);
    expect(run(['lint', '.'], { cwd: path.join(dir, 'cfg-off') }).code).toBe(0);
  });

  it('exits 2 with a message naming the bad key for a bad config', () => {
    write('cfg-bad/.meshlint.yaml', 'rules:\n  mapping-prefix: warning\nlinkerd:\n  versoin: "2.18"\n');
    write('cfg-bad/m.yaml', GOOD_MAPPING);
    const r = run(['lint', '.'], { cwd: path.join(dir, 'cfg-bad') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('linkerd.versoin');
    expect(r.stdout).toBe('');
    write('cfg-bad2/.meshlint.yaml', 'rules:\n  no-such-rule: error\n');
    write('cfg-bad2/m.yaml', GOOD_MAPPING);
    const r2 = run(['lint', '.'], { cwd: path.join(dir, 'cfg-bad2') });
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('rules.no-such-rule');
    const r3 = run(['lint', 'good', '--config', 'missing.yaml']);
    expect(r3.code).toBe(2);
    expect(r3.stderr).toContain('missing.yaml');
  });

  it('refuses a config version written as a YAML number, and says to quote it', () => {
    write('cfg-num/.meshlint.yaml', 'linkerd:\n  version: 2.10\n');
    write('cfg-num/m.yaml', GOOD_MAPPING);
    const r = run(['lint', '.'], { cwd: path.join(dir, 'cfg-num') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"linkerd.version" is the YAML number 2.1');
    expect(r.stderr).toContain('Quote it');
    write('cfg-str/.meshlint.yaml', 'linkerd:\n  version: "2.10"\nemissary:\n  version: "3.9"\n');
    write('cfg-str/m.yaml', GOOD_MAPPING);
    expect(run(['lint', '.'], { cwd: path.join(dir, 'cfg-str') }).code).toBe(0);
  });

  it('places objects without a namespace in --namespace (or config namespace:), as kubectl apply -n does', () => {
    const svc = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n    - port: 80\n';
    const mapping = 'apiVersion: getambassador.io/v3alpha1\nkind: Mapping\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  hostname: "*"\n  prefix: /\n  service: web.shop:80\n';
    write('ns/svc.yaml', svc);
    write('ns/mapping.yaml', mapping);
    const cwd = path.join(dir, 'ns');
    const without = run(['lint', '.', '--format', 'json'], { cwd });
    expect(without.code).toBe(1);
    expect(JSON.parse(without.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['mapping-service']);
    expect(run(['lint', '.', '--namespace', 'shop'], { cwd }).code).toBe(0);
    expect(run(['lint', '.', '-n', 'shop'], { cwd }).code).toBe(0);
    expect(run(['lint', '.', '--namespace', 'Shop_1'], { cwd }).code).toBe(2);
    write('ns-cfg/.meshlint.yaml', 'namespace: shop\n');
    write('ns-cfg/svc.yaml', svc);
    write('ns-cfg/mapping.yaml', mapping);
    expect(run(['lint', '.'], { cwd: path.join(dir, 'ns-cfg') }).code).toBe(0);
  });

  it('accepts edge and enterprise Linkerd versions', () => {
    expect(run(['lint', 'good', '--linkerd-version', 'edge-24.11.8']).code).toBe(0);
    expect(run(['lint', 'good', '--linkerd-version', 'enterprise-2.17.1']).code).toBe(0);
    expect(run(['lint', 'good', '--linkerd-version', 'edge-24.11']).code).toBe(2);
  });

  it('exits 2 on usage errors', () => {
    expect(run(['lint', 'good', '--format', 'xml']).code).toBe(2);
    expect(run(['lint', 'does-not-exist']).code).toBe(2);
    expect(run(['lint', 'good', '--linkerd-version', 'latest']).code).toBe(2);
    expect(run(['explain', 'no-such-rule']).code).toBe(2);
    expect(run(['--no-such-flag']).code).toBe(2);
  });

  it('lists and explains rules', () => {
    const r = run(['rules']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('mapping-prefix');
    const e = run(['explain', 'mapping-prefix']);
    expect(e.code).toBe(0);
    expect(e.stdout).toContain('# mapping-prefix');
    expect(e.stdout).toContain('## How to fix');
  });

  it('honours NO_COLOR, FORCE_COLOR and --color', () => {
    const ESC = '\u001b[';
    expect(run(['lint', 'bad'], { env: { FORCE_COLOR: '1' } }).stdout).toContain(ESC);
    expect(run(['lint', 'bad'], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } }).stdout).not.toContain(ESC);
    expect(run(['lint', 'bad', '--color']).stdout).toContain(ESC);
    expect(run(['lint', 'bad', '--no-color'], { env: { FORCE_COLOR: '1' } }).stdout).not.toContain(ESC);
    expect(run(['lint', 'bad']).stdout).not.toContain(ESC); // not a TTY
  });
});
