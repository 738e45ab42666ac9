// A cheap, linear pre-scan of a file's text that runs before the YAML parsers. It finds the
// documents that nest deeper than the limit, and the point where a file holds too many
// documents, so that neither recursive parser is handed a document that could exhaust the
// stack, and a file of a million empty documents is never parsed as a whole.
//
// The depth it computes follows YAML's block structure by column (a key line deeper than its
// parent opens a mapping, a `- ` a sequence, `- key:` a mapping inside the item, a sequence may
// sit at its key's column) and counts flow brackets, skipping quotes, comments and block
// scalars. On documents a YAML writer produces it is at least the real depth and at most two
// levels above it (a property test checks this). Constructs it does not model are still bound
// by the parsers: js-yaml's maxDepth, `yaml`'s RESOURCE_EXHAUSTION, and depthExceeds on values.

export interface ScanLimits {
  maxDepth: number;
  maxDocuments: number;
}

export interface ScanProblem {
  kind: 'depth' | 'documents';
  /** Offset of the first character past the limit (depth), or of the first unread document. */
  offset: number;
}

export interface ScanResult {
  /** The text to parse: deep documents replaced by a null document, extra documents cut. */
  text: string;
  problems: ScanProblem[];
  /** Characters scanned (the scan's share of the parse work). */
  work: number;
  /**
   * The counting shortcut held: no document of the text can nest deeper than `maxDepth` (each
   * level needs a line or an opener of its own), so a parsed value need not be measured.
   */
  bounded: boolean;
}

interface Doc {
  /** Offset where the document's content starts (after its `---` marker, if any). */
  contentStart: number;
  end: number;
  /** Opened by a `---` marker (so it exists even when empty). */
  marked: boolean;
  hasContent: boolean;
  deepAt?: number;
}

const MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/;
const PLAIN = /[:#]/g;

/** Scan `text`; the result's text equals the input when nothing is over a limit. */
export function scanText(text: string, limits: ScanLimits): ScanResult {
  if (withinLimits(text, limits)) return { text, problems: [], work: text.length, bounded: true };
  return scanFull(text, limits);
}

/** scanText without the counting shortcut (exported for tests). */
export function scanFull(text: string, limits: ScanLimits): ScanResult {
  const docs: Doc[] = [];
  const problems: ScanProblem[] = [];
  let cur: Doc = { contentStart: 0, end: text.length, marked: false, hasContent: false };
  let cutAt = -1;

  // Block structure: the open block collections, by column.
  const blocks: Array<{ col: number; seq: boolean }> = [];
  let pendingValue = false;
  let blockScalarParent = -1; // indentation of the line that opened a block scalar, or -1
  // Flow and quote state (may span lines, never documents).
  let flow = 0;
  let flowNodeStart = false;
  let quote: '' | '"' | "'" = '';

  const close = (end: number) => {
    if (cur.marked || cur.hasContent) {
      cur.end = end;
      docs.push(cur);
    }
  };

  const n = text.length;
  let pos = 0;
  while (pos < n) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = n;
    const lineStart = pos;
    pos = eol + 1;

    const first = text.charCodeAt(lineStart);
    if ((first === 45 || first === 46) /* - . */ && MARKER.test(text.slice(lineStart, lineStart + 4))) {
      // A marker at column 0 ends whatever was open: YAML forbids it inside any scalar.
      quote = '';
      flow = 0;
      blocks.length = 0;
      pendingValue = false;
      blockScalarParent = -1;
      close(lineStart);
      if (text.startsWith('---', lineStart)) {
        if (docs.length >= limits.maxDocuments) {
          cutAt = lineStart;
          break;
        }
        cur = { contentStart: lineStart + 3, end: n, marked: true, hasContent: false };
        scanLine(lineStart + 3, eol, lineStart);
      } else {
        cur = { contentStart: Math.min(n, eol + 1), end: n, marked: false, hasContent: false };
      }
      continue;
    }
    const had = cur.hasContent;
    scanLine(lineStart, eol, lineStart);
    if (!had && cur.hasContent && !cur.marked && docs.length >= limits.maxDocuments) {
      cutAt = lineStart;
      break;
    }
  }
  if (cutAt >= 0) problems.push({ kind: 'documents', offset: cutAt });
  else close(n);

  let out = cutAt >= 0 ? text.slice(0, cutAt) : text;
  const deep = docs.filter((d) => d.deepAt !== undefined);
  if (deep.length > 0) {
    const parts: string[] = [];
    let last = 0;
    for (const d of deep) {
      parts.push(out.slice(last, d.contentStart));
      parts.push(blank(out.slice(d.contentStart, d.end), d.marked));
      problems.push({ kind: 'depth', offset: d.deepAt! });
      last = d.end;
    }
    parts.push(out.slice(last));
    out = parts.join('');
  }
  problems.sort((a, b) => a.offset - b.offset);
  return { text: out, problems, work: cutAt >= 0 ? cutAt : n, bounded: false };

  function scanLine(from: number, eol: number, lineStart: number): void {
    let i = from;
    const col = (at: number) => at - lineStart;
    // Indentation (only meaningful outside flow collections and quoted scalars).
    if (quote === '' && flow === 0) {
      while (i < eol && text.charCodeAt(i) === 32) i++;
      const ind = col(i);
      const c = text.charCodeAt(i);
      // Blank lines, comments, and directives (`%YAML`) before a document's content.
      const blank = i >= eol || c === 13 || c === 35 /* # */ || (c === 37 /* % */ && i === lineStart && !cur.hasContent);
      if (blockScalarParent >= 0) {
        if (blank || ind > blockScalarParent) return; // block scalar content
        blockScalarParent = -1;
      }
      if (blank) return;
      cur.hasContent = true;
      const next = text[i + 1];
      const dash = (c === 45 /* - */ || c === 63) /* ? */ && (next === undefined || next === ' ' || next === '\t' || next === '\r' || next === '\n');
      // Close the collections this line is not inside of.
      while (blocks.length > 0) {
        const top = blocks[blocks.length - 1];
        if (top.col > ind) blocks.pop();
        else if (top.col === ind && top.seq !== dash && !(dash && pendingValue)) blocks.pop();
        else break;
      }
      const top = blocks[blocks.length - 1];
      // A line opens a collection at its column unless it continues the one there. (A key
      // line deeper than its parent opens a mapping; a sequence may sit at its key's column.)
      if (!top || top.col < ind || (top.col === ind && top.seq !== dash)) open(ind, dash, i);
    } else {
      cur.hasContent = true;
    }
    pendingValue = false;
    let nodeStart = true;
    let afterDash = false;
    let tokenCol = -1;
    let colonLast = false;
    for (; i < eol; i++) {
      if (quote !== '') {
        // Jump to the closing quote (escaped `\"` and doubled `''` do not close).
        const q = text.indexOf(quote, i);
        if (q < 0 || q >= eol) break;
        if (quote === '"') {
          let k = q - 1;
          while (k >= i && text[k] === '\\') k--;
          if ((q - 1 - k) % 2 === 1) {
            i = q;
            continue;
          }
        } else if (text[q + 1] === "'") {
          i = q + 1;
          continue;
        }
        quote = '';
        i = q;
        continue;
      }
      if (!nodeStart && flow === 0) {
        // Inside a plain scalar only `: ` and ` #` matter: jump to the next `:` or `#`.
        PLAIN.lastIndex = i;
        const m = PLAIN.exec(text);
        if (!m || m.index >= eol) break;
        i = m.index;
      }
      const c = text[i];
      if (c === ' ' || c === '\t' || c === '\r') continue;
      if (c === '#' && (i === lineStart || /[ \t]/.test(text[i - 1]))) break;
      if (flow > 0) {
        // Inside a flow collection a quote opens a scalar only where a node starts.
        if ((c === '"' || c === "'") && flowNodeStart) quote = c;
        else if (c === '[' || c === '{') {
          flow++;
          if (blocks.length + flow > limits.maxDepth) markDeep(i);
        } else if (c === ']' || c === '}') flow = Math.max(0, flow - 1);
        flowNodeStart = c === '[' || c === '{' || c === ',' || ((c === ':' || c === '?') && /^[\s,[\]{}]?$/.test(text[i + 1] ?? ''));
        continue;
      }
      if (nodeStart) {
        if (c === '[' || c === '{') {
          flow = 1;
          flowNodeStart = true;
          colonLast = false;
          if (blocks.length + flow > limits.maxDepth) markDeep(i);
          nodeStart = false;
          continue;
        }
        const next = text[i + 1];
        const sep = next === undefined || next === ' ' || next === '\t' || next === '\r' || next === '\n';
        if ((c === '-' || c === '?') && sep) {
          // The line's first dash is the sequence opened above; a dash after it opens a
          // sequence inside the item, at its own column.
          if (afterDash) open(col(i), true, i);
          afterDash = true;
          continue;
        }
        if ((c === '|' || c === '>') && /^[|>][-+0-9]*\s*(?:#.*)?$/.test(text.slice(i, eol).trimEnd())) {
          const t = blocks[blocks.length - 1];
          blockScalarParent = t ? t.col : 0;
          return;
        }
        if (c === '&' || c === '!') {
          while (i + 1 < eol && !/\s/.test(text[i + 1])) i++;
          continue;
        }
        if (c === '"' || c === "'") quote = c;
        tokenCol = col(i);
        nodeStart = false;
        colonLast = false;
        continue;
      }
      if (c === ':') {
        const next = text[i + 1];
        if (next === undefined || next === ' ' || next === '\t' || next === '\r' || next === '\n') {
          // `- key: value` opens a mapping inside the sequence item, at the key's column.
          if (afterDash && tokenCol >= 0) open(tokenCol, false, i);
          afterDash = false;
          tokenCol = -1;
          nodeStart = true;
          colonLast = true;
        }
      }
    }
    // `key:` with its value on the next lines (a sequence there may sit at the key's column).
    pendingValue = nodeStart && colonLast && quote === '' && flow === 0;
  }

  function open(column: number, seq: boolean, at: number): void {
    blocks.push({ col: column, seq });
    if (blocks.length + flow > limits.maxDepth) markDeep(at);
  }

  function markDeep(at: number): void {
    if (cur.deepAt === undefined) cur.deepAt = at;
  }
}

/**
 * Whether the scan below cannot find anything over a limit, by counting characters: it opens
 * at most one block collection per line from the indentation, one per `-` or `?` after the
 * first on a line, one per `:` (`- key:`), and one flow level per `[` or `{`; and it meets at
 * most one document per line. Most files are far below both limits, and counting is several
 * times cheaper than scanning; the result is the one the scan gives.
 */
export function withinLimits(text: string, limits: ScanLimits): boolean {
  let lines = 1;
  let openers = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */) {
      // Both counts only grow: once over a limit, the answer is known.
      if (++lines + openers > limits.maxDepth || lines >= limits.maxDocuments) return false;
    } else if (c === 45 /* - */ || c === 58 /* : */ || c === 63 /* ? */ || c === 91 /* [ */ || c === 123 /* { */) openers++;
  }
  return lines + openers <= limits.maxDepth && lines < limits.maxDocuments;
}

/**
 * The same number of characters and line breaks, holding only a null document (`~`), so that
 * positions and document indexes in the rest of the file do not move.
 */
function blank(body: string, marked: boolean): string {
  const lines = body.split('\n').map((l) => (l.endsWith('\r') ? ' '.repeat(l.length - 1) + '\r' : ' '.repeat(l.length)));
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (i === 0 && marked) {
      // Content on the `---` line itself: `--- ~`.
      if (l.length >= 2) {
        lines[0] = ' ~' + l.slice(2);
        break;
      }
      continue;
    }
    if (l.length >= 1 && l[0] === ' ') {
      lines[i] = '~' + l.slice(1);
      break;
    }
  }
  return lines.join('\n');
}
