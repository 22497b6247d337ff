/** The terminal edge: argv -> Config -> the gate -> text or JSON, and an exit code. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseBuildArgs, parseFailOn, parseProfile, PULL_POLICIES, type Config, type PullPolicy } from '../config/config.js';
import { scan } from '../gate/scan.js';
import { baselineCommand } from './commands/baseline.js';
import { policyWarnings, withPolicy } from './commands/common.js';
import { mergeCommand } from './commands/merge.js';
import { planCommand } from './commands/plan.js';
import { rulesCommand } from './commands/rules.js';
import { renderJson } from '../report/json.js';
import { renderText } from '../report/text.js';
import { EXIT, GateError } from '../types.js';
import { installInterruptHandlers } from '../runtime/interrupt.js';
import { parseRuntimeCommand, parseRuntimeTimeout } from '../runtime/profile.js';
import { toolVersion } from '../version.js';

export const USAGE = `Usage: cis-docker-gate scan --dockerfile PATH [options]
       cis-docker-gate scan [--only NAME]           the targets of the policy file
       cis-docker-gate baseline [--output FILE]     record today's open findings
       cis-docker-gate plan [--format github-matrix] the policy's targets, for a matrix
       cis-docker-gate merge REPORT.json... [--json F] [--sarif F] [--summary F]
       cis-docker-gate rules test [--all]           run the custom rules' examples

Checks Dockerfiles against the CIS Docker Benchmark (v1.8.0).

Options:
  --dockerfile PATH      Dockerfile to check (repeatable)
  --host-audit           also audit the Docker engine the gate talks to (CIS sections 1-3),
                         and its files when it runs on this machine
  --target STAGE         the stage that is built (default: the last)
  --image NAME[:TAG|@DIGEST]
                         also check this image (from the engine; pulled when absent)
  --image-archive FILE   check an image from a \`docker save\` tarball or an OCI layout (file or directory),
                         without an engine
  --build                build the image from --dockerfile (or <context>/Dockerfile) and check it
  --context DIR          the build context (default: the Dockerfile's directory); .dockerignore applies
  --platform OS/ARCH     platform to build, or to pick from a multi-platform archive
  --build-network NAME   network for RUN steps of --build (default: the engine's)
  --pull P               missing (default), always or never
  --registry-server HOST registry the credentials are for (default: the image's)
  --registry-username U  registry user; the password or token comes from standard input with
  --registry-password-stdin, or from CIS_DOCKER_GATE_REGISTRY_PASSWORD (a token alone: no username)
  --keep-image           leave the images the gate built or pulled in the engine
  --build-arg K=V        build argument (repeatable)
  --compose FILE         the runtime profile: a compose file (CIS section 5 judged on its lines) ...
  --service NAME         ... and its service (default: the only one)
  --run-option OPT       ... or a docker run option (repeatable: --run-option=--read-only
                         --run-option=--cap-drop=ALL); parsed as docker run does, never by a shell
  --runtime, --no-runtime
                         run (default) or do not run the checked image (--image or --build) once in a
                         sandboxed, throw-away container, probing its processes, ports, health and exit
  --runtime-network NAME the sandbox's network (default none; never host)
  --runtime-timeout S    the sandbox's hard timeout in seconds (default 30)
  --runtime-command CMD  replaces the image's CMD in the sandbox ("sleep 60" or '["sleep","60"]')
  --hardening-trial      start the image again under the CIS-hardened profile and report the settings
                         proven to work
  --trial-user USER      the user of the hardening trial (default: the image's non-root user)
  --profile P            cis-level-1 (default), cis-level-2 or all
  --fail-on S            critical, high (default), medium, low, info or never
  --config FILE          the policy file (default: .cis-docker-gate.yml here, if there is one)
  --only NAME            scan (or plan) only this target of the policy file
  --concurrency N        how many policy targets are scanned at once (default 4)
  --format F             text (default) or json
  --output FILE          write the report to FILE instead of standard output
  --version              print the version
  --help                 print this help

Exit codes: 0 passed, 1 gate failed, 2 usage or input error, 3 engine or internal error.
`;

interface Writable {
  write(s: string): unknown;
}

export async function main(argv: string[], out: Writable, err: Writable): Promise<number> {
  // SIGINT/SIGTERM: remove the containers and images this run created, then exit 130/143.
  const uninstall = installInterruptHandlers((code) => process.exit(code), (line) => err.write(`${line}\n`));
  try {
    return await run(argv, out, err);
  } catch (e) {
    if (e instanceof GateError) {
      err.write(`cis-docker-gate: ${e.message}\n`);
      return e.exitCode;
    }
    err.write(`cis-docker-gate: internal error: ${(e as Error)?.message ?? String(e)}\n`);
    return EXIT.internal;
  } finally {
    uninstall();
  }
}

async function run(argv: string[], out: Writable, err: Writable): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        dockerfile: { type: 'string', multiple: true },
        'host-audit': { type: 'boolean' },
        target: { type: 'string' },
        image: { type: 'string' },
        'image-archive': { type: 'string' },
        build: { type: 'boolean' },
        context: { type: 'string' },
        platform: { type: 'string' },
        'build-network': { type: 'string' },
        pull: { type: 'string' },
        'registry-server': { type: 'string' },
        'registry-username': { type: 'string' },
        'registry-password-stdin': { type: 'boolean' },
        'keep-image': { type: 'boolean' },
        'build-arg': { type: 'string', multiple: true },
        compose: { type: 'string' },
        service: { type: 'string' },
        'run-option': { type: 'string', multiple: true },
        runtime: { type: 'boolean' },
        'no-runtime': { type: 'boolean' },
        'runtime-network': { type: 'string' },
        'runtime-timeout': { type: 'string' },
        'runtime-command': { type: 'string' },
        'hardening-trial': { type: 'boolean' },
        'trial-user': { type: 'string' },
        profile: { type: 'string' },
        'fail-on': { type: 'string' },
        format: { type: 'string' },
        output: { type: 'string' },
        config: { type: 'string' },
        only: { type: 'string' },
        concurrency: { type: 'string' },
        json: { type: 'string' },
        sarif: { type: 'string' },
        summary: { type: 'string' },
        all: { type: 'boolean' },
        version: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new GateError(`${(e as Error).message}\n\n${USAGE}`, 2);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out.write(USAGE);
    return EXIT.passed;
  }
  if (values.version) {
    out.write(`${toolVersion()}\n`);
    return EXIT.passed;
  }
  const command = positionals[0];
  if (command === 'merge') {
    return mergeCommand(positionals.slice(1), { json: values.json, sarif: values.sarif, summary: values.summary, format: values.format, output: values.output, ...(values['fail-on'] ? { failOn: parseFailOn(values['fail-on'], '--fail-on') } : {}) }, out, err);
  }
  if (command === 'rules') {
    return rulesCommand(positionals.slice(1), withPolicy(policyOnly(values.config), { ignoreBaseline: true }), values.all ?? false, out);
  }
  if (command !== 'scan' && command !== 'baseline' && command !== 'plan') {
    throw new GateError(command ? `unknown command "${command}"\n\n${USAGE}` : `a command is needed\n\n${USAGE}`, 2);
  }
  if (positionals.length > 1) throw new GateError(`unexpected argument "${positionals[1]}"\n\n${USAGE}`, 2);
  const dockerfiles = values.dockerfile ?? [];
  const wantsImage = Boolean(values.image || values['image-archive'] || values.build);
  if (values.build && !dockerfiles.length) dockerfiles.push(join(values.context ?? '.', 'Dockerfile'));
  const declaresRuntime = Boolean(values.compose || values['run-option']?.length);
  const named = dockerfiles.length || wantsImage || declaresRuntime;
  if (values.build && values['image-archive']) throw new GateError('--build and --image-archive cannot be used together', 2);
  const pull = values.pull ?? 'missing';
  if (!(PULL_POLICIES as readonly string[]).includes(pull)) throw new GateError(`--pull: "${pull}" is not one of ${PULL_POLICIES.join(', ')}`, 2);
  const password = values['registry-password-stdin'] ? readFileSync(0, 'utf8').replace(/\r?\n$/, '') : process.env.CIS_DOCKER_GATE_REGISTRY_PASSWORD;
  const format = values.format ?? 'text';
  if (command !== 'plan' && format !== 'text' && format !== 'json') throw new GateError(`--format: "${format}" is not one of text, json`, 2);
  const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 64)) throw new GateError(`--concurrency: "${values.concurrency}" is not a whole number from 1 to 64`, 2);

  const config: Config = {
    dockerfiles,
    hostAudit: values['host-audit'] ?? false,
    ...(values.image ? { image: values.image } : {}),
    ...(values['image-archive'] ? { imageArchive: values['image-archive'] } : {}),
    ...(values.build ? { build: true } : {}),
    ...(values.context ? { context: values.context } : {}),
    ...(values.platform ? { platform: values.platform } : {}),
    ...(values['build-network'] ? { buildNetwork: values['build-network'] } : {}),
    pull: pull as PullPolicy,
    ...(values['registry-username'] || password
      ? { registry: { ...(values['registry-server'] ? { server: values['registry-server'] } : {}), ...(values['registry-username'] ? { username: values['registry-username'] } : {}), ...(password ? { password } : {}) } }
      : {}),
    ...(values['keep-image'] ? { keepImage: true } : {}),
    ...(values.compose ? { composeFile: values.compose } : {}),
    ...(values.service ? { service: values.service } : {}),
    ...(values['run-option']?.length ? { runOptions: values['run-option'] } : {}),
    // The sandbox runs by default when an image is checked.
    runtime: !values['no-runtime'],
    ...(values['runtime-network'] ? { runtimeNetwork: values['runtime-network'] } : {}),
    ...(values['runtime-timeout'] ? { runtimeTimeout: parseRuntimeTimeout(values['runtime-timeout'], '--runtime-timeout') } : {}),
    ...(values['runtime-command'] ? { runtimeCommand: parseRuntimeCommand(values['runtime-command'], '--runtime-command') } : {}),
    ...(values['hardening-trial'] ? { hardeningTrial: true } : {}),
    ...(values['trial-user'] ? { trialUser: values['trial-user'] } : {}),
    target: values.target,
    buildArgs: parseBuildArgs(values['build-arg'] ?? [], '--build-arg'),
    failOn: parseFailOn(values['fail-on'] ?? 'high', '--fail-on'),
    profile: parseProfile(values.profile ?? 'cis-level-1', '--profile'),
    ruleOptions: {},
    disabled: [],
    ...(values.config ? { configFile: values.config } : {}),
    ...(values.only ? { only: values.only } : {}),
    ...(concurrency ? { concurrency } : {}),
    given: {
      ...(values['fail-on'] ? { failOn: '--fail-on' } : {}),
      ...(values.profile ? { profile: '--profile' } : {}),
      ...(concurrency ? { concurrency: '--concurrency' } : {}),
      ...(named ? { targets: dockerfiles.length ? '--dockerfile' : values.image ? '--image' : values['image-archive'] ? '--image-archive' : values.build ? '--build' : values.compose ? '--compose' : '--run-option' } : {}),
    },
  };
  const resolved = withPolicy(config, { ignoreBaseline: command === 'baseline' });
  if (command === 'plan') return planCommand(resolved, format, out);
  if (values.only && !resolved.policy?.targets.length) throw new GateError('--only: names a target of the policy file, which lists none here', 2);
  if (!resolved.dockerfiles.length && !resolved.hostAudit && !wantsImage && !declaresRuntime && !resolved.policy?.targets.length) {
    throw new GateError(`--dockerfile (or --image, --image-archive, --host-audit, or targets in the policy file) is required\n\n${USAGE}`, 2);
  }
  if (command === 'baseline') return baselineCommand(resolved, values.output, err);
  const report = await scan(resolved);
  for (const w of policyWarnings(report)) err.write(`${w}\n`);
  const rendered = format === 'json' ? renderJson(report) : renderText(report);
  if (values.output) {
    try {
      writeFileSync(values.output, rendered);
    } catch (e) {
      throw new GateError(`--output: cannot write ${values.output} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 2);
    }
    err.write(renderText(report).split('\n').slice(-2).join('\n'));
  } else {
    out.write(rendered);
  }
  return report.passed ? EXIT.passed : EXIT.failed;
}

/** A Config that carries only the policy file to load (rules test). */
function policyOnly(configFile: string | undefined): Config {
  return { dockerfiles: [], buildArgs: {}, failOn: 'high', profile: 'cis-level-1', ruleOptions: {}, disabled: [], given: { targets: 'rules test' }, ...(configFile ? { configFile } : {}) };
}
