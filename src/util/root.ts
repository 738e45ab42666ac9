// The package's own root folder, from source (src/) or from the build (dist/src/).

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function packageRoot(): string {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'meshlint') return (cached = dir);
    const up = path.dirname(dir);
    if (up === dir) throw new Error('meshlint package root not found');
    dir = up;
  }
}
