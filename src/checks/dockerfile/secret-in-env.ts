/**
 * CIS 4.10: secrets written into the Dockerfile or baked into the image through ENV, ARG, LABEL, a RUN
 * command line or a COPY/ADD heredoc. Values are only ever shown redacted; fingerprints use names, never values.
 */
import { stageChain, type DockerfileModel, type Instruction, type ShellCommand } from '../../dockerfile/model.js';
import { describeSecret, isLiteral, isMask, redact, secretValue, sensitiveName, type SecretKind } from '../../secrets/detect.js';
import type { Location, RawFinding, Severity } from '../../types.js';
import { dockerfileCheck } from '../check.js';
import { commandAssignments, effectiveCommand, keyValues, parseOptions, runCommands } from '../support.js';

/** A setting rather than a secret: `MYSQL_ALLOW_EMPTY_PASSWORD=yes`, `REQUIRE_TOKEN=false`. */
const BOOLEAN = /^(?:true|false|yes|no|on|off|0|1)$/i;
/** A value that points at a file holding the secret, not the secret: `SSH_PRIVATE_KEY=/run/secrets/key`. */
const PATH = /^(?:\/|\.\.?\/|~\/)[^\s]*$/;
/** Stand-ins that are not values; `changeit` is the JDK's published default keystore password. */
const PLACEHOLDER = /^(?:none|null|nil|undefined|unset|changeit)$/i;

/** Is this literal value, held by a sensitive name, a secret worth reporting? */
function secretLiteral(value: string): boolean {
  return isLiteral(value) && !isMask(value) && !BOOLEAN.test(value) && !PATH.test(value) && !PLACEHOLDER.test(value);
}

const what = (kind: SecretKind) => describeSecret(kind);

export default dockerfileCheck((model) => {
  const findings: RawFinding[] = [];
  // The final image's layers, config and history come from the final stage and the stages it is built on.
  const reaching = new Set(model.finalStage < 0 ? [] : stageChain(model).map((s) => s.index));
  const add = (message: string, location: Location, key: string, severity?: Severity) =>
    findings.push({ message, location, key, ...(severity ? { severity } : {}) });

  for (const ins of model.globalArgs) checkKeyValues(model, ins, true, new Set(), add);
  for (const stage of model.stages) {
    const ships = reaching.has(stage.index);
    // ARGs declared so far in this stage (with or without a value): what `${NAME}` can take a build argument from.
    const declared = new Set<string>();
    for (const ins of stage.instructions) {
      if (ins.keyword === 'ENV' || ins.keyword === 'ARG' || ins.keyword === 'LABEL') checkKeyValues(model, ins, ships, declared, add);
      else if (ins.keyword === 'RUN') for (const cmd of runCommands(ins)) checkCommand(cmd, add);
      if ((ins.keyword === 'COPY' || ins.keyword === 'ADD' || ins.keyword === 'RUN') && ins.heredocs.length) checkHeredocs(ins, add);
    }
  }
  return { findings };
});

type Add = (message: string, location: Location, key: string, severity?: Severity) => void;

/** `$NAME`, `${NAME}`, `${NAME:-x}`: the variables a value reads. */
const REFERENCE = /\$\{?([A-Za-z_][A-Za-z0-9_]*)/g;

function checkKeyValues(model: DockerfileModel, ins: Instruction, ships: boolean, declared: Set<string>, add: Add): void {
  const global = ins.stageIndex < 0 || model.globalArgs.includes(ins);
  const pairs = keyValues(ins, model.escape);
  if (ins.keyword === 'ARG') for (const p of pairs) declared.add(p.name);
  for (const { name, value } of pairs) {
    const where = `${ins.keyword} ${name}`;
    const key = `${ins.keyword}:${name}`;
    const sensitive = sensitiveName(name);
    if (value === null) {
      // `ARG NPM_TOKEN`: whatever --build-arg passes is recorded with every RUN after it (docker history).
      // A global ARG is only visible to FROM lines; a stage that redeclares it is reported itself.
      if (ins.keyword === 'ARG' && sensitive && !global) {
        add(
          `${where} takes a secret as a build argument: the value passed with --build-arg is recorded in the image history of every RUN that follows${ships ? '' : ' (in this build stage, which the final image is not built on, but whose history stays in the build cache)'}; use RUN --mount=type=secret`,
          ins.location,
          key,
          ships ? 'medium' : 'low',
        );
      }
      continue;
    }
    if (value === '') continue;
    if (sensitive && secretLiteral(value)) {
      add(`${where} is set to a secret in the Dockerfile: ${name}=${redact(value)}`, ins.location, key);
      continue;
    }
    // Only a variable that can hold a value (a declared ARG, an ENV) carries anything into the config.
    const carried = [...value.matchAll(REFERENCE)].map((m) => m[1]).filter((n) => declared.has(n) || Object.prototype.hasOwnProperty.call(ins.env, n));
    if (sensitive && ins.keyword === 'ENV' && !isLiteral(value) && carried.length) {
      // `ENV NPM_TOKEN=$NPM_TOKEN`: the build argument's value is stored in the image config for good.
      add(
        `${where} copies the value of ${[...new Set(carried)].map((n) => '$' + n).join(', ')} into the image environment: anyone who can pull the image can read it`,
        ins.location,
        key,
        ships ? undefined : 'low',
      );
      continue;
    }
    const kind = secretValue(value);
    if (kind) add(`${where} holds ${what(kind)}: ${redact(value)}`, ins.location, `${key}:${kind}`);
  }
}

/** curl options that take a value, so `-u user:pass` and `-H 'Authorization: …'` are read right. */
const CURL_VALUED = { short: 'AbcCdDeEFHKmoPQrtTuUwxXyYz', long: ['--user', '--header', '--proxy-user', '--output', '--data', '--url'] };

const DECLARATIONS = new Set(['export', 'declare', 'typeset', 'readonly', 'local']);
const FLAG = /^--?([A-Za-z][A-Za-z0-9_-]*)(?:=([\s\S]*))?$/;
const KEY_VALUE = /^([^=\s]+)=([\s\S]+)$/;
const HEADER = /^([A-Za-z][A-Za-z0-9-]*):\s*([\s\S]+)$/;

/** Secrets written on one command line: assignments, token-shaped arguments, `--password x`, `K=V`, headers. */
function commandSecrets(cmd: ShellCommand, eff: { name: string; args: string[] }): { what: string; key: string }[] {
  const found: { what: string; key: string }[] = [];
  const assigns = commandAssignments(cmd);
  for (const name in assigns) {
    const value = assigns[name];
    if (!value) continue;
    if (sensitiveName(name) && secretLiteral(value)) found.push({ what: `${name}=${redact(value)}`, key: name });
    else {
      const kind = secretValue(value, { entropy: isLiteral(value) });
      if (kind) found.push({ what: `${name}=${redact(value)} (${what(kind)})`, key: `${name}:${kind}` });
    }
  }
  const args = cmd.args;
  // `export NAME=value`: the assignment was judged above.
  const declaration = DECLARATIONS.has(cmd.name);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (declaration && /^[A-Za-z_][A-Za-z0-9_]*=/.test(a)) continue;
    const kind = secretValue(a, { entropy: false });
    if (kind) {
      found.push({ what: `${what(kind)} in an argument (${redact(a)})`, key: `arg:${kind}` });
      continue;
    }
    // `--password=…`, `--token …`
    if (a.charCodeAt(0) === 45 /* - */) {
      const flag = FLAG.exec(a);
      if (flag && sensitiveName(flag[1])) {
        const next = args[i + 1];
        const value = flag[2] ?? (next !== undefined && !next.startsWith('-') ? next : undefined);
        if (value !== undefined && secretLiteral(value)) {
          found.push({ what: `--${flag[1].replace(/^-/, '')} ${redact(value)}`, key: `flag:${flag[1]}` });
          if (flag[2] === undefined) i++;
          continue;
        }
      }
    }
    // `NPM_TOKEN=…` passed on (`--build-arg`, `npm config set //registry/:_authToken=…`).
    if (a.includes('=')) {
      for (const piece of a.split(/\s+/)) {
        const kv = KEY_VALUE.exec(piece);
        if (!kv) continue;
        const name = kv[1].slice(Math.max(kv[1].lastIndexOf(':'), kv[1].lastIndexOf('/')) + 1);
        if (sensitiveName(name) && secretLiteral(kv[2])) found.push({ what: `${name}=${redact(kv[2])}`, key: `arg:${name}` });
      }
    }
    // HTTP headers: `Authorization: Bearer …`, `X-API-Key: …`, `PRIVATE-TOKEN: …`.
    if (a.includes(':')) {
      const header = HEADER.exec(a);
      if (header && sensitiveName(header[1]) && secretLiteral(header[2].trim())) {
        found.push({ what: `header ${header[1]}: ${redact(header[2].trim())}`, key: `header:${header[1].toLowerCase()}` });
      }
    }
  }
  // `curl -u user:password`
  if (eff.name === 'curl') {
    for (const o of parseOptions(eff.args, CURL_VALUED).options) {
      if ((o.name === '-u' || o.name === '--user' || o.name === '--proxy-user' || o.name === '-U') && o.value) {
        const colon = o.value.indexOf(':');
        const password = colon < 0 ? '' : o.value.slice(colon + 1);
        if (secretLiteral(password)) found.push({ what: `curl ${o.name} with a password (${redact(password)})`, key: `curl:${o.name}` });
      }
    }
  }
  return found;
}

function checkCommand(cmd: ShellCommand, add: Add): void {
  const eff = effectiveCommand(cmd);
  const found = commandSecrets(cmd, eff);
  if (!found.length) return;
  const shown = eff.name ? `\`${eff.name}\`` : 'a RUN assignment';
  const unique = [...new Map(found.map((f) => [f.key, f])).values()];
  add(
    `${shown} is given a secret on its command line, which is stored in the image history: ${unique.map((f) => f.what).join(', ')}`,
    cmd.location,
    `cmd:${eff.name}:${unique.map((f) => f.key).join(',')}`,
  );
}

function checkHeredocs(ins: Instruction, add: Add): void {
  // `RUN <<EOF` is a script, parsed into commands and checked there; other heredocs are file contents
  // (`COPY <<EOF /root/.npmrc`, `RUN cat <<EOF > ~/.netrc`).
  const script = ins.keyword === 'RUN' && ins.args.split('\n')[0].trim().split(/\s+/).every((w) => w.startsWith('<<'));
  if (script) return;
  for (const h of ins.heredocs) {
    const lines = h.content.split('\n');
    lines.forEach((line, i) => {
      const kind = secretValue(line, { entropy: false });
      if (!kind) return;
      const n = h.contentLine + i;
      add(
        `the heredoc <<${h.name} of ${ins.keyword} writes ${what(kind)} into the image: ${redact(line.trim())}`,
        { file: ins.location.file, startLine: n, startColumn: 1, endLine: n, endColumn: line.length + 1 },
        `heredoc:${h.name}:${kind}`,
      );
    });
  }
}
