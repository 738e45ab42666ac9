// The shape checks' small schema interpreter reports what ajv reports for the same schemas.

import AjvModule from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { schemaFor, typeErrors } from '../../src/load/shape.js';

const Ajv = (AjvModule as any).default ?? AjvModule;
const KINDS = ['Namespace', 'Pod', 'Deployment', 'DaemonSet', 'StatefulSet', 'ReplicaSet', 'Job', 'CronJob', 'Service', 'Mapping', 'Host', 'Listener', 'Module', 'Link'];

const scalar = fc.oneof(
  fc.constantFrom(null, true, false, 0, 1, -3, 1.5, Infinity, -Infinity, NaN, '', 'x', '80'),
  fc.integer(),
  fc.string({ maxLength: 3 }),
);
const keys = fc.constantFrom('metadata', 'spec', 'name', 'namespace', 'labels', 'annotations', 'template', 'containers', 'ports', 'containerPort',
  'port', 'targetPort', 'prefix', 'service', 'selector', 'matchLabels', 'jobTemplate', 'hostname', 'requestPolicy', 'insecure', 'action', 'tls',
  'probeSpec', 'gatewayPort', 'protocolStack', 'hostBinding', 'config', 'a/b', 'x~y', '0');
const value = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(keys, tie('v'), { maxKeys: 5 })),
})).v;

describe('shape schema interpreter', () => {
  for (const kind of KINDS) {
    it(`reports what ajv reports for ${kind}`, () => {
      const validate = new Ajv({ allErrors: true, strict: false }).compile(schemaFor(kind));
      const project = (errs: any[]) => errs.map((e) => ({ keyword: e.keyword, instancePath: e.instancePath, type: e.params.type, message: e.message }));
      fc.assert(
        fc.property(value, (v) => {
          const ok = validate(v);
          const mine = typeErrors(schemaFor(kind) as any, v);
          expect(project(mine)).toEqual(ok ? [] : project(validate.errors));
        }),
        { numRuns: 400, seed: 11 },
      );
    });
  }
});
