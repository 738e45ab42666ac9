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
