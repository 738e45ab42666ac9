// Path globs for config `overrides`: `*` and `?` within a path segment, `**` across segments,
// `[abc]` classes and `{a,b}` alternatives. A pattern without a slash matches a file name at any
// depth (like .gitignore); a pattern that matches a directory matches every file below it.

function escape(ch: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
}

function toSource(glob: string): string {
  let out = '';
  let i = 0;
  let inBraces = 0;
  while (i < glob.length) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const atStart = i === 0 || glob[i - 1] === '/';
        const atEnd = i + 2 === glob.length || glob[i + 2] === '/';
        if (atStart && atEnd) {
          // `**/` is zero or more directories; a trailing `**` is anything.
          if (i + 2 < glob.length) {
            out += '(?:.*/)?';
            i += 3;
          } else {
            out += '.*';
            i += 2;
          }
          continue;
        }
        out += '[^/]*';
        i += 2;
        continue;
      }
      out += '[^/]*';
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) out += '\\[';
      else {
        let body = glob.slice(i + 1, close);
        const negate = body.startsWith('!') || body.startsWith('^');
        if (negate) body = body.slice(1);
        out += `[${negate ? '^' : ''}${body.replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else if (c === '{') {
      inBraces++;
      out += '(?:';
    } else if (c === '}' && inBraces > 0) {
      inBraces--;
      out += ')';
    } else if (c === ',' && inBraces > 0) {
      out += '|';
    } else if (c === '\\' && i + 1 < glob.length) {
      out += escape(glob[i + 1]);
      i++;
    } else {
      out += escape(c);
    }
    i++;
  }
  return out;
}

export type GlobMatcher = (path: string) => boolean;

/** Compile a glob to a matcher over forward-slash paths relative to the glob's base. */
export function globMatcher(glob: string): GlobMatcher {
  let g = glob.trim().replace(/^\.\//, '');
  if (g.endsWith('/')) g = g.slice(0, -1);
  const anywhere = !g.includes('/');
  const re = new RegExp(`^${anywhere ? '(?:.*/)?' : ''}${toSource(g)}(?:/.*)?$`);
  return (p) => re.test(p.replace(/^\.\//, ''));
}

/** Whether `path` matches any of the globs. */
export function matchesAny(globs: readonly string[], path: string): boolean {
  return globs.some((g) => globMatcher(g)(path));
}
