#!/usr/bin/env node
// Bundles the built CLI (dist/src/cli/main.js and everything it imports, dependencies included) into
// dist/bundle/ with esbuild: a few files instead of some two hundred modules, which is most of
// meshlint's start-up time. Lazy imports stay lazy (code splitting); ajv, needed only for config
// files and CRD schemas, is loaded from node_modules on first use. See docs/performance.md.

import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * string-width (used by yargs to lay out --help) builds an `Intl.Segmenter` when it is loaded,
 * which loads ICU's break-iterator data: ~10 ms each, three copies, on every run, although only
 * help text and wide characters need one. This builds it on first use instead. When a version
 * of the package no longer has the line, nothing is replaced and nothing breaks.
 */
const lazySegmenter = {
  name: 'lazy-segmenter',
  setup(b) {
    b.onLoad({ filter: /[\\/]string-width[\\/]index\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const lazy = '{ segment: (s) => (lazySegmenter ??= new Intl.Segmenter()).segment(s) }';
      const contents = text.replace(/new Intl\.Segmenter\(\)/g, lazy);
      return { contents: contents === text ? text : `let lazySegmenter;\n${contents}`, loader: 'js' };
    });
  },
};

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(ROOT, 'dist', 'bundle');
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { cli: path.join(ROOT, 'dist', 'src', 'cli', 'main.js') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Node 20 reads these regular expression literals; left as literals they compile on first use,
  // not when the module loads.
  supported: { 'regexp-set-notation': true, 'regexp-unicode-property-escapes': true, 'regexp-lookbehind-assertions': true },
  external: ['ajv'],
  // Bundled CommonJS dependencies call require(); give the ES module one.
  banner: { js: "import { createRequire as __meshlintRequire } from 'node:module'; const require = __meshlintRequire(import.meta.url);" },
  plugins: [lazySegmenter],
  logLevel: 'warning',
  legalComments: 'none',
});
