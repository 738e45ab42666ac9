import type { Reporter } from './types.js';
import type { GraphFormat } from './graph.js';

export type { GraphFormat };

export const FORMATS = ['text', 'json', 'sarif', 'github', 'markdown', 'junit', 'checkstyle', 'gitlab'] as const;
export type Format = (typeof FORMATS)[number];

/** Formats of `meshlint graph`; the renderer (report/graph.ts) is imported only when drawing. */
export const GRAPH_FORMATS: readonly GraphFormat[] = ['mermaid', 'dot', 'json'];

/** Reporters are imported on demand, so start-up loads only the one in use. */
export async function reporterFor(format: Format): Promise<Reporter> {
  switch (format) {
    case 'json':
      return (await import('./json.js')).jsonReporter;
    case 'sarif':
      return (await import('./sarif.js')).sarifReporter;
    case 'github':
      return (await import('./github.js')).githubReporter;
    case 'markdown':
      return (await import('./markdown.js')).markdownReporter;
    case 'junit':
      return (await import('./junit.js')).junitReporter;
    case 'checkstyle':
      return (await import('./checkstyle.js')).checkstyleReporter;
    case 'gitlab':
      return (await import('./gitlab.js')).gitlabReporter;
    default:
      return (await import('./text.js')).textReporter;
  }
}
