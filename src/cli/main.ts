/** The terminal edge: argv -> Config -> the gate -> text or JSON, and an exit code. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseBuildArgs, parseFailOn, parseProfile, PULL_POLICIES, type Config, type PullPolicy } from '../config/config.js';
import { scan } from '../gate/scan.js';
import { renderJson } from '../report/json.js';
import { renderText } from '../report/text.js';
import { EXIT, GateError } from '../types.js';
import { toolVersion } from '../version.js';

export const USAGE = `Usage: cis-docker-gate scan --dockerfile PATH [options]

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
  --profile P            cis-level-1 (default), cis-level-2 or all
  --fail-on S            critical, high (default), medium, low, info or never
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
  try {
    return await run(argv, out, err);
  } catch (e) {
    if (e instanceof GateError) {
      err.write(`cis-docker-gate: ${e.message}\n`);
      return e.exitCode;
    }
    err.write(`cis-docker-gate: internal error: ${(e as Error)?.message ?? String(e)}\n`);
    return EXIT.internal;
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
        profile: { type: 'string' },
        'fail-on': { type: 'string' },
        format: { type: 'string' },
        output: { type: 'string' },
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
  if (command !== 'scan') {
    throw new GateError(command ? `unknown command "${command}"\n\n${USAGE}` : `a command is needed\n\n${USAGE}`, 2);
  }
  if (positionals.length > 1) throw new GateError(`unexpected argument "${positionals[1]}"\n\n${USAGE}`, 2);
  const dockerfiles = values.dockerfile ?? [];
  const wantsImage = Boolean(values.image || values['image-archive'] || values.build);
  if (values.build && !dockerfiles.length) dockerfiles.push(join(values.context ?? '.', 'Dockerfile'));
  if (!dockerfiles.length && !values['host-audit'] && !wantsImage) throw new GateError(`--dockerfile (or --image, --image-archive, --host-audit) is required\n\n${USAGE}`, 2);
  if (values.build && values['image-archive']) throw new GateError('--build and --image-archive cannot be used together', 2);
  const pull = values.pull ?? 'missing';
  if (!(PULL_POLICIES as readonly string[]).includes(pull)) throw new GateError(`--pull: "${pull}" is not one of ${PULL_POLICIES.join(', ')}`, 2);
  const password = values['registry-password-stdin'] ? readFileSync(0, 'utf8').replace(/\r?\n$/, '') : process.env.CIS_DOCKER_GATE_REGISTRY_PASSWORD;
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new GateError(`--format: "${format}" is not one of text, json`, 2);

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
    target: values.target,
    buildArgs: parseBuildArgs(values['build-arg'] ?? [], '--build-arg'),
    failOn: parseFailOn(values['fail-on'] ?? 'high', '--fail-on'),
    profile: parseProfile(values.profile ?? 'cis-level-1', '--profile'),
    ruleOptions: {},
    disabled: [],
  };
  const report = await scan(config);
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
