// Positions and field paths: how the YAML layer names a place in a document.

/** A field path into a document: object keys and array indexes. */
export type Path = ReadonlyArray<string | number>;

/** A position in a file: 1-based lines and columns; the end column is inclusive. */
export interface Region {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}
