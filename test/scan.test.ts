// The pre-scan's counting shortcut (withinLimits) never changes its result: scanText, which
// takes the shortcut, and scanFull, which never does, agree on random texts and limits, on
// YAML a writer produces, and on every fixture.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import jsyaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { scanFull, scanText, withinLimits } from '../src/load/scan.js';
import { ROOT } from './helpers.js';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? yamlFiles(path.join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [path.join(dir, e.name)] : [],
  );
}

const limitsArb = fc.record({ maxDepth: fc.integer({ min: 0, max: 40 }), maxDocuments: fc.integer({ min: 1, max: 40 }) });
const yamlish = fc
  .array(fc.constantFrom('-', ' ', '  ', '\n', ':', '? ', '[', ']', '{', '}', ',', '#', '"', "'", '|', '>', '---', '...', 'a', 'key', '\\', '&x', '!t', '\r\n'), { maxLength: 80 })
  .map((parts) => parts.join(''));

describe('the pre-scan shortcut', () => {
  it('gives the full scan result on random text', () => {
    fc.assert(
      fc.property(yamlish, limitsArb, (text, limits) => {
        expect(scanText(text, limits)).toEqual(scanFull(text, limits));
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
        expect(scanText(text, limits)).toEqual(scanFull(text, limits));
      }),
      { numRuns: 1000 },
    );
  });

  it('gives the full scan result on every fixture, and takes the shortcut on most', () => {
    const files = ['fixtures', 'examples'].flatMap((d) => yamlFiles(path.join(ROOT, d)));
    let taken = 0;
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      for (const limits of [{ maxDepth: 200, maxDocuments: 10_000 }, { maxDepth: 5, maxDocuments: 3 }]) {
        expect(scanText(text, limits)).toEqual(scanFull(text, limits));
      }
      if (withinLimits(text, { maxDepth: 200, maxDocuments: 10_000 })) taken++;
    }
    expect(taken).toBeGreaterThan(files.length / 2);
  });
});
