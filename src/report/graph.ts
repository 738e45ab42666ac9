// A picture of the graph meshlint builds: resources as nodes, grouped by cluster and namespace,
// and the edges the rules reason about (Service → pods, Mapping → Service, Host — Mapping,
// gateway Service → Emissary, Link → gateway). An edge that a finding breaks is drawn red and
// labelled with the rule id; a resource with findings is outlined red.
// Rendered as Mermaid (for GitHub), Graphviz DOT, or JSON.

import type { Graph, HostNode, MappingNode } from '../model/graph.js';
import { addTo } from '../util/multimap.js';
import { linkTarget } from '../model/link.js';
import { ruleById } from '../engine/registry.js';
import type { EdgeKind } from '../engine/rule.js';
import type { Finding } from '../engine/types.js';
import type { Resource } from '../load/types.js';
import { refOf } from '../load/resources.js';

/** Formats of `meshlint graph`. */
export type GraphFormat = 'mermaid' | 'dot' | 'json';

export type { EdgeKind };

export interface GraphNode {
  id: string;
  kind: string;
  namespace: string;
  name: string;
  /** Cluster name; undefined for the default cluster. */
  cluster?: string;
  ref: string;
  /** File the resource is in; undefined for a resource that is referenced but missing. */
  file?: string;
  /** Rule ids of the findings on this resource. */
  findings: string[];
  /** Referenced (e.g. by a Mapping) but not among the inputs. */
  missing?: boolean;
}

export interface GraphEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  /** Rule ids of the findings that break this edge. */
  broken: string[];
}

export interface GraphModel {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

function nodeKey(cluster: string | undefined, ref: string): string {
  return `${cluster ?? ''}\u0000${ref}`;
}

/** `Kind ns/name` or `Kind name` back into its parts. */
export function parseRef(ref: string): { kind: string; namespace: string; name: string } | undefined {
  const m = /^(\S+) (?:([^/\s]+)\/)?(\S+)$/.exec(ref);
  return m ? { kind: m[1], namespace: m[2] ?? '', name: m[3] } : undefined;
}

export function buildGraphModel(graphs: ReadonlyMap<string, Graph>, findings: readonly Finding[] = []): GraphModel {
  const nodes: GraphNode[] = [];
  const byKey = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  const edgeKeys = new Set<string>();

  /** The node of `ref` in `cluster`, made by `make` the first time. */
  const node = (cluster: string | undefined, ref: string, make: (id: string) => GraphNode): GraphNode => {
    const k = nodeKey(cluster, ref);
    let n = byKey.get(k);
    if (!n) {
      n = make(`n${nodes.length}`);
      nodes.push(n);
      byKey.set(k, n);
    }
    return n;
  };
  const add = (cluster: string | undefined, r: Resource): GraphNode =>
    node(cluster, r.ref, (id) => ({ id, kind: r.kind, namespace: r.namespace, name: r.name, cluster, ref: r.ref, file: r.file.path, findings: [] }));
  const addMissing = (cluster: string | undefined, kind: string, namespace: string, name: string): GraphNode => {
    const ref = refOf(kind, namespace, name);
    return node(cluster, ref, (id) => ({ id, kind, namespace, name, cluster, ref, findings: [], missing: true }));
  };
  const link = (from: GraphNode, to: GraphNode, kind: EdgeKind) => {
    const k = `${from.id}\u0000${to.id}\u0000${kind}`;
    if (edgeKeys.has(k)) return;
    edgeKeys.add(k);
    edges.push({ from: from.id, to: to.id, kind, broken: [] });
  };

  for (const [name, g] of graphs) {
    const cluster = name || undefined;
    for (const p of g.podTemplates) add(cluster, p.resource);
    for (const s of g.services) add(cluster, s.resource);
    for (const m of g.mappings) add(cluster, m.resource);
    for (const h of g.hosts) add(cluster, h.resource);
    for (const l of g.links) add(cluster, l.resource);
    for (const s of g.services) {
      const from = add(cluster, s.resource);
      for (const p of s.pods) link(from, add(cluster, p.resource), s.isGateway && p.isEmissary ? 'gateway' : 'selects');
    }
    for (const m of g.mappings) {
      const from = add(cluster, m.resource);
      if (m.target) link(from, add(cluster, m.target.resource), 'routes');
      else if (m.inCluster && m.service && m.serviceNamespace) link(from, addMissing(cluster, 'Service', m.serviceNamespace, m.service.name), 'routes');
    }
    // Host edges are the answer's size: each Mapping's Hosts come from the association's indexes.
    const hostEdges = new Map<HostNode, MappingNode[]>();
    for (const m of g.mappings) for (const h of g.hostAssociation.hostsOf(m)) addTo(hostEdges, h, m);
    for (const h of g.hosts) {
      const from = add(cluster, h.resource);
      for (const m of hostEdges.get(h) ?? []) link(from, add(cluster, m.resource), 'host');
    }
  }
  // Links point at the gateway they were generated from, in the cluster they target.
  for (const [name, g] of graphs) {
    for (const l of g.links) {
      const target = linkTarget(g, l, graphs);
      if (!target?.gateway) continue;
      const from = byKey.get(nodeKey(name || undefined, l.resource.ref))!;
      link(from, add(target.graph.cluster, target.gateway.resource), 'link');
    }
  }

  // Findings: mark the resource, and the edges they break.
  const incident = new Map(nodes.map((n) => [n.id, [] as GraphEdge[]]));
  for (const e of edges) {
    incident.get(e.from)!.push(e);
    incident.get(e.to)!.push(e);
  }
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const f of findings) {
    if (f.suppressed || !f.resource) continue;
    let subject = byKey.get(nodeKey(f.cluster, f.resource));
    if (!subject) {
      const parsed = parseRef(f.resource);
      const r = parsed ? graphs.get(f.cluster ?? '')?.find(parsed.kind, parsed.namespace, parsed.name)[0] : undefined;
      if (!r) continue;
      subject = add(f.cluster, r);
    }
    if (!subject.findings.includes(f.ruleId)) subject.findings.push(f.ruleId);
    const related = new Set(f.related.map((r) => r.resource).filter((r): r is string => !!r));
    const mine = incident.get(subject.id) ?? [];
    let hit = mine.filter((e) => related.has(byId.get(e.from === subject!.id ? e.to : e.from)!.ref));
    if (hit.length === 0) {
      const kind = ruleById(f.ruleId)?.meta.edge;
      hit = mine.filter((e) => e.kind === kind);
    }
    for (const e of hit) if (!e.broken.includes(f.ruleId)) e.broken.push(f.ruleId);
  }
  return { nodes, edges };
}

/** The part of the graph around the findings: resources with findings and their neighbours. */
export function aroundFindings(model: GraphModel, maxNodes = 60): { model: GraphModel; truncated: boolean } {
  const flagged = new Set(model.nodes.filter((n) => n.findings.length > 0).map((n) => n.id));
  for (const e of model.edges) if (e.broken.length) (flagged.add(e.from), flagged.add(e.to));
  const keep = new Set(flagged);
  for (const e of model.edges) {
    if (flagged.has(e.from)) keep.add(e.to);
    if (flagged.has(e.to)) keep.add(e.from);
  }
  let chosen = keep.size <= maxNodes ? keep : flagged;
  let truncated = chosen !== keep;
  if (chosen.size > maxNodes) {
    chosen = new Set([...flagged].slice(0, maxNodes));
    truncated = true;
  }
  return {
    model: {
      nodes: model.nodes.filter((n) => chosen.has(n.id)),
      edges: model.edges.filter((e) => chosen.has(e.from) && chosen.has(e.to)),
    },
    truncated,
  };
}

interface Group {
  label: string;
  nodes: GraphNode[];
  children: Map<string, Group>;
}

/** Nodes grouped by cluster (when there are named clusters), then namespace. */
function groups(model: GraphModel): Group {
  const root: Group = { label: '', nodes: [], children: new Map() };
  const named = model.nodes.some((n) => n.cluster !== undefined);
  for (const n of model.nodes) {
    let g = root;
    if (named) {
      const c = n.cluster ?? '(default)';
      if (!g.children.has(c)) g.children.set(c, { label: `cluster ${c}`, nodes: [], children: new Map() });
      g = g.children.get(c)!;
    }
    if (n.namespace) {
      if (!g.children.has(n.namespace)) g.children.set(n.namespace, { label: `namespace ${n.namespace}`, nodes: [], children: new Map() });
      g = g.children.get(n.namespace)!;
    }
    g.nodes.push(n);
  }
  return root;
}

const RED = '#d73a49';

function mermaidText(s: string): string {
  return s.replace(/&/g, '#amp;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

function nodeLabel(n: GraphNode, br: string): string {
  const lines = [n.kind, n.name];
  if (n.missing) lines.push('(not in the inputs)');
  if (n.findings.length) lines.push(n.findings.join(', '));
  return lines.join(br);
}

export function toMermaid(model: GraphModel): string {
  const out = ['flowchart LR'];
  let sub = 0;
  const walk = (g: Group, indent: string) => {
    for (const n of g.nodes) out.push(`${indent}${n.id}["${mermaidText(nodeLabel(n, '\n')).replace(/\n/g, '<br/>')}"]`);
    for (const child of g.children.values()) {
      out.push(`${indent}subgraph s${sub++}["${mermaidText(child.label)}"]`);
      walk(child, indent + '  ');
      out.push(`${indent}end`);
    }
  };
  walk(groups(model), '  ');
  const red: number[] = [];
  model.edges.forEach((e, i) => {
    const label = e.broken.length ? e.broken.join(', ') : e.kind;
    const arrow = e.kind === 'host' ? '---' : e.broken.length ? '-.->' : '-->';
    out.push(`  ${e.from} ${arrow}|"${mermaidText(label)}"| ${e.to}`);
    if (e.broken.length) red.push(i);
  });
  if (red.length) out.push(`  linkStyle ${red.join(',')} stroke:${RED},stroke-width:2px,color:${RED}`);
  const flagged = model.nodes.filter((n) => n.findings.length).map((n) => n.id);
  const missing = model.nodes.filter((n) => n.missing).map((n) => n.id);
  if (flagged.length) {
    out.push(`  classDef finding stroke:${RED},stroke-width:2px`);
    out.push(`  class ${flagged.join(',')} finding`);
  }
  if (missing.length) {
    out.push('  classDef missing stroke-dasharray:4 3');
    out.push(`  class ${missing.join(',')} missing`);
  }
  return out.join('\n') + '\n';
}

function dotString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

export function toDot(model: GraphModel): string {
  const out = ['digraph meshlint {', '  rankdir=LR;', '  graph [fontname="Helvetica", fontsize=11];', '  node [shape=box, fontname="Helvetica", fontsize=10];', '  edge [fontname="Helvetica", fontsize=9];'];
  let sub = 0;
  const walk = (g: Group, indent: string) => {
    for (const n of g.nodes) {
      const attrs = [`label=${dotString(nodeLabel(n, '\n'))}`];
      if (n.findings.length) attrs.push(`color="${RED}"`, 'penwidth=2');
      if (n.missing) attrs.push('style=dashed');
      out.push(`${indent}${n.id} [${attrs.join(', ')}];`);
    }
    for (const child of g.children.values()) {
      out.push(`${indent}subgraph cluster_${sub++} {`);
      out.push(`${indent}  label=${dotString(child.label)};`);
      walk(child, indent + '  ');
      out.push(`${indent}}`);
    }
  };
  walk(groups(model), '  ');
  for (const e of model.edges) {
    const attrs = [`label=${dotString(e.broken.length ? e.broken.join(', ') : e.kind)}`];
    if (e.kind === 'host') attrs.push('dir=none');
    if (e.broken.length) attrs.push(`color="${RED}"`, `fontcolor="${RED}"`, 'penwidth=2', 'style=dashed');
    out.push(`  ${e.from} -> ${e.to} [${attrs.join(', ')}];`);
  }
  out.push('}');
  return out.join('\n') + '\n';
}

export const GRAPH_JSON_VERSION = 1;

export function toJson(model: GraphModel): string {
  return JSON.stringify({ version: GRAPH_JSON_VERSION, nodes: model.nodes, edges: model.edges }, null, 2) + '\n';
}

export function renderGraph(model: GraphModel, format: GraphFormat): string {
  return format === 'dot' ? toDot(model) : format === 'json' ? toJson(model) : toMermaid(model);
}
