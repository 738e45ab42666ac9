// The package's own root folder, from source (src/) or from the build (dist/src/).

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: { root: string; pkg: { name: string; version: string } } | undefined;

function find(): NonNullable<typeof cached> {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8'));
      if (pkg.name === 'meshlint') return (cached = { root: dir, pkg });
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error('meshlint package root not found');
    dir = up;
  }
}

export function packageRoot(): string {
  return find().root;
}

/** meshlint's own package.json, read once. */
export function packageJson(): { name: string; version: string } {
  return find().pkg;
}

/**
 * The repository that holds `dir`: the nearest folder with a `.git` entry (a directory, or the
 * file a worktree or submodule has), as `git rev-parse --show-toplevel` finds it; else `dir`.
 */
export function repositoryRoot(dir: string): string {
  const start = path.resolve(dir);
  for (let d = start; ; ) {
    if (existsSync(path.join(d, '.git'))) return d;
    const up = path.dirname(d);
    if (up === d) return start;
    d = up;
  }
}
