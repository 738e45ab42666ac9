// Positions and field paths: how the YAML layer names a place in a document.

import type { Path } from '../util/object.js';

export type { Path };

/** A position in a file: 1-based lines and columns; the end column is inclusive. */
export interface Region {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}
