// Finding and reading input files: paths, directories (recursive), globs and standard input.

import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { InputProblem, SourceFile } from '../types.js';

export const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];
export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;

export interface InputSpec {
  /** Paths, directories or globs as given. `-` is standard input. */
  patterns: string[];
  reported: boolean;
  cluster?: string;
}

export interface ReadOptions {
  cwd: string;
  ignore: string[];
  maxFileBytes: number;
  stdinFilename?: string;
  readStdin?: () => Promise<string>;
}

export interface ReadResult {
  files: SourceFile[];
  problems: InputProblem[];
  /** Inputs that matched nothing (a usage error for the CLI). */
  unmatched: string[];
}

export function displayPath(cwd: string, abs: string): string {
  const rel = path.relative(cwd, abs);
  const shown = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
  return shown.split(path.sep).join('/');
}

function isManifestName(p: string): boolean {
  const lower = p.toLowerCase();
  return MANIFEST_EXTENSIONS.some((e) => lower.endsWith(e));
}

function isGlob(p: string): boolean {
  return /[*?[\]{}]/.test(p);
}

function fileProblem(file: SourceFile, message: string): InputProblem {
  return { rule: 'yaml-syntax', message, file, region: { line: 1, column: 1, endLine: 1, endColumn: 1 } };
}

/** Expand the inputs into files (deduplicated, in a stable order) and read them. */
export async function readInputs(specs: InputSpec[], opts: ReadOptions): Promise<ReadResult> {
  const { globby } = await import('globby');
  const problems: InputProblem[] = [];
  const unmatched: string[] = [];
  const byPath = new Map<string, SourceFile>();
  const order: Array<{ abs: string; spec: InputSpec }> = [];
  const files: SourceFile[] = [];

  for (const spec of specs) {
    for (const pattern of spec.patterns) {
      if (pattern === '-') {
        const name = opts.stdinFilename ?? '<stdin>';
        const text = opts.readStdin ? await opts.readStdin() : '';
        const file: SourceFile = { path: name.split(path.sep).join('/'), text: stripBom(text), reported: spec.reported, cluster: spec.cluster };
        files.push(file);
        continue;
      }
      const abs = path.resolve(opts.cwd, pattern);
      let matches: string[];
      const stat = isGlob(pattern) ? undefined : await fs.stat(abs).catch(() => undefined);
      if (stat?.isFile()) {
        matches = [abs];
      } else if (stat?.isDirectory()) {
        matches = await globby(MANIFEST_EXTENSIONS.map((e) => `**/*${e}`), {
          cwd: abs,
          absolute: true,
          gitignore: true,
          ignore: ['**/node_modules/**', '**/.git/**', ...opts.ignore],
          followSymbolicLinks: false,
          suppressErrors: true,
          dot: false,
        });
        matches.sort();
      } else if (isGlob(pattern)) {
        matches = (
          await globby(pattern, { cwd: opts.cwd, absolute: true, gitignore: true, ignore: opts.ignore, suppressErrors: true })
        )
          .filter(isManifestName)
          .sort();
      } else {
        unmatched.push(pattern);
        continue;
      }
      if (matches.length === 0 && !stat?.isDirectory()) unmatched.push(pattern);
      for (const m of matches) order.push({ abs: m, spec });
    }
  }

  for (const { abs, spec } of order) {
    const shown = displayPath(opts.cwd, abs);
    const existing = byPath.get(abs);
    if (existing) {
      // A file named both as a reported path and as context is reported.
      existing.reported ||= spec.reported;
      continue;
    }
    const file: SourceFile = { path: shown, text: '', reported: spec.reported, cluster: spec.cluster };
    byPath.set(abs, file);
    files.push(file);
    try {
      const st = await fs.stat(abs);
      if (st.size > opts.maxFileBytes) {
        problems.push(fileProblem(file, `The file is ${st.size} bytes, over the ${opts.maxFileBytes}-byte limit (maxFileBytes); it is not read.`));
        continue;
      }
      file.text = stripBom(await fs.readFile(abs, 'utf8'));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === 'EACCES' ? 'permission denied' : code === 'ENOENT' ? 'it disappeared while loading' : code === 'EISDIR' ? 'it is a directory' : (err as Error).message;
      problems.push(fileProblem(file, `The file cannot be read (${why}).`));
    }
  }
  return { files, problems, unmatched };
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
