#!/usr/bin/env node
// Bundles the built CLI (dist/src/cli.js and everything it imports, dependencies included) into
// dist/bundle/ with esbuild: a few files instead of some two hundred modules, which is most of
// meshlint's start-up time. Lazy imports stay lazy (code splitting); ajv, needed only for config
// files and CRD schemas, is loaded from node_modules on first use. See docs/performance.md.

import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(ROOT, 'dist', 'bundle');
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [path.join(ROOT, 'dist', 'src', 'cli.js')],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['ajv'],
  // Bundled CommonJS dependencies call require(); give the ES module one.
  banner: { js: "import { createRequire as __meshlintRequire } from 'node:module'; const require = __meshlintRequire(import.meta.url);" },
  logLevel: 'warning',
  legalComments: 'none',
});
