// XML for the JUnit and Checkstyle reports: text and attribute values escaped so that any message,
// path or rule id is read back as written.

/**
 * Characters XML 1.0 cannot carry at all, even as character references: C0 controls other than
 * tab, line feed and carriage return, lone surrogates, U+FFFE and U+FFFF.
 */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A character XML cannot carry, written as its escape (`\u0007`) so that it stays visible. */
function visible(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Escape element content (a carriage return as a reference: a reader turns a raw one into a line feed). */
export function xmlText(s: string): string {
  return s.replace(NOT_XML, visible).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/**
 * Escape an attribute value (written in double quotes). Tabs and line breaks become character
 * references, which a reader keeps; written as they are, it would read them as spaces.
 */
export function xmlAttr(s: string | number): string {
  return xmlText(String(s)).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}

/** `<name a="1" b="2"` from the attributes that have a value. */
export function openTag(name: string, attrs: Record<string, string | number | undefined>): string {
  let out = `<${name}`;
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) out += ` ${k}="${xmlAttr(v)}"`;
  return out;
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';
