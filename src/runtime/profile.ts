/**
 * The declared runtime profile of a Config: a compose service (`--compose FILE --service NAME`) or `docker run`
 * options (`--run-option`), or none. Reading the compose file is the only I/O; a bad file, a missing service,
 * an unknown option or a value of the wrong type is a GateError (exit 2) that says where.
 */
import { readFileSync } from 'node:fs';
import type { Config } from '../config/config.js';
import { GateError } from '../types.js';
import { ComposeError, composeProfile } from './compose.js';
import type { RuntimeProfile } from './model.js';
import { RunOptionError, runOptionsProfile } from './run-options.js';
import { parseCommand, ValueError } from './values.js';

export { composeProfile } from './compose.js';
export { runOptionsProfile } from './run-options.js';

/** Does the config declare a runtime profile? */
export function declaresProfile(config: Pick<Config, 'composeFile' | 'runOptions' | 'service'>): boolean {
  return Boolean(config.composeFile || config.runOptions?.length);
}

export function loadRuntimeProfile(config: Pick<Config, 'composeFile' | 'runOptions' | 'service'>, env: NodeJS.ProcessEnv = process.env): RuntimeProfile | undefined {
  if (config.service && !config.composeFile) throw new GateError('--service names a service of a compose file: give --compose FILE too', 2);
  if (config.composeFile && config.runOptions?.length) {
    throw new GateError('declare the runtime profile one way: a compose service (--compose) or run options (--run-option), not both', 2);
  }
  if (config.composeFile) {
    let text: string;
    try {
      text = readFileSync(config.composeFile, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new GateError(`--compose ${config.composeFile}: cannot read it (${code === 'ENOENT' ? 'no such file' : (code ?? (e as Error).message)})`, 2);
    }
    try {
      return composeProfile(text, config.composeFile, config.service, env);
    } catch (e) {
      if (e instanceof ComposeError) throw new GateError(e.message, 2);
      throw e;
    }
  }
  if (config.runOptions?.length) {
    try {
      return runOptionsProfile(config.runOptions);
    } catch (e) {
      if (e instanceof RunOptionError) throw new GateError(e.message, 2);
      throw e;
    }
  }
  return undefined;
}

/**
 * Is there a runtime target? A declared profile (judged even without an image), the sandbox asked for and an
 * image it can run (given or built; an archive is not in an engine), or a hardening trial.
 */
export function wantsRuntime(config: Pick<Config, 'composeFile' | 'runOptions' | 'service' | 'runtime' | 'hardeningTrial' | 'image' | 'build'>): boolean {
  const image = Boolean(config.image || config.build);
  return declaresProfile(config) || Boolean(config.service) || Boolean(config.hardeningTrial) || (config.runtime === true && image);
}

/** `--runtime-timeout 45` (seconds, 1 to 3600). */
export function parseRuntimeTimeout(value: string, where: string): number {
  const n = Number(value.trim());
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(n >= 1 && n <= 3600)) throw new GateError(`${where}: "${value}" is not a number of seconds from 1 to 3600`, 2);
  return n;
}

/** `--runtime-command "sleep 60"` or `'["sleep","60"]'`: an argv, split on spaces or given as JSON; never a shell. */
export function parseRuntimeCommand(value: string, where: string): string[] {
  try {
    return parseCommand(value);
  } catch (e) {
    if (e instanceof ValueError) throw new GateError(`${where}: ${e.message}`, 2);
    throw e;
  }
}
