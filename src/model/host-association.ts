// Host <-> Mapping association answered from indexes, never by pairing every Mapping with every
// Host. A Mapping on `*` (or a host_regex) fits every Host's hostname and a Host on `*` fits every
// Mapping with a hostname: those are classes, kept as counts and lists, not as per-pair entries.
// Exact hostnames are looked up; a Host glob (`*.example.com`, `api.*`) is found from the
// Mapping's name by its suffixes and prefixes; Host selectors are grouped by their matchLabels
// and found from a Mapping's labels. Each answer costs the labels and hostname of the Mapping
// plus the size of the answer.

import { hasHostname, hostAssociates, hostglobMatches, type HostRules, type HostView, type MappingHostView } from './emissary.js';
import type { StringMap } from '../util/object.js';
import { addTo } from '../util/multimap.js';

/** Hosts that share one set of matchLabels. */
interface SelectorClass<HostNode> {
  entries: Array<[string, string]>;
  hosts: HostNode[];
  /** Members whose hostname is `*` (they fit every Mapping with a hostname). */
  wild: HostNode[];
}

/** Whether a Mapping fits every Host by hostname (`*`, or a host_regex). */
function fitsAll(view: MappingHostView): boolean {
  return view.regex || view.glob === '*';
}

/** What the association reads of a Host and of a Mapping (the graph's nodes carry more). */
export interface AssociatedHost {
  view: HostView;
}
export interface AssociatedMapping {
  hostView: MappingHostView;
}

const lower = (h: AssociatedHost) => h.view.hostname.toLowerCase();

export class HostAssociation<HostNode extends AssociatedHost, MappingNode extends AssociatedMapping> {
  readonly rules: HostRules;
  private readonly hosts: HostNode[];
  /** Hosts without a selector, or with one without matchLabels: the hostname alone decides for a Mapping with one. */
  private readonly open: HostNode[] = [];
  private readonly openSet = new Set<HostNode>();
  /** Hosts whose selector has no matchLabels: they take every Mapping without a hostname too. */
  private readonly matchAll: HostNode[] = [];
  /** Hosts with hostname `*`. */
  private readonly wild: HostNode[] = [];
  private readonly byName = new Map<string, HostNode[]>();
  /** `*suffix` Hosts by suffix, `prefix*` Hosts by prefix. */
  private readonly leading = new Map<string, HostNode[]>();
  private readonly trailing = new Map<string, HostNode[]>();
  /** Hosts whose hostname has a `*` other than being `*`. */
  private readonly patterned: HostNode[] = [];
  /** Hosts whose hostname has no `*`, sorted by name and by reversed name (built when a Mapping glob needs them). */
  private exactSorted?: Array<[string, HostNode]>;
  private exactReversed?: Array<[string, HostNode]>;
  private readonly classOf = new Map<HostNode, SelectorClass<HostNode>>();
  /** Strict: each class under its rarest (key, value) pair. Loose: each Host under every pair. */
  private readonly anchored = new Map<string, Map<string, SelectorClass<HostNode>[]>>();
  private readonly byPair = new Map<string, Map<string, HostNode[]>>();
  /** Hosts (other than `*` ones) whose hostname fits a Mapping glob, per lower-case glob. */
  private readonly fitCache = new Map<string, HostNode[]>();

  constructor(hosts: HostNode[], rules: HostRules) {
    this.hosts = hosts;
    this.rules = rules;
    const classes = new Map<string, SelectorClass<HostNode>>();
    for (const h of hosts) {
      const name = lower(h);
      addTo(this.byName, name, h);
      if (name === '*') this.wild.push(h);
      else if (name.includes('*')) {
        this.patterned.push(h);
        const starts = name.startsWith('*');
        const ends = name.endsWith('*');
        if (starts && !ends) addTo(this.leading, name.slice(1), h);
        else if (ends && !starts) addTo(this.trailing, name.slice(0, -1), h);
      }
      if (h.view.selector === undefined || h.view.matchLabels.length === 0) {
        this.open.push(h);
        this.openSet.add(h);
        if (h.view.selector !== undefined) this.matchAll.push(h);
        continue;
      }
      const entries = [...h.view.matchLabels].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      const key = JSON.stringify(entries);
      let cls = classes.get(key);
      if (!cls) classes.set(key, (cls = { entries, hosts: [], wild: [] }));
      cls.hosts.push(h);
      if (name === '*') cls.wild.push(h);
      this.classOf.set(h, cls);
      for (const [k, v] of entries) addTo(nested(this.byPair, k), v, h);
    }
    if (rules.strict) {
      // A Mapping matches a class only with every pair, so one pair per class finds it; the rarest
      // keeps the candidates few.
      for (const cls of classes.values()) {
        let best = cls.entries[0];
        let bestCount = Infinity;
        for (const [k, v] of cls.entries) {
          const n = this.byPair.get(k)?.get(v)?.length ?? 0;
          if (n < bestCount) [best, bestCount] = [[k, v], n];
        }
        addTo(nested(this.anchored, best[0]), best[1], cls);
      }
    }
  }

  /** Whether this Host takes this Mapping. */
  takes(h: HostNode, m: MappingNode): boolean {
    return hostAssociates(h.view, m.hostView, this.rules.strict);
  }

  /** Whether any Host takes this Mapping. */
  hasHost(m: MappingNode): boolean {
    const view = m.hostView;
    if (view.rejected || this.hosts.length === 0) return false;
    const named = hasHostname(view);
    if (this.rules.strict) {
      if (named) {
        if (fitsAll(view)) {
          if (this.open.length > 0) return true;
        } else if (this.wild.some((h) => this.openSet.has(h)) || this.fitting(view.glob!).some((h) => this.openSet.has(h))) return true;
        const matched = this.strictClasses(view.labels);
        if (matched.length === 0) return false;
        if (fitsAll(view) || matched.some((c) => c.wild.length > 0)) return true;
        const set = new Set(matched);
        return this.fitting(view.glob!).some((h) => set.has(this.classOf.get(h)!));
      }
      return this.matchAll.length > 0 || this.strictClasses(view.labels).length > 0;
    }
    if (named && (fitsAll(view) || this.wild.length > 0 || this.fitting(view.glob!).length > 0)) return true;
    if (this.matchAll.length > 0) return true;
    for (const k in view.labels) if (this.byPair.get(k)?.has(String(view.labels[k]))) return true;
    return false;
  }

  /** The Hosts that take this Mapping (the cost is that of the answer). */
  hostsOf(m: MappingNode): HostNode[] {
    const view = m.hostView;
    if (view.rejected) return [];
    if (fitsAll(view)) return this.hosts.filter((h) => this.takes(h, m));
    const out = new Set<HostNode>();
    const consider = (h: HostNode) => {
      if (!out.has(h) && this.takes(h, m)) out.add(h);
    };
    if (view.glob !== undefined) {
      this.wild.forEach(consider);
      this.fitting(view.glob).forEach(consider);
    }
    this.matchAll.forEach(consider);
    if (this.rules.strict) for (const c of this.strictClasses(view.labels)) c.hosts.forEach(consider);
    else for (const k in view.labels) this.byPair.get(k)?.get(String(view.labels[k]))?.forEach(consider);
    return this.hosts.filter((h) => out.has(h));
  }

  /**
   * Every Host that takes at least one of these Mappings, with the first such Mapping. Each class
   * of Hosts (all open Hosts for a `*` Mapping, the `*` Hosts, a selector class) is walked once.
   */
  hostsTakingAny(mappings: Iterable<MappingNode>): Map<HostNode, MappingNode> {
    const out = new Map<HostNode, MappingNode>();
    const give = (list: Iterable<HostNode>, m: MappingNode) => {
      for (const h of list) if (!out.has(h)) out.set(h, m);
    };
    const strict = this.rules.strict;
    const done = new Set<unknown>();
    const once = (key: unknown): boolean => !done.has(key) && (done.add(key), true);
    for (const m of mappings) {
      if (out.size === this.hosts.length) break;
      const view = m.hostView;
      if (view.rejected) continue;
      const named = hasHostname(view);
      if (named) {
        if (fitsAll(view)) {
          if (once('all')) give(strict ? this.open : this.hosts, m);
        } else {
          if (once('wild')) give(strict ? this.wild.filter((h) => this.openSet.has(h)) : this.wild, m);
          const fit = this.fitting(view.glob!);
          if (once(`glob:${view.glob!.toLowerCase()}`)) give(strict ? fit.filter((h) => this.openSet.has(h)) : fit, m);
          if (strict) {
            const matched = new Set(this.strictClasses(view.labels));
            if (matched.size > 0) give(fit.filter((h) => matched.has(this.classOf.get(h)!)), m);
            for (const c of matched) if (once(c.wild)) give(c.wild, m);
          }
        }
      } else if (strict && once('matchAll')) give(this.matchAll, m);
      if (strict) {
        if (!named || fitsAll(view)) for (const c of this.strictClasses(view.labels)) if (once(c)) give(c.hosts, m);
      } else {
        if (once('matchAll')) give(this.matchAll, m);
        for (const k in view.labels) {
          const list = this.byPair.get(k)?.get(String(view.labels[k]));
          if (list && once(list)) give(list, m);
        }
      }
    }
    return out;
  }

  /**
   * A Host with a selector whose hostname fits this Mapping (under strict selectors, such a Host
   * refuses a Mapping without every label), or undefined.
   */
  selectorHostFitting(m: MappingNode): HostNode | undefined {
    const view = m.hostView;
    if (!hasHostname(view)) return undefined;
    const bySelector = (h: HostNode) => !this.openSet.has(h);
    if (fitsAll(view)) return this.hosts.find(bySelector);
    return this.wild.find(bySelector) ?? this.fitting(view.glob!).find(bySelector);
  }

  /** Selector classes all of whose pairs the labels carry (strict rules). */
  private strictClasses(labels: StringMap): SelectorClass<HostNode>[] {
    const out: SelectorClass<HostNode>[] = [];
    for (const k in labels) {
      const list = this.anchored.get(k)?.get(String(labels[k]));
      if (!list) continue;
      for (const c of list) if (c.entries.every(([ck, cv]) => ck in labels && String(labels[ck]) === cv)) out.push(c);
    }
    return out;
  }

  /** Hosts other than `*` ones whose hostname fits a Mapping glob (not `*`). */
  private fitting(glob: string): HostNode[] {
    const g = glob.toLowerCase();
    let out = this.fitCache.get(g);
    if (out) return out;
    const found = new Set<HostNode>();
    const add = (list: HostNode[] | undefined) => {
      for (const h of list ?? []) if (lower(h) !== '*' && hostglobMatches(h.view.hostname, g)) found.add(h);
    };
    add(this.byName.get(g));
    if (!g.includes('*')) {
      // A Host `*s` fits when s is a proper suffix of the name; `p*` when p is a proper prefix.
      if (this.leading.size > 0) for (let i = 1; i < g.length; i++) add(this.leading.get(g.slice(i)));
      if (this.trailing.size > 0) for (let i = g.length - 1; i > 0; i--) add(this.trailing.get(g.slice(0, i)));
    } else {
      // A Mapping glob: exact Hosts by a range of sorted names; Host globs (few) one by one.
      const starts = g.startsWith('*');
      const ends = g.endsWith('*');
      if (starts && !ends) add(this.exactWith(true, reverse(g.slice(1))));
      else if (ends && !starts) add(this.exactWith(false, g.slice(0, -1)));
      add(this.patterned);
    }
    out = this.hosts.filter((h) => found.has(h));
    this.fitCache.set(g, out);
    return out;
  }

  /** Hosts with an exact hostname that starts with `prefix` (reversed: ends with its reverse). */
  private exactWith(reversed: boolean, prefix: string): HostNode[] {
    if (!this.exactSorted) {
      const exact = this.hosts.filter((h) => !lower(h).includes('*'));
      const sorted = (key: (h: HostNode) => string) =>
        exact.map((h): [string, HostNode] => [key(h), h]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      this.exactSorted = sorted(lower);
      this.exactReversed = sorted((h) => reverse(lower(h)));
    }
    const list = reversed ? this.exactReversed! : this.exactSorted;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid][0] < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: HostNode[] = [];
    for (let i = lo; i < list.length && list[i][0].startsWith(prefix); i++) out.push(list[i][1]);
    return out;
  }
}

function nested<V>(map: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let inner = map.get(key);
  if (!inner) map.set(key, (inner = new Map()));
  return inner;
}

function reverse(s: string): string {
  let out = '';
  for (let i = s.length - 1; i >= 0; i--) out += s[i];
  return out;
}
