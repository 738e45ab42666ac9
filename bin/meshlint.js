#!/usr/bin/env node
// Never a stack trace: anything that escapes main() is one line on stderr and exit code 2.
// A reader that closes the pipe early (`meshlint lint | head`) ends the run quietly.
const internalError = (err) => process.stderr.write(`meshlint: internal error: ${err && err.message ? err.message : String(err)}\n`);
const fail = (err) => {
  internalError(err);
  process.exit(2);
};
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);
process.stdout.on('error', (err) => (err && err.code === 'EPIPE' ? process.exit(process.exitCode ?? 0) : fail(err)));
// The bundled build (scripts/bundle.mjs) starts several times faster than the module tree.
import { existsSync } from 'node:fs';
const load = existsSync(new URL('../dist/bundle/cli.js', import.meta.url)) ? import('../dist/bundle/cli.js') : import('../dist/src/cli/main.js');
load.then((m) => m.main(process.argv.slice(2))).then(
  (code) => { process.exitCode = code; },
  (err) => {
    internalError(err);
    process.exitCode = 2;
  },
);
