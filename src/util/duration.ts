// Go's time.ParseDuration, for duration values written for a Go program to read.
//
// Grammar: an optional sign, then one or more `<number><unit>` terms, where a number is decimal
// digits with an optional fraction (at least one digit on either side of the point) and a unit
// is one of ns, us, µs (U+00B5), μs (U+03BC), ms, s, m, h. "0" alone (signed or not) is allowed
// without a unit. The total must fit in a signed 64-bit count of nanoseconds.

export type DurationResult = { ok: true; nanoseconds: bigint } | { ok: false; error: string };

const UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  '\u00b5s': 1_000n,
  '\u03bcs': 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const MAX = (1n << 63n) - 1n;

/** Parse like Go's time.ParseDuration. */
export function parseGoDuration(text: string): DurationResult {
  const bad = (why: string): DurationResult => ({ ok: false, error: why });
  let s = text;
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return { ok: true, nanoseconds: 0n };
  if (s === '') return bad('it is empty');
  let total = 0n;
  while (s !== '') {
    const num = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    const whole = num[1];
    const frac = num[2];
    if (whole === '' && (frac === undefined || frac === '')) return bad(`a number is missing before "${s}"`);
    s = s.slice(num[0].length);
    const unitMatch = /^[^\d.]+/.exec(s);
    if (!unitMatch) return bad(`the unit after "${num[0]}" is missing (use ns, us, ms, s, m or h)`);
    const unitText = unitMatch[0];
    const unit = UNITS[unitText];
    if (unit === undefined) return bad(`"${unitText}" is not a unit (use ns, us, ms, s, m or h)`);
    s = s.slice(unitText.length);
    let term = BigInt(whole === '' ? '0' : whole) * unit;
    if (frac) {
      // The fraction's contribution, truncated to whole nanoseconds as Go does.
      term += (BigInt(frac) * unit) / 10n ** BigInt(frac.length);
    }
    total += term;
    if (total > MAX + (negative ? 1n : 0n)) return bad('it is out of range');
  }
  return { ok: true, nanoseconds: negative ? -total : total };
}

/** Whether `text` is a valid Go duration. */
export function isGoDuration(text: string): boolean {
  return parseGoDuration(text).ok;
}
