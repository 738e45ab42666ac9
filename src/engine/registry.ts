// All rules, from the one-line-per-rule registry in rules/index.ts.

import * as all from '../../rules/index.js';
import type { Rule } from './rule.js';
import { compareText } from '../util/order.js';

/** Reserved id for a rule that threw: not a rule, never configurable. */
export const INTERNAL_ERROR = 'internal-error';

export const RULES: readonly Rule[] = (Object.values(all) as Rule[]).sort((a, b) => compareText(a.meta.id, b.meta.id));

const byId = new Map(RULES.map((r) => [r.meta.id, r]));

/** Every rule id (config keys, suppression tokens). */
export const RULE_IDS: ReadonlySet<string> = new Set(byId.keys());

export function ruleById(id: string): Rule | undefined {
  return byId.get(id);
}

/** Where a rule's documentation lives, for SARIF helpUri and `explain`. */
export const DOCS_BASE = 'https://github.com/meshlint/meshlint/blob/main/rules/';

export function docUrl(id: string): string {
  return `${DOCS_BASE}${id}.md`;
}
