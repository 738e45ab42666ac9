// The pre-scan's counting shortcut (withinLimits) never changes its result: scanText, which
// takes the shortcut, and scanFull, which never does, agree on random texts and limits, on
// YAML a writer produces, and on every fixture. When the shortcut holds, the parser's values
// are not measured for depth, so it must never hold for a document deeper than the limit.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import jsyaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { depthExceeds } from '../../src/yaml/parse.js';
import { scanFull, scanText, withinLimits, type ScanLimits, type ScanResult } from '../../src/yaml/scan.js';
import { ROOT } from '../helpers.js';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? yamlFiles(path.join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [path.join(dir, e.name)] : [],
  );
}

/** What the scan gives to the parser, whichever way it was found. */
function scanned(text: string, limits: ScanLimits, full = false): Omit<ScanResult, 'bounded'> {
  const { bounded: _, ...rest } = full ? scanFull(text, limits) : scanText(text, limits);
  return rest;
}

/** The documents js-yaml reads back (its writer's flow output is not always readable). */
function loadable(text: string): unknown[] {
  try {
    return jsyaml.loadAll(text);
  } catch {
    return [];
  }
}

const limitsArb = fc.record({ maxDepth: fc.integer({ min: 0, max: 40 }), maxDocuments: fc.integer({ min: 1, max: 40 }) });
const yamlish = fc
  .array(fc.constantFrom('-', ' ', '  ', '\n', ':', '? ', '[', ']', '{', '}', ',', '#', '"', "'", '|', '>', '---', '...', 'a', 'key', '\\', '&x', '!t', '\r\n'), { maxLength: 80 })
  .map((parts) => parts.join(''));

describe('the pre-scan shortcut', () => {
  it('gives the full scan result on random text', () => {
    fc.assert(
      fc.property(yamlish, limitsArb, (text, limits) => {
        expect(scanned(text, limits)).toEqual(scanned(text, limits, true));
      }),
      { numRuns: 3000 },
    );
  });

  it('gives the full scan result on YAML a writer produces', () => {
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.oneof(fc.string(), fc.integer(), fc.constant(null)), tie('arr'), tie('obj')),
      arr: fc.array(tie('tree'), { maxLength: 3 }),
      obj: fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), tie('tree'), { maxKeys: 3 }),
    }));
    fc.assert(
      fc.property(fc.array(tree, { minLength: 1, maxLength: 4 }), fc.integer({ min: -1, max: 3 }), limitsArb, (docs, flowLevel, limits) => {
        const text = docs.map((d) => jsyaml.dump(d, { flowLevel })).join('---\n');
        expect(scanned(text, limits)).toEqual(scanned(text, limits, true));
        if (scanText(text, limits).bounded) for (const d of loadable(text)) expect(depthExceeds(d, limits.maxDepth)).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('holds only for texts whose documents fit the depth limit', () => {
    for (const [text, depth] of [['a', 0], ['a: b', 1], ['- - - x', 3], ['[[[]]]', 3], ['a:\n  b:\n    c: {}', 4], ['!!map {}', 1]] as const) {
      const value = jsyaml.load(text);
      for (let maxDepth = 0; maxDepth <= 6; maxDepth++) {
        if (scanText(text, { maxDepth, maxDocuments: 10 }).bounded) expect(depthExceeds(value, maxDepth), `${text} at ${maxDepth}`).toBe(false);
      }
      expect(depthExceeds(value, depth)).toBe(false);
    }
  });

  it('gives the full scan result on every fixture, and takes the shortcut on most', () => {
    const files = ['fixtures', 'examples'].flatMap((d) => yamlFiles(path.join(ROOT, d)));
    let taken = 0;
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      for (const limits of [{ maxDepth: 200, maxDocuments: 10_000 }, { maxDepth: 5, maxDocuments: 3 }]) {
        expect(scanned(text, limits)).toEqual(scanned(text, limits, true));
      }
      if (withinLimits(text, { maxDepth: 200, maxDocuments: 10_000 })) taken++;
    }
    expect(taken).toBeGreaterThan(files.length / 2);
  });
});
