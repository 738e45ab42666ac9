// The synchronous directory walk finds exactly the files the glob walk (globby with
// `gitignore: true`) finds, on trees with nested, anchored, negated and directory patterns.

import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { globby } from 'globby';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { walkManifests } from '../../src/load/walk.js';
import { writeIn } from '../helpers.js';

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

function tree(files: Record<string, string>, opts: { git?: boolean } = {}): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'meshlint-walk-'));
  roots.push(root);
  if (opts.git) mkdirSync(path.join(root, '.git'));
  for (const [rel, text] of Object.entries(files)) writeIn(root, rel, text);
  return root;
}

async function viaGlobby(dir: string): Promise<string[]> {
  const entries = (await globby(['**/*.yaml', '**/*.yml', '**/*.json'], {
    cwd: dir,
    absolute: true,
    gitignore: true,
    ignore: ['**/node_modules/**', '**/.git/**'],
    dot: false,
    followSymbolicLinks: false,
    onlyFiles: false,
    objectMode: true,
    suppressErrors: true,
  })) as unknown as Array<{ path: string; dirent: { isDirectory(): boolean } }>;
  return entries
    .filter((e) => !e.dirent.isDirectory())
    .map((e) => e.path)
    .sort();
}

const y = 'kind: Namespace\n';

describe('walkManifests', () => {
  it('matches the glob walk without ignore files', async () => {
    const root = tree({
      'a.yaml': y,
      'b.yml': y,
      'c.json': '{}',
      'd.txt': 'x',
      'E.YAML': y,
      '.hidden.yaml': y,
      '.dir/x.yaml': y,
      'node_modules/m.yaml': y,
      'sub/node_modules/m.yaml': y,
      'sub/deep/er/z.yaml': y,
      'coverage/c.yaml': y,
    });
    symlinkSync('a.yaml', path.join(root, 'link.yaml'));
    symlinkSync('sub', path.join(root, 'dirlink.yaml'));
    symlinkSync('missing.yaml', path.join(root, 'dangling.yaml'));
    expect(walkManifests(root)).toEqual(await viaGlobby(root));
    expect(walkManifests(root).length).toBeGreaterThan(5);
  });

  it('matches the glob walk with nested .gitignore files', async () => {
    const root = tree(
      {
        '.gitignore': 'rendered/\n*.secret.yaml\n/top-only.yaml\n!keep.secret.yaml\n# comment\n\nbuild\n',
        'rendered/a.yaml': y,
        'x/rendered/b.yaml': y,
        'a.secret.yaml': y,
        'keep.secret.yaml': y,
        'top-only.yaml': y,
        'sub/top-only.yaml': y,
        'build/b.yaml': y,
        'sub/.gitignore': 'local.yaml\n/anchored/\nnested/path.yaml\n!a.secret.yaml\n',
        'sub/local.yaml': y,
        'sub/deeper/local.yaml': y,
        'sub/anchored/z.yaml': y,
        'sub/deeper/anchored/z.yaml': y,
        'sub/nested/path.yaml': y,
        'sub/a.secret.yaml': y,
        'other/local.yaml': y,
        'coverage/.gitignore': '*.yaml\n',
        'coverage/c.yaml': y,
        'node_modules/.gitignore': '*\n',
        'plain.yaml': y,
      },
      { git: true },
    );
    expect(walkManifests(root)).toEqual(await viaGlobby(root));
    expect(walkManifests(path.join(root, 'sub'))).toEqual(await viaGlobby(path.join(root, 'sub')));
  });

  it('applies the .gitignore files above the directory up to the repository root', async () => {
    const root = tree(
      {
        '.gitignore': 'generated/\n*.tmp.yaml\n',
        'apps/.gitignore': 'skip.yaml\n',
        'apps/team/a.yaml': y,
        'apps/team/skip.yaml': y,
        'apps/team/x.tmp.yaml': y,
        'apps/team/generated/g.yaml': y,
      },
      { git: true },
    );
    const dir = path.join(root, 'apps', 'team');
    expect(walkManifests(dir)).toEqual(await viaGlobby(dir));
    expect(walkManifests(dir).map((p) => path.basename(p))).toEqual(['a.yaml']);
  });

  it('matches the glob walk on random trees and ignore files', async () => {
    const names = ['a', 'b', 'rendered', 'build', 'x'];
    const patterns = ['*.yaml', 'a', 'b/', '/x', 'rendered/', '!a.yaml', '!b', 'a/*.yaml', '**/x.yaml', 'b.json', '!/x'];
    const segment = fc.constantFrom(...names);
    const file = fc.tuple(fc.array(segment, { maxLength: 3 }), fc.constantFrom('a.yaml', 'x.yaml', 'b.json', 'c.yml', 'n.txt'));
    const ignoreFile = fc.tuple(fc.array(segment, { maxLength: 2 }), fc.array(fc.constantFrom(...patterns), { maxLength: 4 }));
    await fc.assert(
      fc.asyncProperty(fc.array(file, { minLength: 1, maxLength: 12 }), fc.array(ignoreFile, { maxLength: 3 }), fc.boolean(), async (files, ignores, git) => {
        const spec: Record<string, string> = {};
        for (const [dirs, name] of files) spec[[...dirs, name].join('/')] = y;
        for (const [dirs, lines] of ignores) spec[[...dirs, '.gitignore'].join('/')] = lines.join('\n') + '\n';
        let root: string;
        try {
          root = tree(spec, { git });
        } catch {
          return; // a name used both as a file and as a directory
        }
        expect(walkManifests(root)).toEqual(await viaGlobby(root));
      }),
      { numRuns: 60, seed: 7 },
    );
  });
});
