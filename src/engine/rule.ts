// What a rule is: metadata and a pure check over the graph.

import type { Graph } from '../model/graph.js';
import type { Settings } from '../model/settings.js';
import type { InputProblem } from '../load/types.js';
import type { Report, Severity } from './types.js';

export type { Fix, RelatedReport, Report, Severity } from './types.js';

/**
 * The edges of the resource graph (`meshlint graph`, the Markdown report's picture): a Service
 * selecting pods, a gateway Service selecting Emissary, a Mapping routing to a Service, a Host
 * taking a Mapping, a Link naming its gateway.
 */
export type EdgeKind = 'selects' | 'gateway' | 'routes' | 'host' | 'link';

export interface RuleMeta {
  /** Kebab-case id: file name, fixture folder, doc page, SARIF ruleId, config key, suppression token. */
  id: string;
  /** Default severity. */
  severity: Severity;
  /** One sentence saying what the rule checks, ending with a period. */
  description: string;
  /** One or two sentences saying how to fix a finding, ending with a period. */
  remediation: string;
  /** Kinds the rule reads ('*' for input problems). */
  kinds: string[];
  /** Catalogue section: A hygiene, B meshing, C gateway, D export/links, E routing, G Emissary 2.x/3.x configuration. */
  section: 'A' | 'B' | 'C' | 'D' | 'E' | 'G';
  /**
   * The graph edge a finding of this rule breaks, at the resource it is reported on (drawn red
   * when the finding's related locations do not name the other end); none for a rule about one
   * resource alone.
   */
  edge?: EdgeKind;
}

export interface RuleContext {
  readonly graph: Graph;
  readonly settings: Settings;
  /** Every cluster's graph by name, for rules that cross clusters (`--cluster`). */
  readonly clusters: ReadonlyMap<string, Graph>;
  /** Problems found while reading this graph's files (for yaml-syntax and manifest-shape). */
  readonly inputProblems: readonly InputProblem[];
  report(report: Report): void;
  /** Report a problem found while reading input, at its own position. */
  reportInput(problem: InputProblem): void;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void;
}

/** Typed identity helper, so a rule file is `export default defineRule({...})`. */
export function defineRule(rule: Rule): Rule {
  return rule;
}
