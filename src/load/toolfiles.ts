// Files that configure tools rather than describe cluster objects: kustomize's kustomizations
// and components, kubeconfigs, and the configuration files of kind, k3d, kubeadm, the kubelet
// and similar. They are never Kubernetes objects, so they are never reported as broken ones.

/** API groups whose documents configure a tool; nothing of theirs is applied to a cluster. */
const TOOL_GROUPS = new Set([
  'kustomize.config.k8s.io',
  'kind.x-k8s.io',
  'k3d.io',
  'kubeadm.k8s.io',
  'kubelet.config.k8s.io',
  'kubeproxy.config.k8s.io',
  'apiserver.config.k8s.io',
  'apiserver.k8s.io',
  'audit.k8s.io',
  'kubescheduler.config.k8s.io',
  'controllermanager.config.k8s.io',
  'ctlptl.dev',
  'skaffold',
  'config.kubernetes.io',
  'fn.kpt.dev',
  'kpt.dev',
]);

/** The names kustomize looks for in a directory, in its order. */
export const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** The API group of an apiVersion (`apps/v1` → `apps`, `v1` → ''). */
function groupOf(apiVersion: string): string {
  const i = apiVersion.lastIndexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

/**
 * Whether a document with this apiVersion and kind configures a tool: a kustomization or
 * component, a kubeconfig (`v1` `Config`), or any document of a tool configuration group
 * (kind and k3d clusters, kubeadm, kubelet, kube-proxy, audit policies, kpt and skaffold).
 */
export function isToolConfig(apiVersion: string, kind: string, value: Record<string, unknown>): boolean {
  if (TOOL_GROUPS.has(groupOf(apiVersion))) return true;
  if (apiVersion === 'v1' && kind === 'Config' && ('clusters' in value || 'contexts' in value || 'users' in value || 'current-context' in value)) return true;
  return false;
}

/** A kustomization document without apiVersion and kind (kustomize reads them): its keys. */
const KUSTOMIZATION_KEYS = new Set([
  'resources',
  'bases',
  'components',
  'patches',
  'patchesStrategicMerge',
  'patchesJson6902',
  'namePrefix',
  'nameSuffix',
  'commonLabels',
  'commonAnnotations',
  'labels',
  'images',
  'replicas',
  'configMapGenerator',
  'secretGenerator',
  'generatorOptions',
  'crds',
  'configurations',
  'replacements',
  'generators',
  'transformers',
  'validators',
  'helmCharts',
  'helmGlobals',
  'openapi',
  'buildMetadata',
  'vars',
  'sortOptions',
]);

/** Whether a file is a kustomization by its name (kustomize reads only these names). */
export function isKustomizationName(basename: string): boolean {
  return KUSTOMIZATION_NAMES.includes(basename);
}

/** Whether a value read from a file named like a kustomization looks like one. */
export function looksLikeKustomization(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  if (typeof v.apiVersion === 'string' && groupOf(v.apiVersion) === 'kustomize.config.k8s.io') return true;
  return Object.keys(v).some((k) => KUSTOMIZATION_KEYS.has(k));
}
