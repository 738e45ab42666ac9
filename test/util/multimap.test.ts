import { describe, expect, it } from 'vitest';
import { addTo, Index3 } from '../../src/util/multimap.js';

describe('addTo', () => {
  it('creates a list on first use and appends in order, keeping the same list', () => {
    const m = new Map<string, number[]>();
    addTo(m, 'a', 1);
    const first = m.get('a');
    addTo(m, 'a', 2);
    addTo(m, 'b', 3);
    expect(m.get('a')).toBe(first);
    expect([...m]).toEqual([['a', [1, 2]], ['b', [3]]]);
  });
});

describe('Index3', () => {
  it('groups values under three keys without mixing keys that would join alike', () => {
    const ix = new Index3<number>();
    const first = ix.add('Service', 'a', 'b', 1);
    expect(ix.add('Service', 'a', 'b', 2)).toBe(first);
    ix.add('Service', 'a\u0000b', '', 3);
    ix.add('Service', 'a', 'b\u0000', 4);
    ix.add('Pod', 'a', 'b', 5);
    expect(ix.get('Service', 'a', 'b')).toEqual([1, 2]);
    expect(ix.get('Service', 'a\u0000b', '')).toEqual([3]);
    expect(ix.get('Service', 'x', 'b')).toBeUndefined();
    expect([...ix.lists()]).toEqual([[1, 2], [4], [3], [5]]);
  });
});
