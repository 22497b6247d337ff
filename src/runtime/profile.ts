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
