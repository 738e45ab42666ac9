// Plain-object helpers for values read from YAML: any program could use them.

/** A field path into a document: object keys and array indexes. */
export type Path = ReadonlyArray<string | number>;

export type StringMap = Record<string, unknown>;

export function isObject(v: unknown): v is Record<string, any> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The object at `v`, or an empty one. */
export function asMap(v: unknown): Record<string, any> {
  return isObject(v) ? v : {};
}

/** The value at `path` inside `obj`, or undefined when a step on the way is not a mapping or a list. */
export function valueAt(obj: unknown, path: Path): unknown {
  let cur = obj;
  for (const seg of path) {
    if (!isObject(cur) && !Array.isArray(cur)) return undefined;
    cur = (cur as any)[seg];
  }
  return cur;
}

export function asArray(v: unknown): any[] {
  return Array.isArray(v) ? v : [];
}

