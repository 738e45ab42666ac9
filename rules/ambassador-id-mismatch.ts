import { defineRule } from '../src/engine/rule.js';
import {
  ambassadorIdPath,
  ambassadorIdsOf,
  ambassadorIdWritten,
  emissaryInstalls,
  installsKnown,
  installsReading,
  installsWithIdOf,
  installText,
} from '../src/model/index.js';

export default defineRule({
  meta: {
    id: 'ambassador-id-mismatch',
    severity: 'warning',
    section: 'G',
    description: "When an Emissary install is among the inputs, every getambassador.io resource must be read by one: its ambassador_id (default `default`) must be an install's AMBASSADOR_ID, and with AMBASSADOR_SINGLE_NAMESPACE it must be in that install's namespace.",
    remediation: "Set spec.ambassador_id to the AMBASSADOR_ID of the Emissary that should read the resource (or drop it for `default`), and move the resource into the install's namespace when the install reads only its own.",
    kinds: ['Mapping', 'Host', 'Listener', 'Module', 'TLSContext', 'TCPMapping', 'Deployment'],
  },
  check(ctx) {
    const { graph } = ctx;
    if (!installsKnown(graph)) return; // no install, or one whose id meshlint cannot read
    const installs = emissaryInstalls(graph);
    const ids = [...new Set(installs.map((i) => i.id))].join(', ');
    for (const r of graph.resources) {
      if (r.group !== 'getambassador.io') continue;
      const withId = installsWithIdOf(graph, r);
      if (withId.length === 0) {
        const own = ambassadorIdsOf(r).join(', ');
        ctx.report({
          resource: r,
          path: ambassadorIdPath(r),
          message:
            `${r.ref} is for ambassador_id ${own}${ambassadorIdWritten(r) ? '' : ' (none is written, which means default)'}, but the Emissary installs in the inputs answer to AMBASSADOR_ID ${ids}, so none of them reads it and Emissary ignores it without a word. ` +
            `Set spec.ambassador_id to the id of the Emissary that should read it. meshlint assumes every Emissary install is among the inputs.`,
          related: [{ resource: installs[0].pod.resource, path: ['metadata', 'name'], message: `${installText(installs[0])} is an Emissary install.` }],
        });
        continue;
      }
      if (installsReading(graph, r).length > 0) continue;
      const i = withId[0];
      ctx.report({
        resource: r,
        path: ['metadata', 'namespace'],
        message:
          `${r.ref} is in namespace ${r.namespace}, but ${installText(i)} sets AMBASSADOR_SINGLE_NAMESPACE and reads only namespace ${i.singleNamespace}, so it ignores the resource. ` +
          `Move the resource to namespace ${i.singleNamespace}, or drop AMBASSADOR_SINGLE_NAMESPACE from the install.`,
        related: [{ resource: i.pod.resource, path: [...i.containerPath, 'env'], message: `${i.pod.resource.ref} reads only namespace ${i.singleNamespace}.` }],
      });
    }
  },
});
