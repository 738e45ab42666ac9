// Ports as the kubelet and kube-proxy see them: a Service port's targetPort resolved against a pod
// template's container ports, and the ports a pod's application containers expose.

import type { PodTemplateNode, ServicePortNode } from '../graph.js';

/** Containers that `linkerd inject` adds; their ports are the proxy's, not the application's. */
const LINKERD_CONTAINERS = new Set(['linkerd-proxy', 'linkerd-init']);

/**
 * The container port a Service port sends traffic to on this pod template: a numeric targetPort as
 * it is, a named one looked up among the pod's container port names, an unset one equal to `port`.
 * undefined when a name matches no container port (or the port is malformed).
 */
export function resolveTargetPort(port: ServicePortNode, pod: PodTemplateNode): number | undefined {
  const t = port.targetPort;
  if (typeof t === 'number') return t;
  if (typeof t === 'string') {
    if (/^\d+$/.test(t)) return Number(t);
    return pod.containerPorts.find((c) => c.name === t)?.port;
  }
  return port.port;
}

/** Container ports of the pod's own containers (without the Linkerd proxy's). */
export function applicationPorts(pod: PodTemplateNode): number[] {
  return [...new Set(pod.containerPorts.filter((c) => !LINKERD_CONTAINERS.has(c.container)).map((c) => c.port))];
}
