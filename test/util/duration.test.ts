// Go's time.ParseDuration in src/util/duration.ts.

import { describe, expect, it } from 'vitest';
import { isGoDuration, parseGoDuration } from '../../src/util/duration.js';

const ns = (text: string) => {
  const r = parseGoDuration(text);
  if (!r.ok) throw new Error(`${text}: ${r.error}`);
  return r.nanoseconds;
};

describe('parseGoDuration', () => {
  it('reads single terms in every unit', () => {
    expect(ns('3s')).toBe(3_000_000_000n);
    expect(ns('10ns')).toBe(10n);
    expect(ns('7us')).toBe(7_000n);
    expect(ns('7\u00b5s')).toBe(7_000n);
    expect(ns('7\u03bcs')).toBe(7_000n);
    expect(ns('250ms')).toBe(250_000_000n);
    expect(ns('2m')).toBe(120_000_000_000n);
    expect(ns('1h')).toBe(3_600_000_000_000n);
  });

  it('reads compound, fractional and signed durations', () => {
    expect(ns('1h30m')).toBe(5_400_000_000_000n);
    expect(ns('1m30s')).toBe(90_000_000_000n);
    expect(ns('2.5s')).toBe(2_500_000_000n);
    expect(ns('.5s')).toBe(500_000_000n);
    expect(ns('5.s')).toBe(5_000_000_000n);
    expect(ns('1.0000000001s')).toBe(1_000_000_000n); // below a nanosecond is truncated
    expect(ns('-1.5h')).toBe(-5_400_000_000_000n);
    expect(ns('+3s')).toBe(3_000_000_000n);
  });

  it('accepts a bare zero, signed or not, and nothing else without a unit', () => {
    expect(ns('0')).toBe(0n);
    expect(ns('-0')).toBe(0n);
    expect(ns('+0')).toBe(0n);
    expect(isGoDuration('3')).toBe(false);
    expect(isGoDuration('00')).toBe(false);
    expect(isGoDuration('1s2')).toBe(false);
  });

  it('rejects what Go rejects', () => {
    for (const bad of ['', '-', '+', 's', '.s', '.', '3S', '3 s', ' 3s', '3s ', '3sec', '1d', '1.5.5s', '3s-1s', 'h1', '1e3s']) {
      expect(isGoDuration(bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it('explains the failure', () => {
    expect(parseGoDuration('3S')).toEqual({ ok: false, error: '"S" is not a unit (use ns, us, ms, s, m or h)' });
    expect(parseGoDuration('3')).toMatchObject({ ok: false, error: expect.stringContaining('unit after "3" is missing') });
  });

  it('rejects values beyond a signed 64-bit count of nanoseconds', () => {
    expect(ns('2562047h47m16.854775807s')).toBe((1n << 63n) - 1n);
    expect(isGoDuration('2562047h47m16.854775808s')).toBe(false);
    expect(ns('-2562047h47m16.854775808s')).toBe(-(1n << 63n));
    expect(isGoDuration('9223372036854775808ns')).toBe(false);
    expect(isGoDuration('3000000h')).toBe(false);
  });
});
