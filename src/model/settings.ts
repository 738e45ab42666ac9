// Settings that rules read: Linkerd and Emissary versions and install details.

import { parseVersion, type Version } from './version.js';

export interface Settings {
  linkerd: { version: Version; namespace: string; trustDomain: string; clusterDomain: string };
  emissary: { version: Version; workloads: string[] };
}

export interface SettingsInput {
  linkerd?: { version?: string | number; namespace?: string; trustDomain?: string; clusterDomain?: string };
  emissary?: { version?: string | number; workloads?: string[] };
}

export const DEFAULT_LINKERD_VERSION = '2.18';
export const DEFAULT_EMISSARY_VERSION = '3.9';

export function makeSettings(input: SettingsInput = {}): Settings {
  const l = input.linkerd ?? {};
  const e = input.emissary ?? {};
  return {
    linkerd: {
      version: parseVersion(String(l.version ?? DEFAULT_LINKERD_VERSION)),
      namespace: l.namespace ?? 'linkerd',
      trustDomain: l.trustDomain ?? 'cluster.local',
      clusterDomain: l.clusterDomain ?? 'cluster.local',
    },
    emissary: {
      version: parseVersion(String(e.version ?? DEFAULT_EMISSARY_VERSION)),
      workloads: e.workloads ?? [],
    },
  };
}
