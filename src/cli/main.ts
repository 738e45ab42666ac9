// The command line: `meshlint lint`, `meshlint rules`, `meshlint explain`.
// Only the report goes to stdout; everything else goes to stderr. Exit codes: 0 clean,
// 1 findings that fail the run, 2 usage, config or internal error.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, findConfig, loadConfig, type Config } from '../engine/config.js';
import { FORMATS, GRAPH_FORMATS, reporterFor, type Format, type GraphFormat } from '../report/index.js';
import { countFindings, plural, position } from '../report/types.js';
import { plainLintArgs } from './args.js';
import { writeAtomic } from '../util/atomic.js';
import { addTo } from '../util/multimap.js';
import { isVersion } from '../model/version.js';
import { packageJson, packageRoot, repositoryRoot } from '../util/root.js';
import type { Finding } from '../engine/types.js';
import type { LintRequest, LintResult } from '../lint.js';
import type { Baseline } from '../engine/baseline.js';
import type { Argv } from 'yargs';

export const VERSION: string = packageJson().version;

class UsageError extends Error {}

const STDIN_MARKER = '\u0000stdin';

export interface CliIO {
  cwd: string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  readStdin: () => Promise<string>;
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
}

function defaultIO(): CliIO {
  return {
    cwd: process.cwd(),
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
  };
}

/** A Kubernetes namespace name (an RFC 1123 label). */
const DNS_LABEL = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** What `lint` and `graph` share: where the inputs come from and how to read them. */
export interface InputArgs {
  paths: string[];
  config?: string;
  linkerdVersion?: string;
  emissaryVersion?: string;
  context: string[];
  cluster: string[];
  stdinFilename?: string;
  /** --namespace NS: namespace of namespaced objects that name none, like `kubectl apply -n`. */
  namespace?: string;
  /** --no-render: kustomizations and charts are skipped with a note. */
  render?: boolean;
  /** --kustomize BIN, --helm BIN, --helm-values FILE (repeatable), --render-remote, --render-plugins. */
  kustomize?: string;
  helm?: string;
  helmValues?: string[];
  renderRemote?: boolean;
  renderPlugins?: boolean;
  /** --no-error-on-unmatched-pattern: a path, glob or directory without manifests is not an error. */
  errorOnUnmatchedPattern?: boolean;
}

export interface LintArgs extends InputArgs {
  format: Format;
  output?: string;
  /** CustomResourceDefinitions for crd-schema (--crds, repeatable). */
  crds?: string[];
  maxWarnings: number;
  quiet: boolean;
  color?: boolean;
  /** Fail only on findings not in this baseline file. */
  baseline?: string;
  /** Record today's findings in this baseline file. */
  writeBaseline?: string;
  reportUnusedSuppressions?: boolean;
  /** Apply fixes in place. */
  fix?: boolean;
  /** Print the fixes as a unified diff instead of applying them. */
  fixDryRun?: boolean;
}

function useColor(io: CliIO, args: { color?: boolean; output?: string; format: string }): boolean {
  if (args.format !== 'text' || args.output) return false;
  if (args.color !== undefined) return args.color;
  if ('NO_COLOR' in io.env && io.env.NO_COLOR !== '') return false;
  if ('FORCE_COLOR' in io.env) return io.env.FORCE_COLOR !== '0' && io.env.FORCE_COLOR !== 'false';
  return io.isTTY;
}

function readConfig(io: CliIO, explicit: string | undefined, known: ReadonlySet<string>): { config: Config; file?: string } {
  const file = explicit ? path.resolve(io.cwd, explicit) : findConfig(io.cwd);
  if (!file) return { config: {} };
  return { config: loadConfig(file, known), file };
}

const CLUSTER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Named clusters from config `clusters:` (paths relative to the config file) and `--cluster
 * NAME=PATH` flags. Repeated flags with one name add paths; flags for a name replace the
 * config's paths for it.
 */
function parseClusters(values: string[], config: Config, configFile?: string): Array<{ name: string; paths: string[]; fromConfig: boolean }> {
  const out = new Map<string, string[]>();
  const base = configFile ? path.dirname(configFile) : undefined;
  for (const [name, p] of Object.entries(config.clusters ?? {})) {
    if (!CLUSTER_NAME.test(name)) throw new ConfigError(`config ${configFile}: cluster name "${name}" must be letters, digits, ".", "_" or "-"`);
    out.set(name, (Array.isArray(p) ? p : [p]).map((x) => (base ? path.resolve(base, x) : x)));
  }
  const flagged = new Map<string, string[]>();
  for (const v of values) {
    const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)=(.+)$/.exec(v);
    if (!m) throw new UsageError(`--cluster takes NAME=PATH, got "${v}"`);
    addTo(flagged, m[1], m[2]);
  }
  for (const [name, paths] of flagged) out.set(name, paths);
  return [...out].map(([name, paths]) => ({ name, paths, fromConfig: !flagged.has(name) }));
}

/**
 * Config, versions, clusters and paths of a `lint` or `graph` run, checked: a bad value is a
 * usage or config error. No path and no cluster means the working directory.
 */
async function resolveInputs(args: InputArgs, io: CliIO) {
  const { RULES, RULE_IDS } = await import('../engine/registry.js');
  const { config, file: configFile } = readConfig(io, args.config, RULE_IDS);
  for (const [flag, v] of [['--linkerd-version', args.linkerdVersion], ['--emissary-version', args.emissaryVersion]] as const) {
    if (v !== undefined && !isVersion(v)) throw new UsageError(`${flag} takes a version such as 2.18, edge-24.11.8 or enterprise-2.17.1, got "${v}"`);
  }
  for (const [key, v] of [['linkerd.version', config.linkerd?.version], ['emissary.version', config.emissary?.version]] as const) {
    // YAML reads an unquoted 2.10 as the number 2.1: a number is never taken for a version.
    if (typeof v === 'number') throw new ConfigError(`config: "${key}" is the YAML number ${v}, not a version string; YAML drops trailing zeros (2.10 becomes 2.1). Quote it, for example version: "2.10".`);
    if (v !== undefined && !isVersion(String(v))) throw new ConfigError(`config: "${key}" must be a version such as 2.18, edge-24.11.8 or enterprise-2.17.1, got "${v}"`);
  }
  if (args.namespace !== undefined && !DNS_LABEL.test(args.namespace)) throw new UsageError(`--namespace takes a namespace name (lower-case letters, digits and "-", at most 63), got "${args.namespace}"`);
  // With paths given (a pre-commit run), the config's clusters only lend their resources: each
  // given file is reported in the cluster whose tree holds it.
  const clusters = parseClusters(args.cluster, config, configFile).map(({ name, paths, fromConfig }) => ({ name, paths, reported: !(fromConfig && args.paths.length > 0) }));
  const paths = args.paths.length === 0 && clusters.length === 0 ? ['.'] : args.paths;
  const stdinFilename = paths.includes('-') && args.stdinFilename === undefined ? '<stdin>' : args.stdinFilename;
  const request: LintRequest = {
    cwd: io.cwd,
    paths,
    context: args.context,
    clusters,
    stdinFilename,
    ...(args.namespace !== undefined ? { namespace: args.namespace } : {}),
    readStdin: io.readStdin,
    config,
    linkerdVersion: args.linkerdVersion,
    emissaryVersion: args.emissaryVersion,
    configFile,
    render: renderArgs(args),
  };
  return { RULES, paths, request };
}

/** The render options given on the command line (only those given: config fills the rest). */
function renderArgs(args: InputArgs): LintRequest['render'] {
  const out: NonNullable<LintRequest['render']> = {};
  if (args.render === false) out.enabled = false;
  if (args.kustomize !== undefined) out.kustomize = args.kustomize;
  if (args.helm !== undefined) out.helm = args.helm;
  if (args.helmValues?.length) out.helmValues = args.helmValues;
  if (args.renderRemote) out.remote = true;
  if (args.renderPlugins) out.plugins = true;
  return out;
}

/** Paths that matched nothing are a usage error, as in ESLint (unless --no-error-on-unmatched-pattern). */
function assertMatched(result: LintResult, args: InputArgs): void {
  if (result.unmatched.length > 0 && args.errorOnUnmatchedPattern !== false) {
    throw new UsageError(`no such file or directory, or no manifest matches: ${result.unmatched.join(', ')}`);
  }
}

export async function runLint(args: LintArgs, io: CliIO): Promise<number> {
  const { RULES, paths, request: base } = await resolveInputs(args, io);
  const { lint } = await import('../lint.js');
  const fixing = Boolean(args.fix || args.fixDryRun);
  if (args.fix && args.fixDryRun) throw new UsageError('--fix and --fix-dry-run cannot be used together');
  if (fixing && paths.includes('-')) throw new UsageError('--fix and --fix-dry-run work on files, not standard input');
  const request: LintRequest = { ...base, crds: args.crds, reportUnusedSuppressions: args.reportUnusedSuppressions || undefined };
  const baselineLib = args.baseline || args.writeBaseline ? await import('../engine/baseline.js') : undefined;
  let baseline: Baseline | undefined;
  if (args.baseline && !args.writeBaseline) {
    try {
      baseline = baselineLib!.readBaseline(path.resolve(io.cwd, args.baseline));
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
  let baselineStats: { matched: number; stale: number } | undefined;
  const withBaseline = (r: LintResult) => {
    if (baseline) baselineStats = baselineLib!.applyBaseline(r.findings, baseline, args.baseline!);
  };
  // --quiet reports, and fails on, errors only.
  const reported = (r: LintResult): Finding[] => (args.quiet ? r.findings.filter((f) => f.severity === 'error') : r.findings);
  let result: LintResult;
  if (fixing) {
    const { fixAll } = await import('../fix/index.js');
    const outcome = await fixAll((overlay) => lint({ ...request, overlay }), request.cwd, { after: withBaseline });
    result = outcome.result;
    if (result.unmatched.length === 0) {
      if (args.fixDryRun) {
        const { unifiedDiff } = await import('../fix/diff.js');
        for (const f of outcome.files) io.stdout(unifiedDiff(f.file, f.before, f.after));
      } else {
        for (const f of outcome.files) writeAtomic(f.abs, f.after);
      }
      const verb = args.fixDryRun ? 'would fix' : 'fixed';
      io.stderr(`meshlint: ${verb} ${plural(outcome.applied.length, 'problem')} in ${plural(outcome.files.length, 'file')}\n`);
      for (const s of outcome.skipped) io.stderr(`meshlint: not fixed: ${position(s.finding)} ${s.finding.ruleId}: ${s.reason}\n`);
      if (args.fixDryRun) return exitCode(result, reported(result), args, io);
    }
  } else {
    result = await lint(request);
    withBaseline(result);
  }
  assertMatched(result, args);
  if (args.writeBaseline) {
    const written = baselineLib!.makeBaseline(result.findings);
    writeAtomic(path.resolve(io.cwd, args.writeBaseline), baselineLib!.formatBaseline(written));
    baselineLib!.applyBaseline(result.findings, written, args.writeBaseline);
    io.stderr(`meshlint: wrote ${plural(written.findings.length, 'finding')} to the baseline ${args.writeBaseline}\n`);
  } else if (baselineStats?.stale) {
    const one = baselineStats.stale === 1;
    io.stderr(`meshlint: ${plural(baselineStats.stale, 'finding')} in the baseline ${args.baseline} no longer occur${one ? 's' : ''}; --write-baseline drops ${one ? 'it' : 'them'}\n`);
  }
  const findings = reported(result);
  const reporter = await reporterFor(args.format);
  const texts = new Map(result.files.map((f) => [f.path, f.text]));
  const code = exitCode(result, findings, args, io);
  const report = reporter({
    findings,
    texts,
    // A file given to several clusters is one file.
    fileCount: new Set(result.files.filter((f) => f.reported).map((f) => f.path)).size,
    rules: RULES.map((r) => r.meta),
    toolVersion: VERSION,
    cwd: io.cwd,
    root: repositoryRoot(io.cwd),
    stdin: new Set(result.files.filter((f) => f.stdin).map((f) => f.path)),
    exitCode: code,
    category: io.env.MESHLINT_SARIF_CATEGORY,
    color: useColor(io, args),
    graphs: result.graphs,
  });
  if (args.output) writeAtomic(path.resolve(io.cwd, args.output), report);
  else io.stdout(report);
  return code;
}

function exitCode(result: LintResult, findings: Finding[], args: LintArgs, io: CliIO): number {
  if (result.crashed.length > 0) return 2;
  const counts = countFindings(findings);
  if (counts.errors > 0) return 1;
  if (args.maxWarnings >= 0 && counts.warnings > args.maxWarnings) {
    io.stderr(`meshlint: ${counts.warnings} warnings, more than --max-warnings ${args.maxWarnings}\n`);
    return 1;
  }
  return 0;
}

export interface GraphArgs extends InputArgs {
  format: GraphFormat;
  output?: string;
}

/** `meshlint graph`: lint, then draw the graph with the findings on it. Exit 0 unless the input is unusable. */
export async function runGraph(args: GraphArgs, io: CliIO): Promise<number> {
  const { request } = await resolveInputs(args, io);
  const { lint } = await import('../lint.js');
  const result = await lint(request);
  assertMatched(result, args);
  const { buildGraphModel, renderGraph } = await import('../report/graph.js');
  const text = renderGraph(buildGraphModel(result.graphs, result.findings), args.format);
  if (args.output) writeAtomic(path.resolve(io.cwd, args.output), text);
  else io.stdout(text);
  return result.crashed.length > 0 ? 2 : 0;
}

async function runRules(format: string, io: CliIO): Promise<number> {
  const { RULES } = await import('../engine/registry.js');
  if (format === 'json') {
    io.stdout(JSON.stringify(RULES.map((r) => r.meta), null, 2) + '\n');
    return 0;
  }
  const { ruleTable } = await import('../report/catalogue.js');
  io.stdout(ruleTable(RULES.map((r) => r.meta)) + '\n');
  return 0;
}

async function runExplain(id: string, io: CliIO): Promise<number> {
  const { ruleById } = await import('../engine/registry.js');
  const rule = ruleById(id);
  if (!rule) throw new UsageError(`unknown rule "${id}"; \`meshlint rules\` lists them`);
  const doc = path.join(packageRoot(), 'rules', `${id}.md`);
  let text: string;
  try {
    text = readFileSync(doc, 'utf8');
  } catch {
    text = `# ${id}\n\n${rule.meta.description}\n\n${rule.meta.remediation}\n`;
  }
  io.stdout(text.endsWith('\n') ? text : text + '\n');
  return 0;
}

/** The options `lint` and `graph` share. */
function inputOptions(y: Argv): Argv {
  return y
    .positional('paths', { type: 'string', array: true, default: [] as string[], describe: 'Files, directories or globs' })
    .option('config', { alias: 'c', type: 'string', describe: 'Config file (default: .meshlint.yaml, searched upward)' })
    .option('linkerd-version', { type: 'string', describe: 'Linkerd version the manifests target (default 2.18)' })
    .option('emissary-version', { type: 'string', describe: 'Emissary-ingress version (default 3.9)' })
    .option('context', { type: 'string', array: true, nargs: 1, default: [] as string[], describe: 'Load for references only; report only the positional paths (repeatable)' })
    .option('cluster', { type: 'string', array: true, nargs: 1, default: [] as string[], describe: 'A cluster tree as NAME=PATH (repeatable)' })
    .option('stdin-filename', { type: 'string', describe: 'Name to report standard input under' })
    .option('namespace', { alias: 'n', type: 'string', describe: 'Namespace of namespaced objects that name none, as kubectl apply -n (default: default)' })
    .option('render', { type: 'boolean', describe: 'Render kustomizations and Helm charts among the inputs (--no-render skips them with a note)' })
    .option('kustomize', { type: 'string', describe: 'The kustomize binary (kustomize, or kubectl for kubectl kustomize)' })
    .option('helm', { type: 'string', describe: 'The helm binary' })
    .option('helm-values', { type: 'string', array: true, nargs: 1, describe: 'Values file for helm template (repeatable)' })
    .option('render-remote', { type: 'boolean', describe: 'Let kustomize fetch remote bases' })
    .option('render-plugins', { type: 'boolean', describe: 'Let kustomize run plugins, exec functions and Helm' })
    .option('error-on-unmatched-pattern', { type: 'boolean', describe: 'A path without manifests is an error (--no-error-on-unmatched-pattern allows it)' });
}

function inputArgs(a: Record<string, unknown>): InputArgs {
  return {
    paths: ((a.paths as string[]) ?? []).map((p) => (p === STDIN_MARKER ? '-' : p)),
    config: a.config as string | undefined,
    linkerdVersion: a['linkerd-version'] as string | undefined,
    emissaryVersion: a['emissary-version'] as string | undefined,
    context: a.context as string[],
    cluster: a.cluster as string[],
    stdinFilename: a['stdin-filename'] as string | undefined,
    ...(a.namespace !== undefined ? { namespace: a.namespace as string } : {}),
    ...(a.render === false ? { render: false } : {}),
    ...(a.kustomize !== undefined ? { kustomize: a.kustomize as string } : {}),
    ...(a.helm !== undefined ? { helm: a.helm as string } : {}),
    ...(a['helm-values'] !== undefined ? { helmValues: a['helm-values'] as string[] } : {}),
    ...(a['render-remote'] ? { renderRemote: true } : {}),
    ...(a['render-plugins'] ? { renderPlugins: true } : {}),
    ...(a['error-on-unmatched-pattern'] === false ? { errorOnUnmatchedPattern: false } : {}),
  };
}

/**
 * yargs renders the whole help text each time a named command's handler starts (`meshlint lint
 * ...`), in case the handler shows help after its context is gone. No handler here shows help
 * (failures go to the fail callback, which prints one line), and rendering it costs ~50 ms of
 * a run, so the cache is skipped. `--help` itself renders as before. The hook is yargs'
 * internal usage instance; when a yargs version lacks it, nothing changes.
 */
function skipHelpCache(cli: Argv): void {
  type Internal = { getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } } };
  const usage = (cli as unknown as Internal).getInternalMethods?.().getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => undefined;
}

/** What the commands do once their arguments are read (main runs them; a test captures them). */
export interface Commands {
  lint(args: LintArgs): Promise<number>;
  graph(args: GraphArgs): Promise<number>;
  rules(format: string): Promise<number>;
  explain(id: string): Promise<number>;
}

/**
 * Read the command line with yargs and run the command it names. The exit code, or a failure
 * message for a usage error that yargs found.
 */
export async function runYargs(argv: string[], commands: Commands): Promise<{ code: number; failure?: string }> {
  const { default: yargs } = await import('yargs');
  let code = 0;
  let failure: string | undefined;
  // yargs drops a lone `-`; carry it through as a marker.
  const args = argv.map((a) => (a === '-' ? STDIN_MARKER : a));
  const cli = yargs(args)
    .scriptName('meshlint')
    .usage('$0 <command> [options]')
    .version(VERSION)
    .strict()
    .exitProcess(false)
    .fail((msg, err) => {
      failure = msg || err?.message || 'invalid arguments';
    })
    .wrap(Math.min(100, process.stdout.columns || 100))
    .command(
      ['lint [paths..]', '$0'],
      'Lint manifests (files, directories, globs; - reads standard input)',
      (y) =>
        inputOptions(y)
          .option('format', { alias: 'f', choices: FORMATS, default: 'text' as Format, describe: 'Report format' })
          .option('output', { alias: 'o', type: 'string', describe: 'Write the report to a file (atomically)' })
          .option('crds', { type: 'string', array: true, nargs: 1, default: [] as string[], describe: 'CustomResourceDefinitions to validate custom resources against (repeatable)' })
          .option('max-warnings', { type: 'number', default: -1, describe: 'Fail when there are more warnings than this' })
          .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Report errors only' })
          .option('color', { type: 'boolean', describe: 'Force colours on or off (also NO_COLOR, FORCE_COLOR)' })
          .option('baseline', { type: 'string', describe: 'Fail only on findings not recorded in this baseline file' })
          .option('write-baseline', { type: 'string', describe: "Record today's findings in this baseline file" })
          .option('report-unused-suppressions', { type: 'boolean', describe: 'Report suppressions that suppress nothing' })
          .option('fix', { type: 'boolean', describe: 'Apply safe, mechanical fixes in place' })
          .option('fix-dry-run', { type: 'boolean', describe: 'Print the fixes as a unified diff; change nothing' })
          .example('$0 lint ./k8s', 'Lint a tree, text report')
          .example('$0 lint ./k8s --format sarif --output meshlint.sarif', 'SARIF for GitHub code scanning')
          .example('kubectl kustomize overlays/prod | $0 lint - --stdin-filename prod.yaml', 'Lint rendered output')
          .example('$0 lint staged.yaml --context .', 'Report one file, resolve references against the tree')
          .example('$0 lint --cluster east=clusters/east --cluster west=clusters/west', 'Several clusters at once'),
      async (a) => {
        if (failure !== undefined) return; // a usage error: lint nothing
        code = await commands.lint({
          ...inputArgs(a),
          format: a.format as Format,
          output: a.output as string | undefined,
          crds: a.crds as string[],
          maxWarnings: a['max-warnings'] as number,
          quiet: a.quiet as boolean,
          color: a.color as boolean | undefined,
          baseline: a.baseline,
          writeBaseline: a['write-baseline'],
          reportUnusedSuppressions: a['report-unused-suppressions'] as boolean | undefined,
          fix: a.fix as boolean,
          fixDryRun: a['fix-dry-run'] as boolean,
        });
      },
    )
    .command(
      'graph [paths..]',
      'Draw the resources and the links between them, with the links that findings break',
      (y) =>
        inputOptions(y)
          .option('format', { alias: 'f', choices: GRAPH_FORMATS, default: 'mermaid' as GraphFormat, describe: 'Picture format' })
          .option('output', { alias: 'o', type: 'string', describe: 'Write the picture to a file (atomically)' })
          .example('$0 graph ./k8s > graph.mmd', 'Mermaid flowchart of a tree')
          .example('$0 graph ./k8s --format dot | dot -Tsvg > graph.svg', 'Render with Graphviz'),
      async (a) => {
        if (failure !== undefined) return;
        code = await commands.graph({
          ...inputArgs(a),
          format: a.format as GraphFormat,
          output: a.output as string | undefined,
        });
      },
    )
    .command(
      'rules',
      'List the rules',
      (y) => y.option('format', { choices: ['text', 'json'], default: 'text' }),
      async (a) => {
        code = await commands.rules(a.format as string);
      },
    )
    .command(
      'explain <rule>',
      "Show a rule's documentation",
      (y) => y.positional('rule', { type: 'string', demandOption: true }),
      async (a) => {
        code = await commands.explain(a.rule as string);
      },
    )
    .example('$0 lint ./k8s', 'Lint a tree of manifests')
    .example('$0 explain probe-path', 'Why a rule exists and how to fix its findings')
    .help();
  skipHelpCache(cli);
  try {
    await cli.parseAsync();
  } catch (err) {
    // Usage and config errors of a command, and errors yargs did not report, go to the caller.
    if (err instanceof UsageError || err instanceof ConfigError || failure === undefined) throw err;
  }
  return { code, failure };
}

export async function main(argv: string[], io: CliIO = defaultIO()): Promise<number> {
  const commands: Commands = {
    lint: (a) => runLint(a, io),
    graph: (a) => runGraph(a, io),
    rules: (format) => runRules(format, io),
    explain: (id) => runExplain(id, io),
  };
  try {
    // The common lint command line skips yargs (src/args.ts); everything else goes through it.
    const plain = plainLintArgs(argv);
    if (plain) return await commands.lint(plain);
    const { code, failure } = await runYargs(argv, commands);
    if (failure === undefined) return code;
    io.stderr(`meshlint: ${failure}\nRun "meshlint --help" for usage.\n`);
    return 2;
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError) {
      io.stderr(`meshlint: ${err.message}\n`);
      return 2;
    }
    io.stderr(`meshlint: internal error: ${(err as Error).message}\n`);
    return 2;
  }
}
