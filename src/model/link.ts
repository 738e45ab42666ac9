// The Linkerd multicluster Link: the selectors that pick the Services it exports.

import type { LinkNode } from './graph.js';
import { isObject } from '../util/object.js';
import { selectorIsEmpty } from './k8s.js';

/** The Link fields that select Services to export. */
export const LINK_SELECTORS = ['selector', 'remoteDiscoverySelector', 'federatedServiceSelector'] as const;

export type LinkSelectorField = (typeof LINK_SELECTORS)[number];

/** The selector fields a Link sets to a selector with at least one term: an empty or missing selector selects nothing. */
export function setLinkSelectors(link: LinkNode): LinkSelectorField[] {
  return LINK_SELECTORS.filter((k) => isObject(link.spec[k]) && !selectorIsEmpty(link.spec[k]));
}
