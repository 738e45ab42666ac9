import { describe, expect, it } from 'vitest';
import {
  editDistance,
  isKnownKey,
  isLinkerdKey,
  isProxyConfigKey,
  KNOWN_KEYS,
  keyPrefix,
  keyUses,
  LINKERD_PREFIXES,
  mentionsLinkerd,
  nearestKnownKey,
} from '../../src/model/linkerd-keys.js';
import * as linkerd from '../../src/model/linkerd.js';

describe('linkerd key catalogue', () => {
  it('knows the keys the rules read', () => {
    for (const k of [
      linkerd.INJECT,
      linkerd.ENABLE_GATEWAY,
      linkerd.SKIP_INBOUND,
      linkerd.REQUIRE_IDENTITY,
      linkerd.GATEWAY_IDENTITY,
      linkerd.PROBE_PATH,
      linkerd.PROBE_PERIOD,
      linkerd.MULTICLUSTER_GATEWAY,
      linkerd.GATEWAY_NAME,
      linkerd.GATEWAY_NS,
      linkerd.EXPORTED,
    ]) {
      expect(isKnownKey(k), k).toBe(true);
    }
  });

  it('keeps every key under a Linkerd prefix (or the beta config prefix)', () => {
    for (const { key } of KNOWN_KEYS) {
      expect(isLinkerdKey(key) || keyPrefix(key) === 'config.beta.linkerd.io', key).toBe(true);
    }
  });

  it('passes every known key, every Linkerd-prefixed key and every proxy config key through mentionsLinkerd', () => {
    for (const { key } of KNOWN_KEYS) expect(mentionsLinkerd(key), key).toBe(true);
    for (const p of LINKERD_PREFIXES) expect(mentionsLinkerd(`${p}/anything`)).toBe(true);
    for (const k of ['config.beta.linkerd.io/proxy-cpu-request', 'config.alpha.linkerd.io/x']) expect(isProxyConfigKey(k) && mentionsLinkerd(k)).toBe(true);
    expect(mentionsLinkerd('app.kubernetes.io/name')).toBe(false);
  });

  it('records whether a key is a label or an annotation', () => {
    expect(keyUses('mirror.linkerd.io/exported')).toEqual(['label']);
    expect(keyUses('linkerd.io/inject')).toEqual(['annotation']);
    expect(keyUses('config.linkerd.io/admission-webhooks')).toEqual(['label']);
    expect(keyUses('multicluster.linkerd.io/remote-discovery').sort()).toEqual(['annotation', 'label']);
    expect(keyUses('linkerd.io/nope')).toEqual([]);
  });

  it('matches prefixes exactly, not as suffixes of other domains', () => {
    expect(LINKERD_PREFIXES).toContain('mirror.linkerd.io');
    expect(isLinkerdKey('linkerd.io/anything')).toBe(true);
    expect(isLinkerdKey('viz.linkerd.io/tap-enabled')).toBe(false);
    expect(isLinkerdKey('example.com/linkerd.io')).toBe(false);
    expect(isLinkerdKey('linkerd.io')).toBe(false);
    expect(isProxyConfigKey('config.alpha.linkerd.io/proxy-wait-before-exit-seconds')).toBe(true);
    expect(isProxyConfigKey('linkerd.io/inject')).toBe(false);
  });

  it('measures edit distance', () => {
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('probe-path', 'probe-path')).toBe(0);
  });

  it('suggests the nearest known key, across prefixes', () => {
    expect(nearestKnownKey('config.linkerd.io/proxy-cpu-requests')).toBe('config.linkerd.io/proxy-cpu-request');
    expect(nearestKnownKey('mirror.linkerd.io/gateway-identiy')).toBe('mirror.linkerd.io/gateway-identity');
    expect(nearestKnownKey('linkerd.io/opaque-ports')).toBe('config.linkerd.io/opaque-ports');
    expect(nearestKnownKey('config.linkerd.io/inject')).toBe('linkerd.io/inject');
    expect(nearestKnownKey('config.alpha.linkerd.io/proxy-wait-before-exit')).toBe('config.alpha.linkerd.io/proxy-wait-before-exit-seconds');
  });

  it('suggests nothing when no key is near', () => {
    expect(nearestKnownKey('linkerd.io/totally-made-up-setting-for-the-proxy')).toBeUndefined();
    expect(nearestKnownKey('mirror.linkerd.io/xyz')).toBeUndefined();
  });
});
