// Versions as users write them: "2.18", "2.8.1", "stable-2.8.1", "v3.9", "edge-24.1.1" is not a
// release line and is read as the newest.

export interface Version {
  major: number;
  minor: number;
  patch: number;
  /** As written, for messages. */
  text: string;
}

const VERSION = /^(?:stable-|version-|v)?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/;

/** Whether `text` is a version meshlint understands. */
export function isVersion(text: string): boolean {
  return VERSION.test(text.trim());
}

export function parseVersion(text: string): Version {
  const m = VERSION.exec(text.trim());
  if (!m) throw new Error(`"${text}" is not a version such as 2.18 or 3.9`);
  return { major: Number(m[1]), minor: Number(m[2] ?? 0), patch: Number(m[3] ?? 0), text: text.trim() };
}

/** Thresholds of `atLeast`, parsed once: they are literals, and some checks run per pair of resources. */
const thresholds = new Map<string, Version>();

/** v >= "major.minor[.patch]". */
export function atLeast(v: Version, than: string): boolean {
  let t = thresholds.get(than);
  if (!t) thresholds.set(than, (t = parseVersion(than)));
  if (v.major !== t.major) return v.major > t.major;
  if (v.minor !== t.minor) return v.minor > t.minor;
  return v.patch >= t.patch;
}
