// A synchronous directory walk for directory inputs: the manifests below a directory, as the
// glob walk (`**/*.yaml`, `**/*.yml`, `**/*.json`, no dot files, no `node_modules` or `.git`,
// symbolic links listed but never followed) finds them, with `.gitignore` files applied the way
// the glob walk applies them: the `.gitignore` files from the repository root (the nearest
// directory above holding `.git`) down to the directory, and every one below it, each pattern
// relative to its file's directory, matched with the `ignore` package from the repository root.
//
// It costs one readdir per directory and no promise per entry, which on a tree of thousands of
// small files is most of the difference to the parse floor. Config `ignore` globs are not
// handled here: the caller uses the glob walk for them.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ignoreFactory from 'ignore';

/** The file names read as manifests. */
export const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** A path with `/` separators, as findings show paths on every platform. */
export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

const ignore = ((ignoreFactory as unknown as { default?: typeof ignoreFactory }).default ?? ignoreFactory) as typeof ignoreFactory;

/** Directories whose `.gitignore` files the glob walk does not read (still walked for manifests). */
const NO_IGNORE_FILES = new Set(['node_modules', 'flow-typed', 'coverage', '.git']);

function isManifestFile(name: string): boolean {
  return MANIFEST_EXTENSIONS.some((e) => name.endsWith(e));
}

/** The nearest directory at or above `dir` that holds `.git` (a directory or a worktree file). */
function gitRootOf(dir: string): string | undefined {
  let cur = path.resolve(dir);
  for (;;) {
    try {
      const st = statSync(path.join(cur, '.git'));
      if (st.isDirectory() || st.isFile()) return cur;
    } catch {
      // not here
    }
    const up = path.dirname(cur);
    if (up === cur) return undefined;
    cur = up;
  }
}

/** A `.gitignore` line as git reads it: trailing blanks dropped unless escaped. */
function ignoreLines(content: string): string[] {
  const out: string[] = [];
  for (let line of content.split(/\r?\n/)) {
    line = line.replace(/^\uFEFF/, '');
    let end = line.length;
    while (end > 0 && /\s/.test(line[end - 1])) end--;
    if (end < line.length) {
      let slashes = 0;
      for (let k = end - 1; k >= 0 && line[k] === '\\'; k--) slashes++;
      line = slashes % 2 === 1 ? line.slice(0, end) + ' ' : line.slice(0, end);
    }
    if (line && !line.startsWith('#')) out.push(line);
  }
  return out;
}

/** A pattern of a `.gitignore` in `base` (relative to the matching root), rebased to the root. */
function rebase(pattern: string, base: string): string {
  if (!base) return pattern;
  const negative = pattern.startsWith('!');
  const clean = negative ? pattern.slice(1) : pattern;
  const slash = clean.indexOf('/');
  const anchored = slash !== -1 && slash !== clean.length - 1;
  let out: string;
  if (!anchored) out = path.posix.join(base, '**', clean);
  else if (clean.startsWith('/')) out = path.posix.join(base, clean.slice(1));
  else out = path.posix.join(base, clean);
  return negative ? `!${out}` : out;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Manifest paths below `root` (absolute, sorted). */
export function walkManifests(root: string): string[] {
  const abs = path.resolve(root);
  const gitRoot = gitRootOf(abs);
  const base = gitRoot ?? abs;
  let matcher: ReturnType<typeof ignore> | undefined;
  const addIgnoreFile = (dir: string) => {
    const text = readText(path.join(dir, '.gitignore'));
    if (text === undefined) return;
    const rel = toPosix(path.relative(base, dir));
    const lines = ignoreLines(text).map((l) => rebase(l, rel));
    if (lines.length === 0) return;
    matcher ??= ignore();
    matcher.add(lines);
  };
  // The `.gitignore` files above the walked directory, from the repository root down.
  if (gitRoot && gitRoot !== abs) {
    const chain: string[] = [];
    for (let d = path.dirname(abs); ; d = path.dirname(d)) {
      chain.push(d);
      if (d === gitRoot || path.dirname(d) === d) break;
    }
    for (const d of chain.reverse()) addIgnoreFile(d);
  }
  const ignored = (p: string, dir: boolean): boolean => {
    if (!matcher) return false;
    const rel = toPosix(path.relative(base, p));
    if (!rel || rel.startsWith('..')) return false;
    const r = matcher.test(dir ? `${rel}/` : rel);
    return r.ignored && !r.unignored;
  };

  const out: string[] = [];
  const walk = (dir: string, readIgnores: boolean): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // unreadable directories are skipped, as the glob walk skips them
    }
    if (readIgnores && entries.some((e) => e.name === '.gitignore')) addIgnoreFile(dir);
    for (const e of entries) {
      const name = e.name;
      if (name.startsWith('.')) continue;
      const p = path.join(dir, name);
      if (e.isDirectory()) {
        if (name === 'node_modules') continue;
        if (ignored(p, true)) continue;
        walk(p, readIgnores && !NO_IGNORE_FILES.has(name));
      } else if (isManifestFile(name) && !ignored(p, false)) {
        out.push(p);
      }
    }
  };
  walk(abs, true);
  return out.sort();
}
