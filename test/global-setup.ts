// Builds dist/ (and the bundle, dist/bundle/) once per test run, for the tests that spawn the real `meshlint` binary.
// `npm test` builds first and sets MESHLINT_BUILT=1, so this is then a no-op.

import { execFileSync } from 'node:child_process';
import path from 'node:path';

export default function setup(): void {
  if (process.env.MESHLINT_BUILT === '1') return;
  const root = path.resolve(import.meta.dirname, '..');
  execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, [path.join(root, 'scripts/bundle.mjs')], { cwd: root, stdio: 'inherit' });
}
