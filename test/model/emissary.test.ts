// Emissary semantics in src/util/emissary.ts: Service references, Host/Mapping association,
// Listener views.

import { describe, expect, it } from 'vitest';
import {
  hostAssociates,
  hostglobMatches,
  hostSelectorMatches,
  hostView,
  isClusterForm,
  listenerView,
  mappingHostView,
  parseServiceRef,
  strictHostSelectors,
} from '../../src/model/emissary.js';
import { parseVersion } from '../../src/model/version.js';
import { graphOfObjects } from '../helpers.js';

const V31 = parseVersion('3.1');
const V32 = parseVersion('3.2');
const V23 = parseVersion('2.3');
const V24 = parseVersion('2.4');
const V114 = parseVersion('1.14');

describe('parseServiceRef', () => {
  it('reads a bare name with the default port 80', () => {
    expect(parseServiceRef('web')).toMatchObject({ scheme: undefined, host: 'web', name: 'web', namespace: undefined, port: 80, explicitPort: false, local: false });
  });

  it('defaults the port to 443 for https://', () => {
    expect(parseServiceRef('https://web.shop')).toMatchObject({ scheme: 'https', name: 'web', namespace: 'shop', port: 443, explicitPort: false });
    expect(parseServiceRef('HTTP://web.shop')).toMatchObject({ scheme: 'http', port: 80 });
  });

  it('reads name.namespace:port and longer in-cluster forms', () => {
    expect(parseServiceRef('web.shop:8080')).toMatchObject({ name: 'web', namespace: 'shop', port: 8080, explicitPort: true });
    expect(parseServiceRef('http://web.shop.svc.cluster.local:9090/')).toMatchObject({ host: 'web.shop.svc.cluster.local', name: 'web', namespace: 'shop', port: 9090 });
  });

  it('marks localhost and IP addresses as local, with no namespace', () => {
    expect(parseServiceRef('localhost:8877')).toMatchObject({ local: true, namespace: undefined, port: 8877 });
    expect(parseServiceRef('127.0.0.1:8877')).toMatchObject({ local: true, namespace: undefined });
    expect(parseServiceRef('10.0.3.4')).toMatchObject({ local: true, namespace: undefined, port: 80 });
    expect(parseServiceRef('[::1]:8080')).toMatchObject({ local: true, host: '[::1]', port: 8080 });
  });

  it('rejects other schemes, bad ports and an empty host', () => {
    expect(parseServiceRef('grpc://web:80')).toBeUndefined();
    expect(parseServiceRef('web:http')).toBeUndefined();
    expect(parseServiceRef('web:')).toBeUndefined();
    expect(parseServiceRef(':80')).toBeUndefined();
    expect(parseServiceRef('   ')).toBeUndefined();
  });
});

describe('isClusterForm', () => {
  const form = (s: string, domain?: string) => isClusterForm(parseServiceRef(s)!, domain);

  it('accepts name, name.ns, name.ns.svc and name.ns.svc.<cluster domain>', () => {
    expect(form('web')).toBe(true);
    expect(form('web.shop')).toBe(true);
    expect(form('web.shop.svc')).toBe(true);
    expect(form('web.shop.svc.cluster.local:80')).toBe(true);
    expect(form('web.shop.svc.corp.example', 'corp.example')).toBe(true);
  });

  it('rejects external names, another cluster domain, and local addresses', () => {
    expect(form('api.example.com')).toBe(false);
    expect(form('web.shop.svc.cluster.local', 'corp.example')).toBe(false);
    expect(form('localhost:8877')).toBe(false);
    expect(form('127.0.0.1')).toBe(false);
  });
});

describe('hostglobMatches', () => {
  it('matches equal globs and the bare wildcard', () => {
    expect(hostglobMatches('a.example.com', 'a.example.com')).toBe(true);
    expect(hostglobMatches('A.Example.com', 'a.example.COM')).toBe(true);
    expect(hostglobMatches('*', 'anything.example.com')).toBe(true);
    expect(hostglobMatches('a.example.com', '*')).toBe(true);
  });

  it('does not match different plain names or names with a leading dot', () => {
    expect(hostglobMatches('a.example.com', 'b.example.com')).toBe(false);
    expect(hostglobMatches('.example.com', '*.example.com')).toBe(false);
  });

  it('matches a leading wildcard against a longer name with that suffix', () => {
    expect(hostglobMatches('*.example.com', 'a.example.com')).toBe(true);
    expect(hostglobMatches('a.example.com', '*.example.com')).toBe(true);
    expect(hostglobMatches('*.example.com', 'a.example.org')).toBe(false);
  });

  it('never lets * stand for nothing', () => {
    expect(hostglobMatches('*example.com', 'example.com')).toBe(false);
    expect(hostglobMatches('example.*', 'example.')).toBe(false);
    expect(hostglobMatches('*.example.com', 'example.com')).toBe(false);
  });

  it('matches a trailing wildcard against a name with that prefix', () => {
    expect(hostglobMatches('api.*', 'api.example.com')).toBe(true);
    expect(hostglobMatches('api.*', 'www.example.com')).toBe(false);
  });

  it('compares two wildcards of the same side by their common part', () => {
    expect(hostglobMatches('*.example.com', '*.a.example.com')).toBe(true);
    expect(hostglobMatches('*.example.com', '*.example.org')).toBe(false);
    expect(hostglobMatches('api.*', 'api.example.*')).toBe(true);
    expect(hostglobMatches('api.*', 'www.*')).toBe(false);
  });

  it('lets a leading and a trailing wildcard always overlap', () => {
    expect(hostglobMatches('*.example.com', 'api.*')).toBe(true);
    expect(hostglobMatches('www.*', '*.org')).toBe(true);
  });

  it('treats a wildcard in the middle, or at both ends, as literal', () => {
    expect(hostglobMatches('api.*.com', 'api.example.com')).toBe(false);
    expect(hostglobMatches('*.example.*', 'a.example.com')).toBe(false);
    expect(hostglobMatches('*.example.*', '*.example.*')).toBe(true);
  });
});

describe('strictHostSelectors', () => {
  it('is on from 3.2 and, on the 2.x line, from 2.4', () => {
    expect(strictHostSelectors(V114)).toBe(false);
    expect(strictHostSelectors(V23)).toBe(false);
    expect(strictHostSelectors(V24)).toBe(true);
    expect(strictHostSelectors(parseVersion('2.5.1'))).toBe(true);
    expect(strictHostSelectors(parseVersion('3.0'))).toBe(false);
    expect(strictHostSelectors(V31)).toBe(false);
    expect(strictHostSelectors(V32)).toBe(true);
    expect(strictHostSelectors(parseVersion('3.9'))).toBe(true);
  });
});

describe('hostSelectorMatches', () => {
  const sel = { matchLabels: { a: 'b', c: 'd' } };

  it('needs every label from 3.2, any one label before', () => {
    expect(hostSelectorMatches(sel, { a: 'b' }, V31)).toBe(true);
    expect(hostSelectorMatches(sel, { a: 'b' }, V32)).toBe(false);
    expect(hostSelectorMatches(sel, { a: 'b', c: 'd', e: 'f' }, V32)).toBe(true);
    expect(hostSelectorMatches(sel, { a: 'x' }, V31)).toBe(false);
  });

  it('follows the same change on the 2.x line at 2.4', () => {
    expect(hostSelectorMatches(sel, { c: 'd' }, V23)).toBe(true);
    expect(hostSelectorMatches(sel, { c: 'd' }, V24)).toBe(false);
  });

  it('matches everything when matchLabels is empty (matchExpressions are not read)', () => {
    expect(hostSelectorMatches({ matchLabels: {} }, {}, V32)).toBe(true);
    expect(hostSelectorMatches({ matchExpressions: [{ key: 'a', operator: 'Exists' }] }, {}, V32)).toBe(true);
  });
});

describe('hostView', () => {
  it('defaults the hostname to * and the insecure action to Redirect', () => {
    expect(hostView({})).toEqual({ hostname: '*', selector: undefined, insecureAction: 'Redirect' });
    expect(hostView({ hostname: '', requestPolicy: { insecure: { action: 'Route' } } })).toMatchObject({ hostname: '*', insecureAction: 'Route' });
  });

  it('falls back to the deprecated selector, and takes an empty selector as none', () => {
    expect(hostView({ selector: { matchLabels: { a: 'b' } } }).selector).toEqual({ matchLabels: { a: 'b' } });
    expect(hostView({ mappingSelector: {}, selector: { matchLabels: { a: 'b' } } }).selector).toEqual({ matchLabels: { a: 'b' } });
    expect(hostView({ mappingSelector: {} }).selector).toBeUndefined();
    expect(hostView({ mappingSelector: { matchLabels: {} } }).selector).toEqual({ matchLabels: {} });
  });
});

describe('mappingHostView', () => {
  const V3 = 'getambassador.io/v3alpha1';
  const V2 = 'getambassador.io/v2';

  it('takes hostname, then host', () => {
    expect(mappingHostView(V3, { hostname: 'a.example.com', host: 'b.example.com' }, {})).toMatchObject({ glob: 'a.example.com', regex: false });
    expect(mappingHostView(V3, { host: 'b.example.com' }, {})).toMatchObject({ glob: 'b.example.com', regex: false });
  });

  it('reads host_regex only when no hostname overrides it', () => {
    expect(mappingHostView(V3, { host: '^a.*$', host_regex: true }, {})).toMatchObject({ glob: undefined, regex: true });
    expect(mappingHostView(V3, { hostname: 'a.example.com', host: '^a.*$', host_regex: true }, {})).toMatchObject({ glob: 'a.example.com', regex: false });
  });

  it('gives a v2 Mapping without host the hostname *, a v3alpha1 one none', () => {
    expect(mappingHostView(V2, {}, {}).glob).toBe('*');
    expect(mappingHostView(V3, {}, {}).glob).toBeUndefined();
  });

  it('uses an exact :authority header match of a v3alpha1 Mapping as its host', () => {
    expect(mappingHostView(V3, { headers: { ':authority': 'a.example.com' } }, {}).glob).toBe('a.example.com');
    expect(mappingHostView(V3, { headers: { ':authority': '*.example.com' } }, {}).glob).toBeUndefined();
  });
});

describe('hostAssociates', () => {
  const V3 = 'getambassador.io/v3alpha1';
  const host = (spec: object) => hostView(spec);
  const mapping = (spec: object, labels: object = {}) => mappingHostView(V3, spec, labels);
  const selHost = host({ hostname: '*', mappingSelector: { matchLabels: { a: 'b', c: 'd' } } });
  const oneLabel = mapping({ hostname: '*' }, { a: 'b' });

  it('needs hostname and selector from 3.2, either before', () => {
    expect(hostAssociates(selHost, oneLabel, V31)).toBe(true);
    expect(hostAssociates(selHost, oneLabel, V32)).toBe(false);
    expect(hostAssociates(selHost, mapping({ hostname: '*' }, { a: 'b', c: 'd' }), V32)).toBe(true);
  });

  it('switches at 2.4 on the 2.x line', () => {
    expect(hostAssociates(selHost, oneLabel, V23)).toBe(true);
    expect(hostAssociates(selHost, oneLabel, V24)).toBe(false);
  });

  it('lets the selector alone decide for a Mapping without hostname', () => {
    const noHost = mapping({}, { a: 'b', c: 'd' });
    expect(hostAssociates(host({ hostname: 'x.example.com', mappingSelector: { matchLabels: { a: 'b' } } }), noHost, V32)).toBe(true);
    expect(hostAssociates(host({ hostname: 'x.example.com', mappingSelector: { matchLabels: { z: 'y' } } }), noHost, V32)).toBe(false);
  });

  it('lets the hostname alone decide for a Host without selector', () => {
    expect(hostAssociates(host({ hostname: 'a.example.com' }), mapping({ hostname: '*.example.com' }), V32)).toBe(true);
    expect(hostAssociates(host({ hostname: 'a.example.com' }), mapping({ hostname: 'b.example.com' }), V32)).toBe(false);
    expect(hostAssociates(host({ hostname: 'a.example.com' }), mapping({ hostname: 'b.example.com' }), V31)).toBe(false);
  });

  it('never associates a Mapping without hostname with a Host without selector', () => {
    expect(hostAssociates(host({ hostname: '*' }), mapping({}), V32)).toBe(false);
    expect(hostAssociates(host({ hostname: '*' }), mapping({}), V31)).toBe(false);
    // An empty mappingSelector is no selector.
    expect(hostAssociates(host({ hostname: '*', mappingSelector: {} }), mapping({}), V32)).toBe(false);
  });

  it('associates a host_regex Mapping with every Host whose selector allows it', () => {
    const rx = mapping({ host: '^.*$', host_regex: true });
    expect(hostAssociates(host({ hostname: 'a.example.com' }), rx, V32)).toBe(true);
    expect(hostAssociates(host({ hostname: 'a.example.com', mappingSelector: { matchLabels: { a: 'b' } } }), rx, V32)).toBe(false);
    expect(hostAssociates(host({ hostname: 'a.example.com', mappingSelector: { matchLabels: { a: 'b' } } }), rx, V31)).toBe(true);
  });
});

describe('listenerView', () => {
  it('reads plain HTTP from protocol or protocolStack', () => {
    expect(listenerView({ port: 8080, protocol: 'HTTP' }, 'emissary')).toEqual({ port: 8080, plainHttp: true, hostNamespaces: ['emissary'] });
    expect(listenerView({ port: 8080, protocol: 'HTTPPROXY' }, 'emissary').plainHttp).toBe(true);
    expect(listenerView({ port: 8443, protocol: 'HTTPS' }, 'emissary').plainHttp).toBe(false);
    expect(listenerView({ port: 8080, protocolStack: ['PROXY', 'HTTP', 'TCP'] }, 'emissary').plainHttp).toBe(true);
    expect(listenerView({ port: 8443, protocolStack: ['TLS', 'HTTP', 'TCP'] }, 'emissary').plainHttp).toBe(false);
  });

  it('binds Hosts of its own namespace unless hostBinding says ALL', () => {
    expect(listenerView({ port: 8080, protocol: 'HTTP', hostBinding: { namespace: { from: 'ALL' } } }, 'emissary').hostNamespaces).toBe('ALL');
    expect(listenerView({ port: 8080, protocol: 'HTTP', hostBinding: { namespace: { from: 'SELF' } } }, 'emissary').hostNamespaces).toEqual(['emissary']);
    expect(listenerView({ protocol: 'HTTP' }, 'emissary').port).toBeUndefined();
  });
});

const graph = graphOfObjects;
const mappingObj = (namespace: string, service: string, extra: object = {}) => ({
  apiVersion: 'getambassador.io/v3alpha1',
  kind: 'Mapping',
  metadata: { name: 'm', namespace },
  spec: { prefix: '/', hostname: '*', service, ...extra },
});
const serviceObj = (namespace: string, name: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { selector: { app: name }, ports: [{ port: 80 }] } });
const emissaryObj = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'emissary-ingress', namespace: 'emissary' }, spec: { template: { metadata: { labels: { app: 'emissary' } }, spec: { containers: [{ name: 'ambassador', image: 'docker.io/emissaryingress/emissary:3.9.1' }] } } } };
const moduleObj = (namespace: string) => ({ apiVersion: 'getambassador.io/v3alpha1', kind: 'Module', metadata: { name: 'ambassador', namespace }, spec: { config: { use_ambassador_namespace_for_service_resolution: true } } });

describe('Graph: Mapping to Service', () => {
  it('resolves a bare name in the Mapping\'s namespace', () => {
    const g = graph([mappingObj('shop', 'web'), serviceObj('shop', 'web'), emissaryObj]);
    expect(g.mappings[0]).toMatchObject({ inCluster: true, serviceNamespace: 'shop' });
    expect(g.mappings[0].target?.resource.ref).toBe('Service shop/web');
  });

  it('resolves a bare name in Emissary\'s namespace when the Module says so', () => {
    const g = graph([mappingObj('shop', 'web'), serviceObj('shop', 'web'), emissaryObj, moduleObj('emissary')]);
    expect(g.mappings[0]).toMatchObject({ inCluster: true, serviceNamespace: 'emissary', target: undefined });
  });

  it('does not guess when the Module says so but Emissary\'s namespace is unknown', () => {
    const g = graph([mappingObj('shop', 'web'), serviceObj('shop', 'web'), moduleObj('emissary')]);
    expect(g.mappings[0]).toMatchObject({ inCluster: false, serviceNamespace: undefined, target: undefined });
  });

  it('resolves name.ns forms only for known namespaces, and never local or external names', () => {
    const objs = [serviceObj('shop', 'web')];
    expect(graph([mappingObj('edge', 'web.shop.svc.cluster.local:80'), ...objs]).mappings[0]).toMatchObject({ inCluster: true, serviceNamespace: 'shop' });
    expect(graph([mappingObj('edge', 'web.elsewhere:80'), ...objs]).mappings[0]).toMatchObject({ inCluster: false });
    expect(graph([mappingObj('edge', 'api.example.com'), ...objs]).mappings[0]).toMatchObject({ inCluster: false });
    expect(graph([mappingObj('edge', 'localhost:8877'), ...objs]).mappings[0]).toMatchObject({ inCluster: false });
  });

  it('leaves references through a Consul resolver alone', () => {
    const g = graph([mappingObj('shop', 'web', { resolver: 'consul-dc1' }), serviceObj('shop', 'web')]);
    expect(g.mappings[0].inCluster).toBe(false);
  });
});

describe('Graph: Host and Mapping', () => {
  const hostObj = { apiVersion: 'getambassador.io/v3alpha1', kind: 'Host', metadata: { name: 'h', namespace: 'emissary' }, spec: { hostname: '*', mappingSelector: { matchLabels: { a: 'b', c: 'd' } } } };
  const labelled = { ...mappingObj('shop', 'web'), metadata: { name: 'm', namespace: 'shop', labels: { a: 'b' } } };

  it('associates by the rules of the Emissary version', () => {
    expect(graph([hostObj, labelled], { emissary: { version: '3.1' } }).mappings[0].hosts.length).toBe(1);
    expect(graph([hostObj, labelled], { emissary: { version: '3.2' } }).mappings[0].hosts.length).toBe(0);
  });

  it('indexes both directions', () => {
    const g = graph([{ ...hostObj, spec: { hostname: 'a.example.com' } }, { ...mappingObj('shop', 'web'), spec: { prefix: '/', hostname: 'a.example.com', service: 'web' } }]);
    expect(g.hosts[0].mappings.map((m) => m.resource.ref)).toEqual(['Mapping shop/m']);
    expect(g.mappings[0].hosts.map((h) => h.resource.ref)).toEqual(['Host emissary/h']);
  });
});
