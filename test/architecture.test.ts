// The layout is the pipeline: every module of src/ and rules/ imports only its own stage or a
// stage below it, and no module imports itself back through others. The graph is read from the
// sources (static imports, re-exports, `import type` and dynamic `import()` alike).

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

/**
 * The stages, top to bottom, and what each may import besides itself. A module's stage is its
 * folder under src/ (src/lint.ts is the stage `lint`), or `rules` for rules/.
 */
const MAY_IMPORT: Record<string, readonly string[]> = {
  cli: ['lint', 'report', 'fix', 'engine', 'model', 'load', 'yaml', 'util'],
  lint: ['engine', 'model', 'load', 'yaml', 'util'],
  report: ['engine', 'model', 'load', 'yaml', 'util'],
  fix: ['engine', 'model', 'load', 'yaml', 'util'],
  // The registry (engine/registry.ts) lists the rules; nothing else in engine/ may.
  engine: ['rules', 'model', 'load', 'yaml', 'util'],
  rules: ['engine', 'model'],
  model: ['load', 'yaml', 'util'],
  load: ['yaml', 'util'],
  yaml: ['util'],
  util: [],
};

/**
 * The one cycle left, between the two command-line readers, goes with them when the command line
 * is read by one parser (issue 11, item 3). Delete the entry then.
 */
const BEING_REMOVED = ['src/cli/args.ts -> src/cli/main.ts -> src/cli/args.ts'];

/** A rule imports the rule API and the model's front door, nothing else of src/. */
const RULE_MAY_IMPORT = new Set(['src/engine/rule.ts', 'src/model/index.ts']);

function sourcesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...sourcesUnder(rel));
    else if (entry.name.endsWith('.ts')) out.push(rel);
  }
  return out;
}

function stageOf(file: string): string {
  if (file.startsWith('rules/')) return 'rules';
  if (file === 'src/lint.ts') return 'lint';
  return file.split('/')[1];
}

/** The project files `file` imports (relative specifiers only; packages are not layers). */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(path.join(ROOT, file), 'utf8'), true, true);
  return info.importedFiles
    .map((f) => f.fileName)
    .filter((s) => s.startsWith('.'))
    .map((s) => path.posix.normalize(path.posix.join(path.posix.dirname(file), s)).replace(/\.js$/, '.ts'));
}

const FILES = [...sourcesUnder('src'), ...sourcesUnder('rules')].sort();
const GRAPH = new Map(FILES.map((f) => [f, importsOf(f)]));

/** Every cycle, each once, as the list of modules from its smallest member round to it again. */
function cycles(graph: Map<string, string[]>): string[][] {
  // Tarjan's strongly connected components; a component of more than one module (or a module
  // importing itself) holds a cycle, which is then spelled out by a search inside it.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || (graph.get(v) ?? []).includes(v)) components.push(comp.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return components.map((comp) => {
    const members = new Set(comp);
    const start = comp[0];
    // Breadth-first from start back to start, inside the component: the shortest cycle through it.
    const from = new Map<string, string>();
    const queue = [start];
    while (queue.length > 0) {
      const v = queue.shift()!;
      for (const w of graph.get(v) ?? []) {
        if (!members.has(w)) continue;
        if (w === start) {
          const loop = [start];
          for (let u = v; u !== start; u = from.get(u)!) loop.splice(1, 0, u);
          return [...loop, start];
        }
        if (!from.has(w)) {
          from.set(w, v);
          queue.push(w);
        }
      }
    }
    return comp;
  });
}

describe('architecture', () => {
  it('reads a plausible import graph', () => {
    expect(GRAPH.get('src/lint.ts')).toContain('src/engine/run.ts');
    expect(GRAPH.get('rules/index.ts')?.length).toBeGreaterThan(20);
    for (const [file, deps] of GRAPH) {
      for (const d of deps) expect(FILES, `${file} imports ${d}, which does not exist`).toContain(d);
    }
  });

  it('has no import cycle', () => {
    const found = cycles(GRAPH).map((c) => c.join(' -> '));
    expect(found.filter((c) => !BEING_REMOVED.includes(c))).toEqual([]);
  });

  it('finds a cycle when there is one', () => {
    const g = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
      ['e', ['e']],
    ]);
    expect(cycles(g)).toEqual([['a', 'b', 'c', 'a'], ['e', 'e']]);
  });

  it('imports only downward', () => {
    const upward: string[] = [];
    for (const [file, deps] of GRAPH) {
      const from = stageOf(file);
      for (const d of deps) {
        const to = stageOf(d);
        if (to === from) continue;
        const ok = MAY_IMPORT[from]?.includes(to) && (to !== 'rules' || file === 'src/engine/registry.ts');
        if (!ok) upward.push(`${file} (${from}) imports ${d} (${to})`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('rules import only the rule API and the model front door', () => {
    const wrong: string[] = [];
    for (const [file, deps] of GRAPH) {
      if (stageOf(file) !== 'rules') continue;
      for (const d of deps) if (!d.startsWith('rules/') && !RULE_MAY_IMPORT.has(d)) wrong.push(`${file} imports ${d}`);
    }
    expect(wrong).toEqual([]);
  });

  it('keeps util/ generic: it names no Kubernetes, Linkerd or Emissary concept', () => {
    const domain = /linkerd|emissary|ambassador|kubernetes|\bkind\b|namespace|annotation/i;
    const hits = FILES.filter((f) => f.startsWith('src/util/')).filter((f) => domain.test(readFileSync(path.join(ROOT, f), 'utf8')));
    expect(hits).toEqual([]);
  });
});
