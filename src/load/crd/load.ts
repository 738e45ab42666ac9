// Loading `--crds` paths (and config `crds`): read like --context files, never reported, and
// only their CustomResourceDefinitions are kept, to join every cluster's graph.

import { readInputs, type ReadOptions } from '../files.js';
import type { ParseLimits } from '../../yaml/parse.js';
import { loadFiles } from '../resources.js';
import type { Resource } from '../types.js';
import { CRD_GROUP } from './index.js';

export interface LoadedCrds {
  resources: Resource[];
  /** Paths that matched nothing. */
  unmatched: string[];
}

export async function loadCrdPaths(patterns: string[], opts: ReadOptions, limits: ParseLimits): Promise<LoadedCrds> {
  if (patterns.length === 0) return { resources: [], unmatched: [] };
  const read = await readInputs([{ patterns, reported: false }], { ...opts, readStdin: undefined });
  const resources = loadFiles(read.files, 'auto', limits).resources.filter((r) => r.kind === 'CustomResourceDefinition' && r.group === CRD_GROUP);
  return { resources, unmatched: read.unmatched };
}
