// src/model/version.ts: versions as users write them, edge releases read as their stable line.

import { describe, expect, it } from 'vitest';
import { atLeast, EDGE_OF_STABLE, isVersion, parseVersion, stableOfEdge } from '../../src/model/version.js';

describe('parseVersion', () => {
  it('reads stable, version-, v and enterprise- forms', () => {
    expect(parseVersion('2.18')).toMatchObject({ major: 2, minor: 18, patch: 0 });
    expect(parseVersion('stable-2.13.4')).toMatchObject({ major: 2, minor: 13, patch: 4 });
    expect(parseVersion('version-2.17')).toMatchObject({ major: 2, minor: 17 });
    expect(parseVersion('enterprise-2.17.1')).toMatchObject({ major: 2, minor: 17, patch: 1, text: 'enterprise-2.17.1' });
    expect(parseVersion('v3.9')).toMatchObject({ major: 3, minor: 9 });
  });

  it('reads an edge release as the stable line it precedes, keeping the text', () => {
    expect(parseVersion('edge-24.11.8')).toMatchObject({ major: 2, minor: 17, patch: 0, text: 'edge-24.11.8' });
    expect(parseVersion('edge-24.10.1')).toMatchObject({ major: 2, minor: 17 });
    expect(parseVersion('edge-24.11.9')).toMatchObject({ major: 2, minor: 18 });
    expect(parseVersion('edge-25.4.4')).toMatchObject({ major: 2, minor: 18 });
    expect(parseVersion('edge-21.6.1')).toMatchObject({ major: 2, minor: 11 });
    expect(parseVersion('edge-20.1.1')).toMatchObject({ major: 2, minor: 8 });
    expect(parseVersion('edge-27.1.1')).toMatchObject({ major: 2, minor: 21 });
    expect(atLeast(parseVersion('edge-24.11.8'), '2.17')).toBe(true);
    expect(atLeast(parseVersion('edge-24.11.8'), '2.18')).toBe(false);
  });

  it('refuses what is not a version', () => {
    for (const t of ['latest', 'edge-24.11', 'edge', 'enterprise-', '2.x']) {
      expect(isVersion(t), t).toBe(false);
      expect(() => parseVersion(t)).toThrow(/not a version/);
    }
  });
});

describe('EDGE_OF_STABLE', () => {
  it('is in release order, both columns', () => {
    for (let i = 1; i < EDGE_OF_STABLE.length; i++) {
      const [a, ea] = EDGE_OF_STABLE[i - 1];
      const [b, eb] = EDGE_OF_STABLE[i];
      expect(atLeast(parseVersion(b), a) && a !== b).toBe(true);
      expect(stableOfEdge(ea)).toEqual({ major: 2, minor: Number(a.split('.')[1]) });
      expect(stableOfEdge(eb)).toEqual({ major: 2, minor: Number(b.split('.')[1]) });
    }
  });
});
