import { describe, expect, it } from 'vitest';
import type { PodTemplateNode, ServicePortNode } from '../src/graph.js';
import { applicationPorts, resolveTargetPort } from '../src/util/ports.js';

const pod = {
  containerPorts: [
    { port: 8080, name: 'http', container: 'ambassador' },
    { port: 8443, name: 'https', container: 'ambassador' },
    { port: 8877, name: 'admin', container: 'ambassador' },
    { port: 4143, name: 'linkerd-proxy', container: 'linkerd-proxy' },
    { port: 4191, name: 'linkerd-admin', container: 'linkerd-proxy' },
    { port: 8080, name: 'metrics', container: 'sidecar' },
  ],
} as unknown as PodTemplateNode;

const sp = (p: Partial<ServicePortNode>): ServicePortNode => ({ index: 0, raw: {}, ...p });

describe('resolveTargetPort', () => {
  it('takes a numeric targetPort as it is', () => {
    expect(resolveTargetPort(sp({ port: 80, targetPort: 8080 }), pod)).toBe(8080);
    expect(resolveTargetPort(sp({ port: 80, targetPort: 9999 }), pod)).toBe(9999);
  });
  it('looks a named targetPort up among the container ports', () => {
    expect(resolveTargetPort(sp({ port: 80, targetPort: 'http' }), pod)).toBe(8080);
    expect(resolveTargetPort(sp({ port: 8877, targetPort: 'admin' }), pod)).toBe(8877);
    expect(resolveTargetPort(sp({ port: 80, targetPort: 'nope' }), pod)).toBeUndefined();
  });
  it('defaults an unset targetPort to the port', () => {
    expect(resolveTargetPort(sp({ port: 4143 }), pod)).toBe(4143);
    expect(resolveTargetPort(sp({}), pod)).toBeUndefined();
  });
});

describe('applicationPorts', () => {
  it('lists the application containers ports once, without the proxy', () => {
    expect(applicationPorts(pod).sort()).toEqual([8080, 8443, 8877]);
  });
});
