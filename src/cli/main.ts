/** The terminal edge: argv -> Config -> the gate -> text or JSON, and an exit code. */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseBuildArgs, parseFailOn, parseProfile, type Config } from '../config/config.js';
import { scan } from '../gate/scan.js';
import { renderJson } from '../report/json.js';
import { renderText } from '../report/text.js';
import { EXIT, GateError } from '../types.js';
import { toolVersion } from '../version.js';

export const USAGE = `Usage: cis-docker-gate scan --dockerfile PATH [options]

Checks Dockerfiles against the CIS Docker Benchmark (v1.8.0).

Options:
  --dockerfile PATH      Dockerfile to check (repeatable)
  --target STAGE         the stage that is built (default: the last)
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
        target: { type: 'string' },
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
  if (!dockerfiles.length) throw new GateError(`--dockerfile is required\n\n${USAGE}`, 2);
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new GateError(`--format: "${format}" is not one of text, json`, 2);

  const config: Config = {
    dockerfiles,
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
