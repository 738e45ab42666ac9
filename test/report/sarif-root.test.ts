// SARIF anchored at the repository root: a run from a subdirectory, or of standard input, names
// repository files (or leaves out what names none), with the invocation and the category.

import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from '../../src/util/root.js';
import { BAD_MAPPING, runMeshlint, tempDir, writeIn } from '../helpers.js';

const repo = tempDir('sarif-root');
mkdirSync(path.join(repo, '.git'));
writeIn(repo, 'deploy/app.yaml', BAD_MAPPING);
const deploy = path.join(repo, 'deploy');

function sarif(args: string[], opts: { input?: string; env?: Record<string, string> } = {}) {
  const r = runMeshlint(['lint', ...args, '--format', 'sarif'], { cwd: deploy, ...opts });
  expect(r.status, r.stderr).toBe(1);
  return JSON.parse(r.stdout).runs[0];
}

describe('the repository root', () => {
  it('is the nearest folder with a .git entry, else the folder itself', () => {
    expect(repositoryRoot(deploy)).toBe(repo);
    expect(repositoryRoot(repo)).toBe(repo);
    const lone = tempDir('sarif-lone');
    expect(repositoryRoot(lone)).toBe(lone);
  });
});

describe('sarif from a subdirectory', () => {
  it('names repository files relative to %SRCROOT%, the repository root, with the invocation and the category', () => {
    const run = sarif(['.'], { env: { MESHLINT_SARIF_CATEGORY: 'meshlint-k8s' } });
    expect(run.originalUriBaseIds['%SRCROOT%'].uri).toBe(pathToFileURL(repo).href + '/');
    const loc = run.results[0].locations[0].physicalLocation.artifactLocation;
    expect(loc).toEqual({ uri: 'deploy/app.yaml', uriBaseId: '%SRCROOT%' });
    expect(existsSync(path.join(repo, loc.uri))).toBe(true);
    expect(run.invocations).toEqual([
      { executionSuccessful: true, exitCode: 1, workingDirectory: { uri: pathToFileURL(deploy).href + '/' }, toolExecutionNotifications: [] },
    ]);
    expect(run.automationDetails).toEqual({ id: 'meshlint-k8s/' });
  });

  it('leaves out findings on standard input that name no file, and says so', () => {
    const run = sarif(['-'], { input: BAD_MAPPING });
    expect(run.results).toEqual([]);
    expect(run.automationDetails).toBeUndefined();
    expect(run.invocations[0].toolExecutionNotifications).toEqual([
      { level: 'warning', message: { text: expect.stringMatching(/^1 finding on standard input \(named <stdin>\) is not among the results: no file of that name exists/) } },
    ]);
  });

  it('places findings on standard input at the file --stdin-filename names', () => {
    const run = sarif(['-', '--stdin-filename', 'app.yaml'], { input: BAD_MAPPING });
    expect(run.results[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'deploy/app.yaml', uriBaseId: '%SRCROOT%' });
    expect(run.invocations[0].toolExecutionNotifications).toEqual([]);
  });

  it('reports input problems as notifications too', () => {
    writeIn(repo, 'deploy/broken/bad.yaml', 'a: [1\n');
    const run = sarif(['broken']);
    const n = run.invocations[0].toolExecutionNotifications;
    expect(n).toHaveLength(1);
    expect(n[0]).toMatchObject({ level: 'warning', descriptor: { id: 'yaml-syntax' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'deploy/broken/bad.yaml', uriBaseId: '%SRCROOT%' } } }] });
  });
});
