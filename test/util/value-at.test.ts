// valueAt in src/util/value-at.ts: reading a field by path through mappings and lists.

import { describe, expect, it } from 'vitest';
import { valueAt } from '../../src/util/object.js';

describe('valueAt', () => {
  const obj = { spec: { ports: [{ name: 'http', port: 80 }], rule: null, text: 'abc' } };

  it('follows mapping keys and list indexes', () => {
    expect(valueAt(obj, ['spec', 'ports', 0, 'port'])).toBe(80);
    expect(valueAt(obj, ['spec', 'rule'])).toBeNull();
    expect(valueAt(obj, [])).toBe(obj);
  });

  it('gives undefined when a step is missing or is not a mapping or a list', () => {
    expect(valueAt(obj, ['spec', 'missing', 'deeper'])).toBeUndefined();
    expect(valueAt(obj, ['spec', 'rule', 'action'])).toBeUndefined();
    expect(valueAt(obj, ['spec', 'text', 'length'])).toBeUndefined();
    expect(valueAt(obj, ['spec', 'ports', 'name'])).toBeUndefined();
    expect(valueAt(undefined, ['spec'])).toBeUndefined();
  });
});
