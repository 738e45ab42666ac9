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
  envTrue,
  hostRules,
} from '../../src/model/emissary.js';
import { parseVersion } from '../../src/model/version.js';
import { graphOfObjects } from '../helpers.js';

const V31 = parseVersion('3.1');
const V32 = parseVersion('3.2');
const STRICT = true;
const LOOSE = false;
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

describe('hostRules', () => {
  it('is strict from 3.2 only: all of 2.x, 3.0-3.1 and 1.x accept any one label', () => {
    for (const v of ['1.14', '2.0.5', '2.3', '2.4', '2.5.1', '3.0', '3.1.0']) expect(hostRules(parseVersion(v), false).strict, v).toBe(false);
    for (const v of ['3.2', '3.2.0', '3.9', '4.0']) expect(hostRules(parseVersion(v), false).strict, v).toBe(true);
  });

  it('is loose from 3.2 when Emissary\'s environment disables strict selectors, and says so', () => {
    expect(hostRules(V32, true)).toMatchObject({ strict: false, strictDisabledByEnv: true });
    expect(hostRules(V31, true)).toMatchObject({ strict: false, strictDisabledByEnv: false });
  });

  it('reads mappingSelector from 2.0.5, only selector before', () => {
    expect(hostRules(parseVersion('2.0.4'), false).readsMappingSelector).toBe(false);
    expect(hostRules(parseVersion('2.0.5'), false).readsMappingSelector).toBe(true);
    expect(hostRules(V114, false).readsMappingSelector).toBe(false);
  });
});

describe('envTrue', () => {
  it('reads the words Emissary takes as true, in any case', () => {
    for (const v of ['true', 'True', 'TRUE', 'yes', 'y', 't', 'on', '1']) expect(envTrue(v), v).toBe(true);
    for (const v of ['false', '0', 'no', '', 'enabled', undefined, true]) expect(envTrue(v), String(v)).toBe(false);
  });
});

describe('hostSelectorMatches', () => {
  const sel = { matchLabels: { a: 'b', c: 'd' } };

  it('needs every label when strict, any one label when not', () => {
    expect(hostSelectorMatches(sel, { a: 'b' }, LOOSE)).toBe(true);
    expect(hostSelectorMatches(sel, { a: 'b' }, STRICT)).toBe(false);
    expect(hostSelectorMatches(sel, { a: 'b', c: 'd', e: 'f' }, STRICT)).toBe(true);
    expect(hostSelectorMatches(sel, { a: 'x' }, LOOSE)).toBe(false);
  });

  it('matches everything when matchLabels is empty (matchExpressions are not read)', () => {
    expect(hostSelectorMatches({ matchLabels: {} }, {}, STRICT)).toBe(true);
    expect(hostSelectorMatches({ matchExpressions: [{ key: 'a', operator: 'Exists' }] }, {}, STRICT)).toBe(true);
  });
});

describe('hostView', () => {
  it('defaults the hostname to * and the insecure action to Redirect', () => {
    expect(hostView({})).toEqual({ hostname: '*', selector: undefined, matchLabels: [], insecureAction: 'Redirect' });
    expect(hostView({ hostname: '', requestPolicy: { insecure: { action: 'Route' } } })).toMatchObject({ hostname: '*', insecureAction: 'Route' });
  });

  it('falls back to the deprecated selector, and takes an empty selector as none', () => {
    expect(hostView({ selector: { matchLabels: { a: 'b' } } }).selector).toEqual({ matchLabels: { a: 'b' } });
    expect(hostView({ mappingSelector: {}, selector: { matchLabels: { a: 'b' } } }).selector).toEqual({ matchLabels: { a: 'b' } });
    expect(hostView({ mappingSelector: {} }).selector).toBeUndefined();
    expect(hostView({ mappingSelector: { matchLabels: {} } }).selector).toEqual({ matchLabels: {} });
  });

  it('reads only selector when mappingSelector is not read (before Emissary 2.0.5)', () => {
    expect(hostView({ mappingSelector: { matchLabels: { a: 'b' } } }, false).selector).toBeUndefined();
    expect(hostView({ mappingSelector: { matchLabels: { a: 'b' } }, selector: { matchLabels: { c: 'd' } } }, false).matchLabels).toEqual([['c', 'd']]);
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

  it('takes a v3alpha1 host as an exact name: with * in it, Emissary rejects the Mapping', () => {
    expect(mappingHostView(V3, { host: '*.example.com' }, {})).toMatchObject({ glob: undefined, rejected: true });
    expect(mappingHostView(V3, { host: '*' }, {})).toMatchObject({ glob: undefined, rejected: true });
    expect(mappingHostView(V3, { hostname: '*.example.com', host: '*.example.com' }, {})).toMatchObject({ glob: '*.example.com', rejected: false });
    expect(mappingHostView(V2, { host: '*.example.com' }, {})).toMatchObject({ glob: '*.example.com', rejected: false });
    expect(mappingHostView(V3, { host: '^.*$', host_regex: true }, {}).rejected).toBe(false);
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

  it('needs hostname and selector when strict, either when not', () => {
    expect(hostAssociates(selHost, oneLabel, LOOSE)).toBe(true);
    expect(hostAssociates(selHost, oneLabel, STRICT)).toBe(false);
    expect(hostAssociates(selHost, mapping({ hostname: '*' }, { a: 'b', c: 'd' }), STRICT)).toBe(true);
  });

  it('never associates a rejected Mapping', () => {
    expect(hostAssociates(host({ hostname: '*' }), mapping({ host: '*' }), STRICT)).toBe(false);
    expect(hostAssociates(host({ hostname: '*', mappingSelector: { matchLabels: {} } }), mapping({ host: '*' }), LOOSE)).toBe(false);
  });

  it('lets the selector alone decide for a Mapping without hostname', () => {
    const noHost = mapping({}, { a: 'b', c: 'd' });
    expect(hostAssociates(host({ hostname: 'x.example.com', mappingSelector: { matchLabels: { a: 'b' } } }), noHost, STRICT)).toBe(true);
    expect(hostAssociates(host({ hostname: 'x.example.com', mappingSelector: { matchLabels: { z: 'y' } } }), noHost, STRICT)).toBe(false);
  });

  it('lets the hostname alone decide for a Host without selector', () => {
    expect(hostAssociates(host({ hostname: 'a.example.com' }), mapping({ hostname: '*.example.com' }), STRICT)).toBe(true);
    expect(hostAssociates(host({ hostname: 'a.example.com' }), mapping({ hostname: 'b.example.com' }), STRICT)).toBe(false);
    expect(hostAssociates(host({ hostname: 'a.example.com' }), mapping({ hostname: 'b.example.com' }), LOOSE)).toBe(false);
  });

  it('never associates a Mapping without hostname with a Host without selector', () => {
    expect(hostAssociates(host({ hostname: '*' }), mapping({}), STRICT)).toBe(false);
    expect(hostAssociates(host({ hostname: '*' }), mapping({}), LOOSE)).toBe(false);
    // An empty mappingSelector is no selector.
    expect(hostAssociates(host({ hostname: '*', mappingSelector: {} }), mapping({}), STRICT)).toBe(false);
  });

  it('associates a host_regex Mapping with every Host whose selector allows it', () => {
    const rx = mapping({ host: '^.*$', host_regex: true });
    expect(hostAssociates(host({ hostname: 'a.example.com' }), rx, STRICT)).toBe(true);
    expect(hostAssociates(host({ hostname: 'a.example.com', mappingSelector: { matchLabels: { a: 'b' } } }), rx, STRICT)).toBe(false);
    expect(hostAssociates(host({ hostname: 'a.example.com', mappingSelector: { matchLabels: { a: 'b' } } }), rx, LOOSE)).toBe(true);
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
    const hostsOf = (g: ReturnType<typeof graph>) => g.hostAssociation.hostsOf(g.mappings[0]).length;
    expect(hostsOf(graph([hostObj, labelled], { emissary: { version: '3.1' } }))).toBe(1);
    expect(hostsOf(graph([hostObj, labelled], { emissary: { version: '3.2' } }))).toBe(0);
  });

  it('answers from the index', () => {
    const g = graph([{ ...hostObj, spec: { hostname: 'a.example.com' } }, { ...mappingObj('shop', 'web'), spec: { prefix: '/', hostname: 'a.example.com', service: 'web' } }]);
    expect(g.hostAssociation.hostsOf(g.mappings[0]).map((h) => h.resource.ref)).toEqual(['Host emissary/h']);
    expect(g.hostAssociation.hasHost(g.mappings[0])).toBe(true);
  });
});
