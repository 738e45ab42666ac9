// Settings that rules read: Linkerd and Emissary versions and install details.

import { parseVersion, type Version } from './version.js';

export interface Settings {
  linkerd: {
    version: Version;
    namespace: string;
    trustDomain: string;
    clusterDomain: string;
    /** The source cluster's multicluster chart: the port of the probe Service, when config sets it. */
    multicluster: { probePort?: number };
  };
  emissary: { version: Version; workloads: string[] };
}

export interface SettingsInput {
  linkerd?: { version?: string | number; namespace?: string; trustDomain?: string; clusterDomain?: string; multicluster?: { probePort?: number } };
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
      multicluster: { probePort: l.multicluster?.probePort },
    },
    emissary: {
      version: parseVersion(String(e.version ?? DEFAULT_EMISSARY_VERSION)),
      workloads: e.workloads ?? [],
    },
  };
}
