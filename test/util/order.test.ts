import { describe, expect, it } from 'vitest';
import { compareText } from '../../src/util/order.js';

describe('compareText', () => {
  it('orders by code unit, not by locale: upper case before lower case, "-" before letters', () => {
    expect(['west', 'East', 'east', 'a-b', 'ab', 'a'].sort(compareText)).toEqual(['East', 'a', 'a-b', 'ab', 'east', 'west']);
  });

  it('is 0 only for equal strings and antisymmetric otherwise', () => {
    expect(compareText('x', 'x')).toBe(0);
    expect(compareText('', 'a')).toBe(-1);
    expect(compareText('b', 'a')).toBe(1);
  });
});
