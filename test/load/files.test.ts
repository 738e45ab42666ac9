// Reading helpers: paths shown relative to the working directory, and decoding bytes.

import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, displayPath } from '../../src/load/files.js';

/** The display path as path.relative gives it (the shortcut must agree). */
function reference(cwd: string, abs: string): string {
  const rel = path.relative(cwd, abs);
  const shown = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
  return shown.split(path.sep).join('/');
}

describe('displayPath', () => {
  it('agrees with path.relative on random paths, normal or not', () => {
    const seg = fc.constantFrom('a', 'b', '.', '..', '', '.x', 'x..y', 'k8s');
    const p = fc.array(seg, { maxLength: 5 }).map((s) => '/' + s.join('/'));
    fc.assert(
      fc.property(p, p, (cwd, rest) => {
        for (const abs of [rest, cwd + rest, cwd + '/' + rest]) expect(displayPath(cwd, abs), `${cwd} ${abs}`).toBe(reference(cwd, abs));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('decode', () => {
  it('finds the first bad byte of invalid UTF-8 and passes valid text through', () => {
    expect(decode(Buffer.from('a: é\n'))).toEqual({ text: 'a: é\n' });
    expect(decode(Buffer.from([0xef, 0xbb, 0xbf, 0x61]))).toEqual({ text: 'a' });
    const bad = decode(Buffer.from([0x61, 0x0a, 0x62, 0xc0, 0x80]));
    expect(bad.problem).toMatchObject({ line: 2, column: 2 });
    expect(decode(Buffer.from([0xed, 0xa0, 0x80])).problem?.line).toBe(1); // a surrogate
  });
});
