import { describe, expect, it } from 'vitest';
import { addTo } from '../src/util/multimap.js';

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
