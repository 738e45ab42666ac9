// Finding and reading input files: paths, directories (recursive), globs and standard input.

import { closeSync, constants, fstatSync, lstatSync, openSync, promises as fs, readSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import path from 'node:path';
import type { InputProblem, SourceFile } from './types.js';
import { lineCounterOf } from '../yaml/parse.js';
import { MANIFEST_EXTENSIONS, toPosix, walkManifests } from './walk.js';
import { globMatcher } from '../util/glob.js';

export { MANIFEST_EXTENSIONS, toPosix };

export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;

export interface InputSpec {
  /** Paths, directories or globs as given. `-` is standard input. */
  patterns: string[];
  reported: boolean;
  cluster?: string;
}

export interface ReadOptions {
  cwd: string;
  /** Config `ignore` globs (the dialect of config `overrides`), relative to `ignoreBase`. */
  ignore: string[];
  /** The config file's directory (default: cwd). */
  ignoreBase?: string;
  maxFileBytes: number;
  stdinFilename?: string;
  readStdin?: () => Promise<string>;
  /**
   * Given every file the inputs expand to, the ones that belong to a tool (kustomize, Helm):
   * they are not read as manifests here (the caller renders them).
   */
  claim?: (files: ReadonlyArray<{ abs: string; spec: InputSpec }>) => ReadonlySet<string>;
}

export interface ReadResult {
  files: SourceFile[];
  problems: InputProblem[];
  /** Inputs that matched nothing (a usage error for the CLI). */
  unmatched: string[];
}

/** A `.` or `..` segment, an empty one or a trailing separator: a path not in normal form. */
const NOT_NORMAL = /(?:^|[\\/])\.\.?(?:[\\/]|$)|[\\/]{2}|[\\/]$/;

export function displayPath(cwd: string, abs: string): string {
  // Most files lie under the working directory, and then their path is the rest of the string
  // (path.relative normalises both paths first, a tenth of the cost of reading a small file).
  const prefix = cwd.endsWith(path.sep) ? cwd : cwd + path.sep;
  if (abs.startsWith(prefix) && abs.length > prefix.length && path.isAbsolute(cwd) && !NOT_NORMAL.test(abs)) {
    return toPosix(abs.slice(prefix.length));
  }
  const rel = path.relative(cwd, abs);
  const shown = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
  return toPosix(shown);
}

function isManifestName(p: string): boolean {
  const lower = p.toLowerCase();
  return MANIFEST_EXTENSIONS.some((e) => lower.endsWith(e));
}

function isGlob(p: string): boolean {
  return /[*?[\]{}]/.test(p);
}

function fileProblem(file: SourceFile, message: string, line = 1, column = 1): InputProblem {
  return { rule: 'yaml-syntax', message, file, region: { line, column, endLine: line, endColumn: column } };
}

/**
 * Directory walks never follow symbolic links into directories (so a link loop cannot make
 * the walk endless), but do list links and other entries named like manifests: a link to a
 * file is read, and anything that cannot be read (a loop, a dangling link, a FIFO, a
 * directory reached through a link) becomes a finding on that path.
 */
const WALK = { followSymbolicLinks: false, onlyFiles: false, objectMode: true, suppressErrors: true } as const;

interface WalkEntry {
  path: string;
  dirent: { isDirectory(): boolean };
}

function walkedFiles(entries: WalkEntry[]): string[] {
  return entries
    .filter((e) => !e.dirent.isDirectory())
    .map((e) => e.path)
    .sort();
}

/** Why a path that exists (as a name) cannot be read, in words. */
function unreadable(abs: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    let link = false;
    try {
      link = lstatSync(abs).isSymbolicLink();
    } catch {
      // gone
    }
    return link ? 'it is a symbolic link to nothing' : 'it disappeared while loading';
  }
  if (code === 'ELOOP') return 'it is a symbolic link loop';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  return (err as Error).message;
}

/**
 * Read at most `max` bytes of a regular file; never blocks on a FIFO or a device. Synchronous:
 * on a tree of thousands of small files a promise per open, stat, read and close costs more
 * than the reading itself.
 */
function readBounded(abs: string, max: number): { buf: Buffer } | { size: number } | { notFile: true } {
  const fd = openSync(abs, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) {
      const e = new Error('directory') as NodeJS.ErrnoException;
      e.code = 'EISDIR';
      throw e;
    }
    if (!st.isFile()) return { notFile: true };
    if (st.size > max) return { size: st.size };
    // The file may grow between stat and read: read one byte past the limit to notice.
    const chunks: Buffer[] = [];
    let total = 0;
    let chunk = Math.min(Math.max(st.size + 1, 4096), 64 * 1024);
    for (;;) {
      const want = Math.min(chunk, max + 1 - total);
      if (want <= 0) break;
      const buffer = Buffer.allocUnsafe(want);
      const bytesRead = readSync(fd, buffer, 0, want, null);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      total += bytesRead;
      if (bytesRead < want) break; // a short read of a regular file is its end
      chunk = 64 * 1024;
    }
    if (total > max) return { size: total };
    return { buf: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total) };
  } finally {
    closeSync(fd);
  }
}

export interface Decoded {
  text: string;
  /** A problem with the encoding, at a 1-based position. */
  problem?: { message: string; line: number; column: number };
}

/** Decode a file's bytes: UTF-8 (BOM optional), or UTF-16 with a byte-order mark. */
export function decode(buf: Buffer): Decoded {
  const b0 = buf[0];
  const b1 = buf[1];
  if ((b0 === 0xff && b1 === 0xfe && buf[2] === 0 && buf[3] === 0) || (b0 === 0 && b1 === 0 && buf[2] === 0xfe && buf[3] === 0xff)) {
    return { text: '', problem: { message: 'The file is UTF-32, which meshlint does not read; save it as UTF-8.', line: 1, column: 1 } };
  }
  if (b0 === 0xff && b1 === 0xfe) return utf16(buf.subarray(2), false);
  if (b0 === 0xfe && b1 === 0xff) return utf16(buf.subarray(2), true);
  const body = b0 === 0xef && b1 === 0xbb && buf[2] === 0xbf ? buf.subarray(3) : buf;
  const text = body.toString('utf8');
  // The native check is many times faster; the offset of the bad byte is found only for a bad file.
  if (isUtf8(body)) return { text };
  const bad = firstInvalidUtf8(body);
  if (bad < 0) return { text };
  const before = body.subarray(0, bad).toString('utf8');
  const { line, col: column } = lineCounterOf(before).linePos(before.length);
  return { text, problem: { message: `The file is not valid UTF-8 (the first bad byte is at line ${line}, column ${column}); save it as UTF-8.`, line, column } };
}

function utf16(body: Buffer, bigEndian: boolean): Decoded {
  const even = body.length - (body.length % 2);
  const le = Buffer.from(body.subarray(0, even));
  if (bigEndian) le.swap16();
  const text = stripBom(le.toString('utf16le'));
  if (even === body.length) return { text };
  const { line, col: column } = lineCounterOf(text).linePos(text.length);
  return { text, problem: { message: 'The UTF-16 file ends in half a character; save it as UTF-8.', line, column } };
}

/** Offset of the first byte that is not part of a well-formed UTF-8 sequence, or -1. */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  const n = b.length;
  while (i < n) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let len: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) {
      len = 2;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      len = 3;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      len = 4;
      min = 0x10000;
    } else return i;
    if (i + len > n) return i;
    let cp = c & (0xff >> (len + 1));
    for (let k = 1; k < len; k++) {
      const d = b[i + k];
      if ((d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += len;
  }
  return -1;
}

/** Expand the inputs into files (deduplicated, in a stable order) and read them. */
export async function readInputs(specs: InputSpec[], opts: ReadOptions): Promise<ReadResult> {
  const problems: InputProblem[] = [];
  const unmatched: string[] = [];
  const byPath = new Map<string, SourceFile>();
  const order: Array<{ abs: string; spec: InputSpec }> = [];
  const files: SourceFile[] = [];
  const ignoreBase = opts.ignoreBase ?? opts.cwd;
  const ignoreGlobs = opts.ignore.map(globMatcher);
  const ignored = ignoreGlobs.length > 0 ? (rel: string) => !rel.startsWith('../') && ignoreGlobs.some((g) => g(rel)) : undefined;

  for (const spec of specs) {
    for (const pattern of spec.patterns) {
      if (pattern === '-') {
        const name = opts.stdinFilename ?? '<stdin>';
        const text = opts.readStdin ? await opts.readStdin() : '';
        const file: SourceFile = { path: toPosix(name), text: stripBom(text), reported: spec.reported, cluster: spec.cluster, stdin: true };
        const bytes = Buffer.byteLength(text, 'utf8');
        if (bytes > opts.maxFileBytes) {
          file.text = '';
          problems.push(fileProblem(file, `Standard input is ${bytes} bytes, over the ${opts.maxFileBytes}-byte limit (maxFileBytes); it is not read.`));
        }
        files.push(file);
        continue;
      }
      const abs = path.resolve(opts.cwd, pattern);
      let matches: string[];
      let statError: unknown;
      // A path that exists is that path, even when its name looks like a glob.
      const stat = await fs.stat(abs).catch((err) => {
        statError = err;
        return undefined;
      });
      const missing = (statError as NodeJS.ErrnoException | undefined)?.code === 'ENOENT' && (await fs.lstat(abs).catch(() => undefined)) === undefined;
      if (stat?.isDirectory()) {
        matches = walkManifests(abs);
      } else if (!missing) {
        // A file, a link loop, a FIFO, a file behind a closed directory: read, and the reading
        // explains any problem.
        matches = [abs];
      } else if (isGlob(pattern)) {
        const { globby } = await import('globby');
        const entries = (await globby(pattern, { cwd: opts.cwd, absolute: true, gitignore: true, ...WALK })) as unknown as WalkEntry[];
        matches = walkedFiles(entries).filter(isManifestName);
      } else {
        unmatched.push(pattern);
        continue;
      }
      // Config `ignore` globs, relative to the config file's directory, in the overrides' dialect.
      if (ignored) matches = matches.filter((m) => !ignored(toPosix(path.relative(ignoreBase, m))));
      // A directory or glob with no manifest in it is a usage error, as a path matching nothing;
      // a file named on purpose but ignored is skipped quietly (the staged files of a hook).
      if (matches.length === 0 && (stat?.isDirectory() || missing)) unmatched.push(pattern);
      for (const m of matches) order.push({ abs: m, spec });
    }
  }

  const claimed = opts.claim?.(order);
  for (const { abs, spec } of order) {
    if (claimed?.has(abs)) continue;
    const shown = displayPath(opts.cwd, abs);
    // A file given to several clusters belongs to each of them (resources never cross clusters).
    const key = `${spec.cluster ?? ''}\u0000${abs}`;
    const existing = byPath.get(key);
    if (existing) {
      // A file named both as a reported path and as context is reported.
      existing.reported ||= spec.reported;
      continue;
    }
    const file: SourceFile = { path: shown, text: '', reported: spec.reported, cluster: spec.cluster };
    byPath.set(key, file);
    files.push(file);
    try {
      const read = readBounded(abs, opts.maxFileBytes);
      if ('notFile' in read) {
        problems.push(fileProblem(file, 'The file cannot be read (it is not a regular file).'));
        continue;
      }
      if ('size' in read) {
        problems.push(fileProblem(file, `The file is ${read.size} bytes or more, over the ${opts.maxFileBytes}-byte limit (maxFileBytes); it is not read.`));
        continue;
      }
      const decoded = decode(read.buf);
      file.text = decoded.text;
      if (decoded.problem) problems.push(fileProblem(file, decoded.problem.message, decoded.problem.line, decoded.problem.column));
    } catch (err) {
      problems.push(fileProblem(file, `The file cannot be read (${unreadable(abs, err)}).`));
    }
  }
  return { files, problems, unmatched };
}

/** A file's text decoded as input files are, or why it cannot be read (for files tools name). */
export function readSourceText(abs: string, maxFileBytes: number): { text: string } | { problem: string } {
  try {
    const read = readBounded(abs, maxFileBytes);
    if ('notFile' in read) return { problem: 'it is not a regular file' };
    if ('size' in read) return { problem: `it is ${read.size} bytes or more, over the ${maxFileBytes}-byte limit (maxFileBytes)` };
    const decoded = decode(read.buf);
    return decoded.problem ? { problem: decoded.problem.message } : { text: decoded.text };
  } catch (err) {
    return { problem: unreadable(abs, err) };
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
