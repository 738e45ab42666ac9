// Versions as users write them: "2.18", "2.8.1", "stable-2.8.1", "version-2.18", "v3.9",
// "enterprise-2.17.1" (Buoyant Enterprise for Linkerd: the same version), and Linkerd's edge
// releases ("edge-24.11.8"), which are read as the stable line they precede.

export interface Version {
  major: number;
  minor: number;
  patch: number;
  /** As written, for messages. */
  text: string;
}

const VERSION = /^(?:stable-|version-|enterprise-|v)?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/;
const EDGE = /^edge-(\d+)\.(\d+)\.(\d+)$/;

/**
 * Linkerd's stable lines and the edge release each corresponds to: the last edge release whose
 * code the stable release contains. From 2.15 these are linkerd.io's releases page
 * (`linkerd/website:linkerd.io/data/versions.yaml`, "corresponding edge release"); before 2.15
 * they are the newest edge tag behind each `stable-2.X.0` tag of linkerd/linkerd2
 * (`git describe --tags --match 'edge-*' stable-2.X.0`).
 */
export const EDGE_OF_STABLE: ReadonlyArray<readonly [stable: string, edge: string]> = [
  ['2.8', 'edge-20.6.2'],
  ['2.9', 'edge-20.11.1'],
  ['2.10', 'edge-21.3.2'],
  ['2.11', 'edge-21.9.5'],
  ['2.12', 'edge-22.8.2'],
  ['2.13', 'edge-23.4.1'],
  ['2.14', 'edge-23.8.3'],
  ['2.15', 'edge-24.2.4'],
  ['2.16', 'edge-24.8.2'],
  ['2.17', 'edge-24.11.8'],
  ['2.18', 'edge-25.4.4'],
  ['2.19', 'edge-25.10.7'],
  ['2.20', 'edge-26.6.3'],
];

function edgeKey(m: RegExpExecArray): [number, number, number] {
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function compareTriples(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/**
 * The stable line an edge release precedes: the first whose corresponding edge release is this
 * one or later (edge-24.11.8 is 2.17; edge-24.10.1 comes before 2.17 and is read as 2.17 too;
 * edge-25.1.1 as 2.18). An edge release after the newest line in the table is read as the line
 * after it. Edge releases before 2.8's are read as 2.8, the oldest line meshlint knows.
 */
export function stableOfEdge(edge: string): { major: number; minor: number } | undefined {
  const m = EDGE.exec(edge.trim());
  if (!m) return undefined;
  const key = edgeKey(m);
  for (const [stable, e] of EDGE_OF_STABLE) {
    if (compareTriples(key, edgeKey(EDGE.exec(e)!)) <= 0) {
      const [major, minor] = stable.split('.').map(Number);
      return { major, minor };
    }
  }
  const [major, minor] = EDGE_OF_STABLE[EDGE_OF_STABLE.length - 1][0].split('.').map(Number);
  return { major, minor: minor + 1 };
}

/** Whether `text` is a version meshlint understands. */
export function isVersion(text: string): boolean {
  return VERSION.test(text.trim()) || EDGE.test(text.trim());
}

export function parseVersion(text: string): Version {
  const t = text.trim();
  const m = VERSION.exec(t);
  if (m) return { major: Number(m[1]), minor: Number(m[2] ?? 0), patch: Number(m[3] ?? 0), text: t };
  const edge = stableOfEdge(t);
  if (edge) return { ...edge, patch: 0, text: t };
  throw new Error(`"${text}" is not a version such as 2.18, 3.9, edge-24.11.8 or enterprise-2.17.1`);
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
