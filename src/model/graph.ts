// The cross-resource graph of one cluster: resources indexed by kind/namespace/name, and the
// edges the rules follow. Every edge is found through an index, so building is linear in the
// number of resources (plus the size of the answers).

import type { Path } from '../yaml/types.js';
import type { Resource } from '../load/types.js';
import type { Settings } from './settings.js';
import { addTo, Index3 } from '../util/multimap.js';
import { annotationPath, labelsMatch } from './k8s.js';
import { asArray, asMap, isObject, valueAt, type StringMap } from '../util/object.js';
import {
  DISABLE_STRICT_SELECTORS_ENV,
  envTrue,
  hostRules,
  hostView,
  isClusterForm,
  isEmissaryContainer,
  resolverIndex,
  resolverInEffect,
  type ResolverInEffect,
  listenerView,
  mappingHostView,
  parseServiceRef,
  type HostRules,
  type HostView,
  type ListenerView,
  type MappingHostView,
  type ServiceRef,
} from './emissary.js';
import { EXPORTED, GATEWAY_NAME, GATEWAY_NS, hasGatewayMarks, INJECT } from './linkerd.js';
import { HostAssociation } from './host-association.js';

const WORKLOAD_TEMPLATE: Record<string, Path> = {
  Deployment: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  Pod: [],
};

/** An annotation value with where it was found. */
export interface Effective {
  value: unknown;
  /** The resource that carries it: the workload, or the Namespace. */
  resource: Resource;
  path: Path;
  from: 'pod' | 'namespace';
}

export interface ContainerPort {
  port: number;
  name?: string;
  container: string;
}

export interface PodTemplateNode {
  /** The workload (or bare Pod). */
  resource: Resource;
  /** Path of the pod template inside the workload ([] for a Pod). */
  path: Path;
  namespace: string;
  labels: StringMap;
  annotations: StringMap;
  /** The Namespace object, when it is among the inputs. */
  namespaceResource?: Resource;
  serviceAccount: string;
  containers: any[];
  containerPorts: ContainerPort[];
  /** Already contains a linkerd-proxy container (output of `linkerd inject`). */
  hasProxy: boolean;
  meshed: boolean;
  isEmissary: boolean;
  /** Effective annotation: the pod template's, else the Namespace's. */
  effective(key: string): Effective | undefined;
  /** Path of a field of the template's metadata, from the workload's root. */
  metaPath(...rest: Array<string | number>): Path;
}

export interface ServicePortNode {
  index: number;
  name?: string;
  port?: number;
  targetPort?: number | string;
  nodePort?: number;
}

export interface ServiceNode {
  resource: Resource;
  selector: StringMap | undefined;
  ports: ServicePortNode[];
  /** Pod templates the selector selects (same namespace). */
  pods: PodTemplateNode[];
  annotations: StringMap;
  labels: StringMap;
  /** Selects Emissary pods. */
  selectsEmissary: boolean;
  /** One of the graph's multicluster gateways (`Graph.gateways`). */
  isGateway: boolean;
}

export interface MappingNode {
  resource: Resource;
  spec: Record<string, any>;
  labels: StringMap;
  service?: ServiceRef;
  /** Namespace the service name resolves in (for in-cluster references). */
  serviceNamespace?: string;
  /** Whether the reference is to an in-cluster Service (and so can be checked). */
  inCluster: boolean;
  /** The Service it routes to, when in the inputs. */
  target?: ServiceNode;
  /** The resolver in effect (the Mapping's, the Module's, or Emissary's default). */
  resolver: ResolverInEffect;
  hostView: MappingHostView;
}

export interface HostNode {
  resource: Resource;
  view: HostView;
}

export interface ListenerNode {
  resource: Resource;
  view: ListenerView;
}

export interface LinkNode {
  resource: Resource;
  spec: Record<string, any>;
}

export class Graph {
  readonly resources: Resource[];
  readonly settings: Settings;
  /** Cluster name for --cluster trees. */
  readonly cluster?: string;
  private readonly byKey = new Index3<Resource>();
  private readonly byKind = new Map<string, Resource[]>();
  readonly namespaces = new Map<string, Resource>();
  /** Namespaces that are known: Namespace objects and namespaces that hold a resource. */
  readonly knownNamespaces = new Set<string>();
  readonly podTemplates: PodTemplateNode[] = [];
  readonly services: ServiceNode[] = [];
  readonly mappings: MappingNode[] = [];
  readonly hosts: HostNode[] = [];
  /** How this install associates Hosts and Mappings (version and Emissary's environment). */
  readonly hostRules: HostRules;
  /** Which Hosts take which Mappings, answered from indexes. */
  readonly hostAssociation: HostAssociation<HostNode, MappingNode>;
  readonly listeners: ListenerNode[] = [];
  readonly links: LinkNode[] = [];
  /** The `ambassador` Module (Emissary's global config), if any. */
  readonly ambassadorModule?: Resource;
  readonly emissaryPods: PodTemplateNode[] = [];
  /** Namespaces Emissary runs in. */
  readonly emissaryNamespaces = new Set<string>();
  /** Multicluster gateway Services (Emissary's Services marked as the Linkerd gateway). */
  readonly gateways: ServiceNode[] = [];
  /** Services labelled or annotated for export. */
  readonly exportedServices: ServiceNode[] = [];
  /** Services by ('', namespace, name); `service()` answers with the first of duplicates. */
  private readonly servicesByKey = new Index3<ServiceNode>();
  private readonly podsByWorkload = new Map<Resource, PodTemplateNode[]>();
  private readonly servicesByPod = new Map<PodTemplateNode, ServiceNode[]>();

  constructor(resources: Resource[], settings: Settings, cluster?: string) {
    this.resources = resources;
    this.settings = settings;
    this.cluster = cluster;
    for (const r of resources) {
      this.byKey.add(r.kind, r.namespace, r.name, r);
      addTo(this.byKind, r.kind, r);
      if (r.namespace) this.knownNamespaces.add(r.namespace);
      if (r.kind === 'Namespace' && r.group === '') {
        this.namespaces.set(r.name, r);
        this.knownNamespaces.add(r.name);
      }
    }
    this.ambassadorModule = this.findAmbassadorModule();
    this.buildPodTemplates();
    this.buildServices();
    this.buildMappings();
    this.hostRules = hostRules(settings.emissary.version, this.emissaryDisablesStrictSelectors());
    this.buildHosts();
    this.hostAssociation = new HostAssociation(this.hosts, this.hostRules);
    this.buildListeners();
    this.buildLinks();
    this.buildGateways();
  }

  /** All resources of a kind (any group). */
  ofKind(kind: string): Resource[] {
    return this.byKind.get(kind) ?? [];
  }

  /** The resources with this kind, namespace and name (more than one is a duplicate). */
  find(kind: string, namespace: string, name: string): Resource[] {
    return this.byKey.get(kind, namespace, name) ?? [];
  }

  /** The lists of two or more resources that share kind, namespace and name. */
  sameNamed(): Resource[][] {
    const out: Resource[][] = [];
    for (const list of this.byKey.lists()) if (list.length > 1) out.push(list);
    return out;
  }

  service(namespace: string, name: string): ServiceNode | undefined {
    return this.servicesByKey.get('', namespace, name)?.[0];
  }

  podTemplatesOf(workload: Resource): PodTemplateNode[] {
    return this.podsByWorkload.get(workload) ?? [];
  }

  /** Services whose selector selects this pod template. */
  servicesSelecting(pod: PodTemplateNode): ServiceNode[] {
    return this.servicesByPod.get(pod) ?? [];
  }

  /** Setting from the ambassador Module's config. */
  moduleConfig(name: string): unknown {
    return asMap(asMap(this.ambassadorModule?.obj?.spec).config)[name];
  }

  private findAmbassadorModule(): Resource | undefined {
    return this.ofKind('Module').find((m) => m.group === 'getambassador.io' && m.name === 'ambassador');
  }

  private buildPodTemplates(): void {
    for (const r of this.resources) {
      const tplPath = WORKLOAD_TEMPLATE[r.kind];
      if (!tplPath || (r.kind === 'Pod' && r.group !== '')) continue;
      const tpl = valueAt(r.obj, tplPath);
      if (!isObject(tpl)) continue;
      const node = this.makePodTemplate(r, tplPath, tpl);
      this.podTemplates.push(node);
      this.podsByWorkload.set(r, [node]);
    }
    const workloads = new Set(this.settings.emissary.workloads);
    for (const p of this.podTemplates) {
      if (!p.isEmissary && workloads.has(`${p.namespace}/${p.resource.name}`)) p.isEmissary = true;
      if (p.isEmissary) {
        this.emissaryPods.push(p);
        this.emissaryNamespaces.add(p.namespace);
      }
    }
  }

  private makePodTemplate(r: Resource, path: Path, tpl: Record<string, any>): PodTemplateNode {
    const meta = asMap(tpl.metadata);
    const spec = asMap(tpl.spec);
    const labels = asMap(meta.labels);
    const annotations = asMap(meta.annotations);
    const nsRes = this.namespaces.get(r.namespace);
    const nsAnn = asMap(nsRes?.obj?.metadata?.annotations);
    const containers = asArray(spec.containers).filter(isObject);
    const containerPorts: ContainerPort[] = [];
    for (const c of containers) {
      for (const p of asArray(c.ports)) {
        if (isObject(p) && typeof p.containerPort === 'number') {
          containerPorts.push({ port: p.containerPort, name: typeof p.name === 'string' ? p.name : undefined, container: String(c.name ?? '') });
        }
      }
    }
    const hasProxy = containers.some((c) => c.name === 'linkerd-proxy');
    const isEmissary = containers.some(isEmissaryContainer);
    const metaPath = (...rest: Array<string | number>): Path => [...path, 'metadata', ...rest];
    const effective = (k: string): Effective | undefined => {
      if (k in annotations) return { value: annotations[k], resource: r, path: metaPath('annotations', k), from: 'pod' };
      if (nsRes && k in nsAnn) return { value: nsAnn[k], resource: nsRes, path: annotationPath(k), from: 'namespace' };
      return undefined;
    };
    const inject = effective(INJECT)?.value;
    const meshed = hasProxy || inject === 'enabled' || inject === 'ingress';
    const sa = typeof spec.serviceAccountName === 'string' && spec.serviceAccountName ? spec.serviceAccountName : typeof spec.serviceAccount === 'string' && spec.serviceAccount ? spec.serviceAccount : 'default';
    return {
      resource: r,
      path,
      namespace: r.namespace,
      labels,
      annotations,
      namespaceResource: nsRes,
      serviceAccount: sa,
      containers,
      containerPorts,
      hasProxy,
      meshed,
      isEmissary,
      effective,
      metaPath,
    };
  }

  private buildServices(): void {
    // Index pod templates by namespace and label pair, so a selector looks only at candidates.
    const byLabel = new Index3<PodTemplateNode>();
    for (const p of this.podTemplates) {
      for (const k in p.labels) byLabel.add(p.namespace, k, String(p.labels[k]), p);
    }
    for (const r of this.ofKind('Service')) {
      if (r.group !== '') continue;
      const spec = asMap(r.obj.spec);
      const selector = isObject(spec.selector) ? (spec.selector as StringMap) : undefined;
      const ports: ServicePortNode[] = asArray(spec.ports).map((p, index) => {
        const m = asMap(p);
        return {
          index,
          name: typeof m.name === 'string' ? m.name : undefined,
          port: typeof m.port === 'number' ? m.port : undefined,
          targetPort: typeof m.targetPort === 'number' || typeof m.targetPort === 'string' ? m.targetPort : undefined,
          nodePort: typeof m.nodePort === 'number' ? m.nodePort : undefined,
        };
      });
      let pods: PodTemplateNode[] = [];
      if (selector && Object.keys(selector).length > 0) {
        let smallest: PodTemplateNode[] | undefined;
        for (const [k, v] of Object.entries(selector)) {
          const c = byLabel.get(r.namespace, k, String(v)) ?? [];
          if (!smallest || c.length < smallest.length) smallest = c;
        }
        pods = (smallest ?? []).filter((p) => labelsMatch(selector, p.labels));
      }
      const node: ServiceNode = {
        resource: r,
        selector,
        ports,
        pods,
        annotations: asMap(r.obj.metadata?.annotations),
        labels: asMap(r.obj.metadata?.labels),
        selectsEmissary: pods.some((p) => p.isEmissary),
        isGateway: false, // decided by buildGateways
      };
      this.services.push(node);
      this.servicesByKey.add('', r.namespace, r.name, node);
      for (const p of pods) {
        addTo(this.servicesByPod, p, node);
      }
    }
  }

  /**
   * Namespace Emissary resolves a bare Service name of this Mapping in; undefined when the Module
   * sends bare names to Emissary's namespace and that namespace is not known from the inputs.
   */
  private bareNameNamespace(mapping: Resource): string | undefined {
    if (this.moduleConfig('use_ambassador_namespace_for_service_resolution') === true) {
      if (this.emissaryNamespaces.size === 1) return [...this.emissaryNamespaces][0];
      const moduleNs = this.ambassadorModule?.namespace;
      return moduleNs !== undefined && this.emissaryNamespaces.has(moduleNs) ? moduleNs : undefined;
    }
    return mapping.namespace;
  }

  private buildMappings(): void {
    const domain = this.settings.linkerd.clusterDomain;
    const resolvers = resolverIndex(this.resources);
    for (const r of this.ofKind('Mapping')) {
      if (r.group !== 'getambassador.io') continue;
      const spec = asMap(r.obj.spec);
      const labels = asMap(r.obj.metadata?.labels);
      const service = typeof spec.service === 'string' ? parseServiceRef(spec.service) : undefined;
      const resolver = resolverInEffect(spec, this.moduleConfig('resolver'), resolvers);
      // A Consul resolver (or one Emissary does not know) does not name a Kubernetes Service.
      const kubernetesResolver = resolver.kind === 'service' || resolver.kind === 'endpoint';
      let inCluster = false;
      let serviceNamespace: string | undefined;
      if (service && !service.local && kubernetesResolver && isClusterForm(service, domain)) {
        if (service.namespace === undefined) {
          serviceNamespace = this.bareNameNamespace(r);
          inCluster = serviceNamespace !== undefined;
        } else if (this.knownNamespaces.has(service.namespace)) {
          inCluster = true;
          serviceNamespace = service.namespace;
        }
      }
      const target = inCluster && service && serviceNamespace ? this.service(serviceNamespace, service.name) : undefined;
      this.mappings.push({
        resource: r,
        spec,
        labels,
        service,
        serviceNamespace,
        inCluster,
        target,
        resolver,
        hostView: mappingHostView(r.apiVersion, spec, labels),
      });
    }
  }

  /** Whether an Emissary container sets DISABLE_STRICT_LABEL_SELECTORS to a true value. */
  private emissaryDisablesStrictSelectors(): boolean {
    return this.emissaryPods.some((p) =>
      p.containers.some((c) => asArray(c.env).some((e) => isObject(e) && e.name === DISABLE_STRICT_SELECTORS_ENV && envTrue(e.value))),
    );
  }

  private buildHosts(): void {
    const reads = this.hostRules.readsMappingSelector;
    for (const r of this.ofKind('Host')) {
      if (r.group !== 'getambassador.io') continue;
      this.hosts.push({ resource: r, view: hostView(r.obj.spec, reads) });
    }
  }

  private buildListeners(): void {
    for (const r of this.ofKind('Listener')) {
      if (r.group !== 'getambassador.io') continue;
      this.listeners.push({ resource: r, view: listenerView(r.obj.spec, r.namespace) });
    }
  }

  private buildLinks(): void {
    for (const r of this.ofKind('Link')) {
      if (r.group !== 'multicluster.linkerd.io') continue;
      this.links.push({ resource: r, spec: asMap(r.obj.spec) });
    }
  }

  private buildGateways(): void {
    // Services named by exported Services' gateway-name/gateway-ns annotations (Linkerd 2.8).
    const named = new Set<ServiceNode>();
    for (const s of this.services) {
      const gn = s.annotations[GATEWAY_NAME];
      const gns = s.annotations[GATEWAY_NS];
      if (typeof gn === 'string' || typeof gns === 'string') {
        this.exportedServices.push(s);
        if (typeof gn === 'string' && typeof gns === 'string') for (const n of this.servicesByKey.get('', gns, gn) ?? []) named.add(n);
      } else if (EXPORTED in s.labels) {
        this.exportedServices.push(s);
      }
    }
    for (const s of this.services) {
      if (!s.selectsEmissary) continue;
      if (hasGatewayMarks(s) || named.has(s)) {
        s.isGateway = true;
        this.gateways.push(s);
      }
    }
  }

  /** A tree that holds a multicluster gateway is a target cluster. */
  get isTargetCluster(): boolean {
    return this.gateways.length > 0;
  }

  /** Whether any Mapping or the Module turns on add_linkerd_headers. */
  linkerdHeadersFor(m: MappingNode): boolean {
    if (typeof m.spec.add_linkerd_headers === 'boolean') return m.spec.add_linkerd_headers;
    return this.moduleConfig('add_linkerd_headers') === true;
  }
}
