// A reader for the part of YAML that rendered manifests use: block mappings and sequences by
// indentation, one-line plain, quoted and flow scalars and collections, literal and folded
// block scalars, comments and `---` markers. It reads them to the same values as js-yaml with
// the Kubernetes schema (yaml11.ts), in one pass over the text and without a general parser's
// bookkeeping. Anything else (tags, anchors, multi-line plain or quoted scalars, explicit keys,
// tabs, odd indentation, any error) makes it give up on the whole file, and the caller reads
// the file with js-yaml instead. A parity test compares both on fixtures, the corpus and
// generated texts: whenever this reader returns values, they are js-yaml's.

import { JSYAML_SCHEMA } from './yaml11.js';

/** Thrown (one object, never built per call) when the text leaves the subset. */
const GIVE_UP = { giveUp: true };

type ImplicitType = { resolve: (data: string) => boolean; construct: (data: string) => unknown };
const IMPLICIT = (JSYAML_SCHEMA as unknown as { compiledImplicit: ImplicitType[] }).compiledImplicit;

/**
 * Characters that make the file leave the subset wherever they are: tabs, carriage returns,
 * byte-order marks, controls and anything js-yaml refuses as non-printable, lone or paired
 * surrogates (kept simple: a file with astral characters takes js-yaml), U+FFFE and U+FFFF.
 */
const OUTSIDE = /[\x00-\x09\x0B-\x1F\x7F-\x9F\uD800-\uDFFF\uFEFF\uFFFE\uFFFF]/;

const NL = 0x0a;
const SPACE = 0x20;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;
const DQUOTE = 0x22;
const SQUOTE = 0x27;

/**
 * The value of a plain scalar: the first implicit type of the schema that resolves it, as
 * js-yaml does, else the text. Words that start with a letter no implicit type can start
 * with (only null, booleans and numbers resolve, and they start with `~`, n, y, t, f, o, a
 * digit, a sign or a point) and plain decimal integers skip the loop.
 */
export function resolvePlain(s: string): unknown {
  const c = s.charCodeAt(0);
  const lower = c | 0x20;
  if (lower >= 0x61 && lower <= 0x7a) {
    if (lower !== 0x6e && lower !== 0x79 && lower !== 0x74 && lower !== 0x66 && lower !== 0x6f) return s;
  } else if (c === 0x2f /* / */ || c === 0x5f /* _ */ || c === 0x24 /* $ */) {
    return s;
  } else if (c >= 0x31 && c <= 0x39 && s.length <= 15 && digitsOnly(s)) {
    // Decimal integers without a leading zero (ports, replicas, timeouts): the core schema's
    // integers, exact as doubles up to 15 digits.
    return Number(s);
  }
  for (let i = 0; i < IMPLICIT.length; i++) {
    const t = IMPLICIT[i];
    if (t.resolve(s)) return t.construct(s);
  }
  return s;
}

function digitsOnly(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

function isBlank(c: number): boolean {
  return c === SPACE || c === NL || c !== c; // NaN: past the end
}

/** `,`, `[`, `]`, `{` or `}`. */
function isFlowIndicator(c: number): boolean {
  return c === 0x2c || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d;
}

/** The characters no plain scalar or key of the subset may start with. */
function indicatorStart(c: number): boolean {
  switch (c) {
    case 0x2c: // ,
    case 0x5b: // [
    case 0x5d: // ]
    case 0x7b: // {
    case 0x7d: // }
    case HASH:
    case 0x26: // &
    case 0x2a: // *
    case 0x21: // !
    case 0x7c: // |
    case 0x3e: // >
    case SQUOTE:
    case DQUOTE:
    case 0x25: // %
    case 0x40: // @
    case 0x60: // `
    case 0x3f: // ?
    case COLON:
    case DASH:
      return true;
    default:
      return false;
  }
}

const ESCAPES = new Map<string, string>(Object.entries({
  '0': '\x00',
  a: '\x07',
  b: '\x08',
  t: '\x09',
  n: '\x0A',
  v: '\x0B',
  f: '\x0C',
  r: '\x0D',
  e: '\x1B',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xA0',
  L: '\u2028',
  P: '\u2029',
}));
const HEX_LENGTH = new Map<string, number>([['x', 2], ['u', 4], ['U', 8]]);
const HEX = /^[0-9a-fA-F]+$/;

/** Offset of the closing quote of the one-line double-quoted scalar at `p`. */
function doubleEnd(t: string, p: number): number {
  for (let q = p + 1; ; q++) {
    const d = t.charCodeAt(q);
    if (d === DQUOTE) return q;
    if (d === 0x5c /* \ */) {
      const e = t.charCodeAt(q + 1);
      if (e === NL || e !== e) throw GIVE_UP; // an escaped line break
      q++;
    } else if (d === NL || d !== d) throw GIVE_UP;
  }
}

/** The value of the double-quoted scalar from `p` to its closing quote `close`. */
function doubleValue(t: string, p: number, close: number): string {
  let b = t.indexOf('\\', p + 1);
  if (b < 0 || b > close) return t.slice(p + 1, close);
  let out = '';
  let from = p + 1;
  while (b >= 0 && b < close) {
    out += t.slice(from, b);
    const e = t[b + 1];
    const simple = ESCAPES.get(e);
    if (simple !== undefined) {
      out += simple;
      from = b + 2;
    } else {
      const len = HEX_LENGTH.get(e);
      if (len === undefined) throw GIVE_UP;
      const hex = t.slice(b + 2, b + 2 + len);
      if (hex.length !== len || !HEX.test(hex)) throw GIVE_UP;
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) throw GIVE_UP;
      out += String.fromCodePoint(code);
      from = b + 2 + len;
    }
    b = t.indexOf('\\', from);
  }
  return out + t.slice(from, close);
}

/** Offset of the closing quote of the one-line single-quoted scalar at `p`. */
function singleEnd(t: string, p: number): number {
  for (let q = p + 1; ; q++) {
    const d = t.charCodeAt(q);
    if (d === SQUOTE) {
      if (t.charCodeAt(q + 1) === SQUOTE) q++;
      else return q;
    } else if (d === NL || d !== d) throw GIVE_UP;
  }
}

function singleValue(t: string, p: number, close: number): string {
  const s = t.slice(p + 1, close);
  return s.includes("'") ? s.replace(/''/g, "'") : s;
}

/** The quoted scalar at `p` and the offset after its closing quote. */
function quotedAt(t: string, p: number): [string, number] {
  if (t.charCodeAt(p) === DQUOTE) {
    const close = doubleEnd(t, p);
    return [doubleValue(t, p, close), close + 1];
  }
  const close = singleEnd(t, p);
  return [singleValue(t, p, close), close + 1];
}

/**
 * A node of the text, for locating: its extent as the `yaml` package gives it (scalars and
 * flow collections end after their last character, block collections after the line break of
 * the line their last entry ends on), its value, and its children (a mapping's keys and values
 * alternate).
 */
export interface SourceNode {
  start: number;
  end: number;
  kind: 'scalar' | 'mapping' | 'sequence' | null;
  value: unknown;
  children: SourceNode[];
}

/** Where a block collection ends: after the line break of the line its last entry ends on. */
function blockEnd(t: string, node: SourceNode): void {
  const last = node.children[node.children.length - 1];
  // `yaml` ends a collection whose last value is empty at a place that depends on the
  // comments and spaces after it: such files are located another way.
  if (last === undefined || last.kind === null) throw GIVE_UP;
  const nl = t.indexOf('\n', Math.max(last.end - 1, node.start));
  node.end = nl < 0 ? t.length : nl + 1;
}

/** Tracking: a scalar (or an empty value) in `kids`. */
function addLeaf(kids: SourceNode[] | null, kind: 'scalar' | null, start: number, end: number, value: unknown): void {
  if (kids !== null) kids.push({ start, end, kind, value, children: [] });
}

/** Tracking: a new collection node in `kids`, whose children are read next. */
function openNode(kids: SourceNode[], kind: 'mapping' | 'sequence', start: number, value: unknown): SourceNode[] {
  const node: SourceNode = { start, end: start, kind, value, children: [] };
  kids.push(node);
  return node.children;
}

/**
 * A plain key's text: its value as a string, as js-yaml makes it. A null key (`~:`, `null:`)
 * gives up: js-yaml makes it "null" and the `yaml` package "", and Kubernetes refuses it.
 */
function keyText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null) throw GIVE_UP;
  return String(v);
}

function setKey(obj: Record<string, unknown>, key: string, value: unknown): void {
  // js-yaml refuses duplicate keys (the slow path then reports them); `__proto__` is left
  // to js-yaml's own handling.
  if (key === '__proto__' || Object.prototype.hasOwnProperty.call(obj, key)) throw GIVE_UP;
  obj[key] = value;
}

class Reader {
  private readonly t: string;
  private readonly n: number;
  /** Start of the current content line. */
  private line = 0;
  /** Its indentation. */
  private col = 0;
  /** No content line is left. */
  private end = false;
  /** The current line is a `---` document marker. */
  private marker = false;
  private depth = 0;
  /** When tracking nodes: the children of the collection being read (at first, the documents). */
  kids: SourceNode[] | null;

  constructor(text: string, private readonly maxDepth: number, track: boolean) {
    this.t = text;
    this.n = text.length;
    this.kids = track ? [] : null;
  }

  /** Tracking: close the collection node last opened in `parent`. */
  private close(parent: SourceNode[]): void {
    this.kids = parent;
    blockEnd(this.t, parent[parent.length - 1]);
  }

  documents(): unknown[] {
    const docs: unknown[] = [];
    if (this.n === 0 || this.t === '\n') return docs; // js-yaml reads no document from these
    if (this.t.charCodeAt(0) === SPACE) throw GIVE_UP; // leading indentation of the stream
    this.skipTo(0);
    let first = true;
    for (;;) {
      let explicit = false;
      if (this.marker) {
        this.afterToken(this.line + 3);
        explicit = true;
      }
      if (this.end || this.marker) {
        if (this.kids !== null) throw GIVE_UP; // an empty document has no node to locate in
        if (explicit || first) docs.push(null);
        if (this.end) break;
        first = false;
        continue;
      }
      if (this.col !== 0) throw GIVE_UP;
      const value = this.node();
      if (!this.end && !this.marker) throw GIVE_UP;
      docs.push(value);
      if (this.end) break;
      first = false;
    }
    return docs;
  }

  /**
   * Move to the first content line at or after the line starting at `p`: blank lines and
   * comment lines are skipped. Sets line, col, end and marker.
   */
  private skipTo(p: number): void {
    const t = this.t;
    const n = this.n;
    while (p < n) {
      let q = p;
      while (t.charCodeAt(q) === SPACE) q++;
      const c = t.charCodeAt(q);
      if (c === NL || c === HASH) {
        const nl = t.indexOf('\n', q);
        if (nl < 0) break;
        p = nl + 1;
        continue;
      }
      if (q >= n) break;
      this.line = p;
      this.col = q - p;
      this.marker = false;
      if (q === p) {
        if (c === DASH && t.startsWith('---', p)) {
          if (!isBlank(t.charCodeAt(p + 3))) throw GIVE_UP;
          this.marker = true;
        } else if (c === 0x2e /* . */ && t.startsWith('...', p) && isBlank(t.charCodeAt(p + 3))) {
          throw GIVE_UP;
        } else if (c === 0x25 /* % */) {
          throw GIVE_UP;
        }
      }
      return;
    }
    this.end = true;
    this.marker = false;
  }

  /** After a token ending at `p`: only spaces and a comment may follow; go to the next content line. */
  private afterToken(p: number): void {
    const t = this.t;
    let q = p;
    while (t.charCodeAt(q) === SPACE) q++;
    const c = t.charCodeAt(q);
    if (c === HASH) {
      if (q === p) throw GIVE_UP;
    } else if (c !== NL && q < this.n) {
      throw GIVE_UP;
    }
    const nl = t.indexOf('\n', q);
    if (nl < 0) {
      this.end = true;
      this.marker = false;
      return;
    }
    this.skipTo(nl + 1);
  }

  /** Whether the current line is a sequence entry (`-` then a space or the line's end). */
  private entryLine(): boolean {
    const s = this.line + this.col;
    return this.t.charCodeAt(s) === DASH && isBlank(this.t.charCodeAt(s + 1));
  }

  /** The block sequence or mapping that starts on the current line. */
  private node(): unknown {
    if (++this.depth > this.maxDepth) throw GIVE_UP;
    const s = this.line + this.col;
    let v: unknown;
    if (this.entryLine()) v = this.sequence(this.col);
    else {
      const colon = this.keyEnd(s);
      if (colon < 0) throw GIVE_UP; // a scalar on a line of its own
      v = this.mapping(this.col, s, colon);
    }
    this.depth--;
    return v;
  }

  private sequence(ind: number): unknown[] {
    const t = this.t;
    const out: unknown[] = [];
    const parent = this.kids;
    if (parent !== null) this.kids = openNode(parent, 'sequence', this.line + ind, out);
    for (;;) {
      const s = this.line + ind;
      let q = s + 1;
      while (t.charCodeAt(q) === SPACE) q++;
      const c = t.charCodeAt(q);
      if (c === NL || c === HASH || q >= this.n) {
        this.afterToken(s + 1);
        if (!this.end && !this.marker && this.col > ind) out.push(this.node());
        else if (parent !== null) throw GIVE_UP; // `yaml` has no node for an empty entry
        else if (!this.end && !this.marker && this.col < ind) {
          // js-yaml reads the entry that follows an empty last entry into this sequence,
          // though it is indented less: leave that to js-yaml.
          throw GIVE_UP;
        } else out.push(null);
      } else if (c === DASH && isBlank(t.charCodeAt(q + 1))) {
        throw GIVE_UP; // `- - x`
      } else {
        const colon = this.keyEnd(q);
        if (colon >= 0) {
          if (++this.depth > this.maxDepth) throw GIVE_UP;
          out.push(this.mapping(q - this.line, q, colon));
          this.depth--;
        } else {
          out.push(this.inline(q, ind));
        }
      }
      if (!this.end && !this.marker && this.col > ind) throw GIVE_UP;
      if (this.end || this.marker || this.col < ind || !this.entryLine()) {
        if (parent !== null) this.close(parent);
        return out;
      }
    }
  }

  /** A block mapping indented `ind` whose first key starts at `first` and ends at `firstColon`. */
  private mapping(ind: number, first: number, firstColon: number): Record<string, unknown> {
    const t = this.t;
    const out: Record<string, unknown> = {};
    const parent = this.kids;
    if (parent !== null) this.kids = openNode(parent, 'mapping', first, out);
    let p = first;
    let colon = firstColon;
    for (;;) {
      const key = this.key(p, colon);
      addLeaf(this.kids, 'scalar', p, colon, key);
      let q = colon + 1;
      while (t.charCodeAt(q) === SPACE) q++;
      const c = t.charCodeAt(q);
      let value: unknown;
      if (c === NL || c === HASH || q >= this.n) {
        this.afterToken(colon + 1);
        if (!this.end && !this.marker && this.col > ind) value = this.node();
        else if (!this.end && !this.marker && this.col === ind && this.entryLine()) {
          if (++this.depth > this.maxDepth) throw GIVE_UP;
          value = this.sequence(ind);
          this.depth--;
        } else {
          value = null;
          addLeaf(this.kids, null, colon + 1, colon + 1, null);
        }
      } else {
        value = this.inline(q, ind);
      }
      setKey(out, key, value);
      if (this.end || this.marker || this.col < ind) {
        if (parent !== null) this.close(parent);
        return out;
      }
      if (this.col > ind || this.entryLine()) throw GIVE_UP;
      p = this.line + ind;
      colon = this.keyEnd(p);
      if (colon < 0) throw GIVE_UP;
    }
  }

  /**
   * Where the implicit key starting at `p` ends (its colon), or -1 when the line holds no
   * key there. A quoted key must be followed directly by the colon.
   */
  private keyEnd(p: number): number {
    const t = this.t;
    const c = t.charCodeAt(p);
    if (c === DQUOTE || c === SQUOTE) {
      const close = c === DQUOTE ? doubleEnd(t, p) : singleEnd(t, p);
      return t.charCodeAt(close + 1) === COLON && isBlank(t.charCodeAt(close + 2)) ? close + 1 : -1;
    }
    if (indicatorStart(c)) return -1;
    for (let q = p + 1; ; q++) {
      const d = t.charCodeAt(q);
      if (d === COLON) {
        if (isBlank(t.charCodeAt(q + 1))) {
          if (t.charCodeAt(q - 1) === SPACE) throw GIVE_UP;
          return q;
        }
      } else if (d === NL || d !== d) {
        return -1;
      } else if (d === HASH && t.charCodeAt(q - 1) === SPACE) {
        return -1;
      }
    }
  }

  private key(p: number, colon: number): string {
    const t = this.t;
    const c = t.charCodeAt(p);
    if (c === DQUOTE) return doubleValue(t, p, colon - 1);
    if (c === SQUOTE) return singleValue(t, p, colon - 1);
    // Most keys are words: the string test first, without a call (this runs on every key).
    const v = resolvePlain(t.slice(p, colon));
    return typeof v === 'string' ? v : keyText(v);
  }

  /** A value that starts at `q` on the current line; `ind` is its collection's indentation. */
  private inline(q: number, ind: number): unknown {
    const t = this.t;
    const c = t.charCodeAt(q);
    if (c === DQUOTE || c === SQUOTE) {
      const [v, after] = quotedAt(t, q);
      addLeaf(this.kids, 'scalar', q, after, v);
      this.afterToken(after);
      return v;
    }
    if (c === 0x5b || c === 0x7b) {
      if (++this.depth > this.maxDepth) throw GIVE_UP;
      const f = new Flow(t, q, this.maxDepth - this.depth, this.kids);
      const v = f.value();
      this.depth--;
      this.afterToken(f.pos);
      return v;
    }
    if (c === 0x7c || c === 0x3e) {
      if (this.kids !== null) throw GIVE_UP; // block scalars are located another way
      return this.blockScalar(q, ind);
    }
    if (c === DASH) {
      if (isBlank(t.charCodeAt(q + 1))) throw GIVE_UP; // `key: - x`
    } else if (indicatorStart(c)) throw GIVE_UP;
    // A plain scalar: to the line's end or a comment; `: ` inside is an error js-yaml reports.
    let last = q;
    let r = q;
    for (; ; r++) {
      const d = t.charCodeAt(r);
      if (d === NL || d !== d) break;
      if (d === SPACE) {
        if (t.charCodeAt(r + 1) === HASH) break;
        continue;
      }
      if (d === COLON && isBlank(t.charCodeAt(r + 1))) throw GIVE_UP;
      last = r;
    }
    const v = resolvePlain(t.slice(q, last + 1));
    addLeaf(this.kids, 'scalar', q, last + 1, v);
    this.afterToken(r);
    return v;
  }

  /**
   * A literal (`|`) or folded (`>`) block scalar whose header is at `q`, in a collection
   * indented `ind`. Its content is indented deeper than the key or entry it belongs to.
   */
  private blockScalar(q: number, ind: number): string {
    const t = this.t;
    const folded = t.charCodeAt(q) === 0x3e;
    let r = q + 1;
    let chomp = 0; // 0 clip, -1 strip, 1 keep
    const h = t.charCodeAt(r);
    if (h === DASH) {
      chomp = -1;
      r++;
    } else if (h === 0x2b /* + */) {
      chomp = 1;
      r++;
    }
    const after = t.charCodeAt(r);
    if (after !== SPACE && after !== NL && r < this.n) throw GIVE_UP; // an indentation digit or a second indicator
    while (t.charCodeAt(r) === SPACE) r++;
    const hc = t.charCodeAt(r);
    if (hc === HASH) {
      if (t.charCodeAt(r - 1) !== SPACE) throw GIVE_UP;
    } else if (hc !== NL && r < this.n) throw GIVE_UP;
    let nl = t.indexOf('\n', r);
    let textIndent = -1;
    let out = '';
    let empty = 0;
    let read = false;
    let moreIndented = false;
    let p = nl < 0 ? this.n : nl + 1;
    for (;;) {
      if (p >= this.n) break;
      let sp = 0;
      while (t.charCodeAt(p + sp) === SPACE) sp++;
      const c = t.charCodeAt(p + sp);
      if (c === NL || p + sp >= this.n) {
        if (sp > 0 && (textIndent < 0 || sp > textIndent)) throw GIVE_UP; // spaces-only lines
        empty++;
        p = p + sp + 1;
        continue;
      }
      if (textIndent < 0) {
        if (sp <= ind) throw GIVE_UP; // an empty block scalar
        textIndent = sp;
      }
      if (sp < textIndent) break;
      nl = t.indexOf('\n', p);
      const lineEnd = nl < 0 ? this.n : nl;
      const lineText = t.slice(p + textIndent, lineEnd);
      if (folded) {
        if (sp > textIndent) {
          moreIndented = true;
          out += '\n'.repeat(read ? 1 + empty : empty);
        } else if (moreIndented) {
          moreIndented = false;
          out += '\n'.repeat(empty + 1);
        } else if (empty === 0) {
          if (read) out += ' ';
        } else {
          out += '\n'.repeat(empty);
        }
      } else {
        out += '\n'.repeat(read ? 1 + empty : empty);
      }
      out += lineText;
      read = true;
      empty = 0;
      p = lineEnd + 1;
    }
    if (textIndent < 0) throw GIVE_UP;
    if (chomp === 1) out += '\n'.repeat(read ? 1 + empty : empty);
    else if (chomp === 0 && read) out += '\n';
    if (p >= this.n) {
      this.end = true;
      this.marker = false;
    } else {
      this.skipTo(p);
    }
    return out;
  }
}

/** One-line flow collections (`[a, "b"]`, `{cpu: 100m}`), nested ones included. */
class Flow {
  pos: number;
  private depth = 0;

  constructor(
    private readonly t: string,
    start: number,
    private readonly maxDepth: number,
    /** When tracking nodes: where the nodes read next go. */
    private kids: SourceNode[] | null,
  ) {
    this.pos = start;
  }

  value(): unknown {
    const t = this.t;
    const start = this.pos;
    const c = t.charCodeAt(start);
    if (c === 0x5b || c === 0x7b) {
      if (++this.depth > this.maxDepth) throw GIVE_UP;
      const parent = this.kids;
      const out: unknown[] | Record<string, unknown> = c === 0x5b ? [] : {};
      if (parent !== null) this.kids = openNode(parent, c === 0x5b ? 'sequence' : 'mapping', start, out);
      if (c === 0x5b) this.seq(out as unknown[]);
      else this.map(out as Record<string, unknown>);
      if (parent !== null) {
        parent[parent.length - 1].end = this.pos;
        this.kids = parent;
      }
      this.depth--;
      return out;
    }
    const v = c === DQUOTE || c === SQUOTE ? this.quoted() : this.plain(false);
    addLeaf(this.kids, 'scalar', start, this.pos, v);
    return v;
  }

  private spaces(): number {
    const t = this.t;
    while (t.charCodeAt(this.pos) === SPACE) this.pos++;
    return t.charCodeAt(this.pos);
  }

  /** Past the opening bracket: true, and past `close` too, when the collection is empty. */
  private opensEmpty(close: number): boolean {
    this.pos++;
    if (this.spaces() !== close) return false;
    this.pos++;
    return true;
  }

  private seq(out: unknown[]): void {
    if (this.opensEmpty(0x5d)) return;
    do out.push(this.value());
    while (!this.closedAfterEntry(0x5d));
  }

  /**
   * After an entry: true at the collection's closing bracket `close`, false at a comma followed
   * by another entry; anything else (a trailing or empty entry) gives up.
   */
  private closedAfterEntry(close: number): boolean {
    const c = this.spaces();
    this.pos++;
    if (c === close) return true;
    if (c !== 0x2c) throw GIVE_UP;
    const d = this.spaces();
    if (d === close || d === 0x2c) throw GIVE_UP;
    return false;
  }

  private map(out: Record<string, unknown>): void {
    const t = this.t;
    if (this.opensEmpty(0x7d)) return;
    do {
      const kc = t.charCodeAt(this.pos);
      const keyStart = this.pos;
      let key: string;
      if (kc === DQUOTE || kc === SQUOTE) key = this.quoted();
      else {
        const k = this.plain(true);
        key = typeof k === 'string' ? k : keyText(k);
      }
      addLeaf(this.kids, 'scalar', keyStart, this.pos, key);
      if (t.charCodeAt(this.pos) !== COLON || t.charCodeAt(this.pos + 1) !== SPACE) throw GIVE_UP;
      this.pos += 2;
      const vc = this.spaces();
      if (vc === 0x2c || vc === 0x7d) throw GIVE_UP; // an empty value
      setKey(out, key, this.value());
    } while (!this.closedAfterEntry(0x7d));
  }

  private quoted(): string {
    const [v, after] = quotedAt(this.t, this.pos);
    this.pos = after;
    return v;
  }

  /** A plain scalar in a flow collection; as a key it ends at `: `. */
  private plain(key: boolean): unknown {
    const t = this.t;
    const p = this.pos;
    const c = t.charCodeAt(p);
    if (c === DASH) {
      const e = t.charCodeAt(p + 1);
      if (isBlank(e) || isFlowIndicator(e)) throw GIVE_UP;
    } else if (indicatorStart(c) || isBlank(c)) throw GIVE_UP;
    let last = p;
    let r = p;
    for (; ; r++) {
      const d = t.charCodeAt(r);
      if (d === NL || d !== d) throw GIVE_UP; // the collection goes on past the line
      if (isFlowIndicator(d)) break;
      if (d === SPACE) {
        if (t.charCodeAt(r + 1) === HASH) throw GIVE_UP;
        continue;
      }
      if (d === COLON) {
        const e = t.charCodeAt(r + 1);
        if (e === SPACE || e === NL || isFlowIndicator(e)) {
          if (!key || e !== SPACE) throw GIVE_UP;
          break;
        }
      }
      last = r;
    }
    if (key && t.charCodeAt(r) !== COLON) throw GIVE_UP;
    this.pos = last + 1;
    return resolvePlain(t.slice(p, last + 1));
  }
}

/** Read `text`, tracking nodes or not; undefined when the text leaves the subset. */
function read(text: string, maxDepth: number, track: boolean): { docs: unknown[]; nodes: SourceNode[] | null } | undefined {
  if (OUTSIDE.test(text)) return undefined;
  try {
    const r = new Reader(text, maxDepth, track);
    return { docs: r.documents(), nodes: r.kids };
  } catch (err) {
    if (err === GIVE_UP || err instanceof RangeError) return undefined;
    throw err;
  }
}

/**
 * The documents of `text` as js-yaml with the Kubernetes schema reads them, or undefined when
 * the text leaves the subset (the caller then uses js-yaml). `maxDepth` bounds nesting.
 */
export function parseSubset(text: string, maxDepth: number): unknown[] | undefined {
  return read(text, maxDepth, false)?.docs;
}

/**
 * The documents of `text` as nodes with their extents, for locating findings; undefined when
 * the text leaves the subset or holds what is located another way (block scalars, empty
 * documents, empty sequence entries, a collection whose last value is empty).
 */
export function nodesOfSubset(text: string, maxDepth: number): SourceNode[] | undefined {
  return read(text, maxDepth, true)?.nodes ?? undefined;
}
