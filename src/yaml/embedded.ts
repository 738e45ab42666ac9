// Positions inside a YAML document that is itself the text of a literal block scalar (an
// annotation holding a YAML stream): a region found in the scalar's text, moved to the file.

import type { Region } from './types.js';

/**
 * The file region of `inner`, a region of the text of the literal block scalar (`|`, `|-`, `|+`)
 * that starts at `scalar` in `fileText`. Undefined when the scalar is not such a block (a quoted,
 * plain, folded or explicitly indented scalar does not keep its lines and columns).
 */
export function liftRegion(fileText: string, scalar: Region, inner: Region): Region | undefined {
  const lines = fileText.split('\n');
  const header = (lines[scalar.line - 1] ?? '').slice(scalar.column - 1).trimEnd();
  if (!/^\|[+-]?(?:\s+#.*)?$/.test(header)) return undefined;
  let indent = -1;
  for (let i = scalar.line; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    if (line.trim() === '') continue;
    indent = line.length - line.trimStart().length;
    break;
  }
  if (indent <= 0) return undefined;
  return { line: scalar.line + inner.line, column: inner.column + indent, endLine: scalar.line + inner.endLine, endColumn: inner.endColumn + indent };
}
