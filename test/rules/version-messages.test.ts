// Messages that must be true for the Linkerd version linted (catalogue revision 2).

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, lintCase } from '../helpers.js';

const messages = async (c: string, rule: string, linkerdVersion: string) =>
  (await lintCase(c, { linkerdVersion })).findings.filter((f) => f.ruleId === rule).map((f) => f.message);

describe('emissary-ingress-mode', () => {
  const c = path.join(FIXTURES, 'emissary-ingress-mode', 'fail', 'pod-template-ingress.yaml');
  it('says non-HTTP traffic is refused on 2.11 only', async () => {
    expect((await messages(c, 'emissary-ingress-mode', '2.11'))[0]).toContain('non-HTTP');
    for (const v of ['2.10', '2.12', '2.18']) expect((await messages(c, 'emissary-ingress-mode', v))[0], v).not.toContain('non-HTTP');
  });
  it('says requests without the header fail on 2.13.0-2.13.4 and go without mTLS on 2.11-2.12', async () => {
    expect((await messages(c, 'emissary-ingress-mode', '2.13.2'))[0]).toContain('fails every request');
    expect((await messages(c, 'emissary-ingress-mode', '2.12'))[0]).toContain('without mTLS');
    for (const v of ['2.10', '2.13.5', '2.18']) {
      const [m] = await messages(c, 'emissary-ingress-mode', v);
      expect(m, v).not.toContain('fails every request');
      expect(m, v).not.toContain('without mTLS');
      expect(m, v).toContain('open relay');
    }
  });
});

describe('linkerd-headers', () => {
  it('says what happens without the header in ingress mode, by version', async () => {
    const at = (n: string) => path.join(FIXTURES, 'linkerd-headers', 'fail', n);
    expect((await messages(at('ingress-2.11'), 'linkerd-headers', '2.11'))[0]).toContain('without mTLS');
    expect((await messages(at('ingress-2.13.0'), 'linkerd-headers', '2.13.0'))[0]).toContain('fails the request');
  });
});
