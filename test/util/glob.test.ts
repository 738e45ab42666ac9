import { describe, expect, it } from 'vitest';
import { globMatcher, matchesAny } from '../../src/util/glob.js';

describe('globMatcher', () => {
  const cases: Array<[string, string, boolean]> = [
    ['k8s/*.yaml', 'k8s/web.yaml', true],
    ['k8s/*.yaml', 'k8s/sub/web.yaml', false],
    ['k8s/**/*.yaml', 'k8s/web.yaml', true],
    ['k8s/**/*.yaml', 'k8s/a/b/web.yaml', true],
    ['k8s/**/*.yaml', 'other/web.yaml', false],
    ['**/legacy/**', 'x/legacy/y/z.yaml', true],
    ['**/legacy/**', 'x/legacyz/y.yaml', false],
    ['*.json', 'deep/down/a.json', true],
    ['*.json', 'deep/down/a.yaml', false],
    ['k8s/legacy', 'k8s/legacy/a.yaml', true],
    ['k8s/legacy/', 'k8s/legacy/b/a.yaml', true],
    ['k8s/legacy', 'k8s/legacy-new/a.yaml', false],
    ['./k8s/*.y?ml', 'k8s/a.yaml', true],
    ['k8s/*.y?ml', 'k8s/a.yml', false],
    ['k8s/{east,west}/*.yaml', 'k8s/west/a.yaml', true],
    ['k8s/{east,west}/*.yaml', 'k8s/north/a.yaml', false],
    ['k8s/[ab]*.yaml', 'k8s/b1.yaml', true],
    ['k8s/[!ab]*.yaml', 'k8s/b1.yaml', false],
    ['a.b/c+d.yaml', 'a.b/c+d.yaml', true],
    ['a.b/c+d.yaml', 'aXb/c+d.yaml', false],
  ];
  for (const [glob, path, want] of cases) {
    it(`${glob} ${want ? 'matches' : 'does not match'} ${path}`, () => {
      expect(globMatcher(glob)(path)).toBe(want);
    });
  }
  it('matchesAny', () => {
    expect(matchesAny(['a/*', 'b/*'], 'b/x')).toBe(true);
    expect(matchesAny([], 'b/x')).toBe(false);
  });
});
