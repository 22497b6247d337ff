/**
 * CIS 4.11: packages and downloads installed without verification. A command that turns off signature
 * checks (apt `--allow-unauthenticated`, apk `--allow-untrusted`, `--nogpgcheck`, rpm `--nosignature`) or
 * TLS certificate checks (curl `-k`, wget `--no-check-certificate`, pip `--trusted-host`, git
 * `http.sslVerify=false`, npm `strict-ssl false`), and the environment variables that do the same for every
 * later command (`GIT_SSL_NO_VERIFY`, `NODE_TLS_REJECT_UNAUTHORIZED=0`, ...), set by ENV, by an ARG default or
 * on a command line. One finding per command or instruction, naming every setting found there.
 */
import type { DockerfileModel, Instruction, ShellCommand } from '../../dockerfile/model.js';
import { substitute } from '../../dockerfile/substitute.js';
import type { RawFinding } from '../../types.js';
import { dockerfileCheck } from '../check.js';
import { commandAssignments, effectiveCommand, keyValues, parseOptions, runCommands, type ParsedOption } from '../support.js';

const FALSE = /^(?:false|no|off|0)$/i;
const TRUE = /^(?:true|yes|on|1)$/i;

/** Environment variables that turn verification off, and for which values. */
const INSECURE_ENV: { name: RegExp; when: (v: string) => boolean; why: string }[] = [
  // git checks only that the variable exists: even `GIT_SSL_NO_VERIFY=false` turns verification off.
  { name: /^GIT_SSL_NO_VERIFY$/, when: () => true, why: 'git skips TLS certificate checks' },
  { name: /^NODE_TLS_REJECT_UNAUTHORIZED$/, when: (v) => v === '0', why: 'Node.js accepts any TLS certificate' },
  { name: /^PYTHONHTTPSVERIFY$/, when: (v) => v === '0', why: 'Python skips HTTPS certificate checks' },
  { name: /^NPM_CONFIG_STRICT_SSL$/i, when: (v) => FALSE.test(v), why: 'npm accepts any TLS certificate' },
  { name: /^YARN_ENABLE_STRICT_SSL$/, when: (v) => FALSE.test(v), why: 'yarn accepts any TLS certificate' },
  { name: /^PIP_TRUSTED_HOST$/, when: (v) => v !== '', why: 'pip skips TLS checks for those hosts' },
  { name: /^GOINSECURE$/, when: (v) => v !== '', why: 'go fetches those modules without TLS checks' },
  { name: /^GOSUMDB$/, when: (v) => v.toLowerCase() === 'off', why: 'go skips checksum database verification of modules' },
  { name: /^GOFLAGS$/, when: (v) => /(?:^|\s)-insecure\b/.test(v), why: 'go fetches without TLS checks' },
];

function insecureVariables(vars: [string, string][]): string[] {
  const out: string[] = [];
  for (const [name, value] of vars) {
    const rule = INSECURE_ENV.find((r) => r.name.test(name));
    if (rule && rule.when(value)) out.push(`${name}=${value === '' ? '""' : value} (${rule.why})`);
  }
  return out;
}

const has = (opts: ParsedOption[], ...names: string[]) => opts.some((o) => names.includes(o.name));
const values = (opts: ParsedOption[], ...names: string[]) => opts.filter((o) => names.includes(o.name) && o.value !== undefined).map((o) => o.value!);

const APT = { short: 'octaP', long: ['--option', '--config-file', '--target-release', '--default-release', '--host-architecture', '--build-profiles'] };
const RPM_MGR = { short: 'cxdeR', long: ['--setopt', '--enablerepo', '--disablerepo', '--repo', '--exclude', '--releasever', '--installroot', '--config'] };
const CURL = { short: 'AbcCdDeEFHKmoPQrtTuUwxXyYz', long: ['--output', '--header', '--user', '--data', '--request', '--url', '--proxy', '--cacert', '--cert', '--key', '--retry', '--max-time', '--connect-timeout', '--user-agent', '--write-out', '--form', '--config'] };
const WGET = { short: 'oaeiBtOTwQPUlARDIX', long: ['--output-document', '--execute', '--user-agent', '--directory-prefix', '--tries', '--timeout', '--header', '--output-file'] };
const GIT = { short: 'cC', long: ['--git-dir', '--work-tree', '--namespace', '--exec-path', '--config-env'] };

/** apt `-o` settings that accept unsigned repositories or skip TLS checks. */
function aptSetting(setting: string): string | undefined {
  const eq = setting.indexOf('=');
  if (eq < 0) return undefined;
  const key = setting.slice(0, eq).trim();
  const value = setting.slice(eq + 1).trim().replace(/^["']|["']$/g, '');
  if (/^APT::Get::AllowUnauthenticated$/i.test(key) && TRUE.test(value)) return `-o ${key}=${value} installs unsigned packages`;
  if (/^(?:Acquire::AllowInsecureRepositories|Acquire::AllowDowngradeToInsecureRepositories|APT::Get::AllowInsecureRepositories)$/i.test(key) && TRUE.test(value)) return `-o ${key}=${value} reads unsigned repositories`;
  if (/^Acquire::https::(?:[^:]+::)?Verify-(?:Peer|Host)$/i.test(key) && FALSE.test(value)) return `-o ${key}=${value} accepts any TLS certificate`;
  return undefined;
}

/** yum/dnf `--setopt` settings that turn off GPG or TLS checks. */
function rpmSetting(setting: string): string | undefined {
  const m = /^(?:[^=\s]+\.)?(gpgcheck|localpkg_gpgcheck|sslverify)\s*=\s*(\S+)$/i.exec(setting.replace(/["']/g, ''));
  if (!m || !FALSE.test(m[2])) return undefined;
  return `--setopt=${setting} ${m[1].toLowerCase() === 'sslverify' ? 'accepts any TLS certificate' : 'installs without checking signatures'}`;
}

/** Lines written into config files by echo/printf/sed that turn verification off. */
const CONFIG_LINES: [RegExp, string][] = [
  [/\[\s*(?:[^\]]*\s)?trusted=yes/i, 'an apt source marked [trusted=yes]'],
  [/AllowUnauthenticated\s+"?(?:true|1|yes)/i, 'apt AllowUnauthenticated'],
  [/Verify-Peer\s+"?(?:false|0|no)/i, 'apt Verify-Peer false'],
  [/(?:^|\n|\s|\/)gpgcheck\s*=\s*0\b/, 'gpgcheck=0 in a repository file'],
  [/(?:^|\n|\s|\/)sslverify\s*=\s*(?:0|false|no)\b/i, 'sslverify off in a repository file'],
  [/strict-ssl\s*=\s*false/i, 'strict-ssl=false in an npmrc'],
];

/** What one command does to verification, as readable reasons; empty when nothing. */
function commandReasons(cmd: ShellCommand): string[] {
  const reasons = insecureVariables(Object.entries(commandAssignments(cmd)));
  const { name, args } = effectiveCommand(cmd);
  const push = (r: string | undefined) => r && reasons.push(r);

  if (name === 'apt-get' || name === 'apt' || name === 'aptitude') {
    const { options } = parseOptions(args, APT);
    if (has(options, '--allow-unauthenticated')) push(`${name} --allow-unauthenticated installs unsigned packages`);
    if (has(options, '--force-yes')) push(`${name} --force-yes also accepts unsigned packages`);
    if (has(options, '--allow-insecure-repositories')) push(`${name} --allow-insecure-repositories reads unsigned repositories`);
    if (name === 'aptitude' && has(options, '--allow-untrusted')) push('aptitude --allow-untrusted installs unsigned packages');
    for (const v of values(options, '-o', '--option')) push(aptSetting(v) && `${name} ${aptSetting(v)}`);
  } else if (name === 'apk') {
    if (has(parseOptions(args).options, '--allow-untrusted')) push('apk --allow-untrusted installs packages with missing or bad signatures');
  } else if (['yum', 'dnf', 'microdnf', 'tdnf', 'yum-config-manager', 'dnf5'].includes(name)) {
    const { options } = parseOptions(args, RPM_MGR);
    if (has(options, '--nogpgcheck')) push(`${name} --nogpgcheck installs packages without checking their signatures`);
    for (const v of values(options, '--setopt')) push(rpmSetting(v) && `${name} ${rpmSetting(v)}`);
  } else if (name === 'zypper') {
    const { options } = parseOptions(args, { short: 'rR', long: ['--repo', '--root'] });
    if (has(options, '--no-gpg-checks')) push('zypper --no-gpg-checks ignores signature failures');
    if (has(options, '--allow-unsigned-rpm')) push('zypper --allow-unsigned-rpm installs unsigned packages');
  } else if (name === 'rpm') {
    const { options } = parseOptions(args, { short: 'D', long: ['--root', '--define', '--dbpath'] });
    const installs = options.some((o) => ['-i', '-U', '-F', '--install', '--upgrade', '--freshen', '--reinstall'].includes(o.name));
    const off = options.filter((o) => ['--nosignature', '--nodigest', '--noverify', '--nofiledigest'].includes(o.name)).map((o) => o.name);
    if (installs && off.length) push(`rpm ${off.join(' ')} installs without checking signatures or digests`);
  } else if (/^pip[0-9.]*$/.test(name) || (/^python[0-9.]*$/.test(name) && args[0] === '-m' && /^pip[0-9.]*$/.test(args[1] ?? ''))) {
    const pipArgs = name.startsWith('python') ? args.slice(2) : args;
    const { options, operands } = parseOptions(pipArgs, { long: ['--trusted-host', '--index-url', '--extra-index-url', '-i', '--target', '--requirement', '-r', '-c', '--constraint'] });
    for (const host of values(options, '--trusted-host')) push(`pip --trusted-host ${host} skips TLS checks for that host`);
    if (operands[0] === 'config' && operands[1] === 'set' && /(?:^|\.)trusted-host$/.test(operands[2] ?? '')) push(`pip config set ${operands[2]} skips TLS checks for ${operands[3] ?? 'those hosts'}`);
  } else if (name === 'uv') {
    if (has(parseOptions(args).options, '--allow-insecure-host')) push('uv --allow-insecure-host skips TLS checks for that host');
  } else if (name === 'curl') {
    const { options } = parseOptions(args, CURL);
    const off = options.filter((o) => o.name === '-k' || o.name === '--insecure').map((o) => o.name);
    if (off.length) push(`curl ${off[0]} accepts any TLS certificate`);
  } else if (name === 'wget') {
    const { options } = parseOptions(args, WGET);
    if (has(options, '--no-check-certificate')) push('wget --no-check-certificate accepts any TLS certificate');
    for (const v of values(options, '-e', '--execute')) if (/^check[-_]certificate\s*=\s*(?:off|0|no|false)$/i.test(v)) push(`wget -e ${v} accepts any TLS certificate`);
  } else if (name === 'git') {
    const { options, operands } = parseOptions(args, GIT);
    for (const v of values(options, '-c')) if (/^http\.(?:.+\.)?sslverify\s*=\s*(?:false|no|off|0)$/i.test(v)) push(`git -c ${v} skips TLS certificate checks`);
    if (operands[0] === 'config') {
      const rest = parseOptions(args.slice(args.indexOf('config') + 1), { short: 'f', long: ['--file', '--blob', '--type', '--default', '--comment'] }).operands;
      const [key, value] = rest[0] === 'set' ? rest.slice(1) : rest;
      if (key && /^http\.(?:.+\.)?sslverify$/i.test(key) && value !== undefined && FALSE.test(value)) push(`git config ${key} ${value} skips TLS certificate checks`);
    }
  } else if (name === 'npm' || name === 'yarn' || name === 'pnpm') {
    const { options, operands } = parseOptions(args);
    const strictOff = options.some((o) => (o.name === '--strict-ssl' && o.value !== undefined && FALSE.test(o.value)) || o.name === '--no-strict-ssl');
    const i = args.indexOf('--strict-ssl');
    if (strictOff || (i >= 0 && FALSE.test(args[i + 1] ?? ''))) push(`${name} --strict-ssl=false accepts any TLS certificate`);
    const set = operands[0] === 'set' ? 1 : (operands[0] === 'config' || operands[0] === 'c') && operands[1] === 'set' ? 2 : -1;
    if (set > 0) {
      const [k, v] = operands[set].includes('=') ? operands[set].split('=', 2) : [operands[set], operands[set + 1]];
      if (/^(?:strict-ssl|enableStrictSsl)$/.test(k ?? '') && FALSE.test(v ?? '')) push(`${name} config set ${k} ${v} accepts any TLS certificate`);
    }
  } else if (name === 'composer') {
    const { operands } = parseOptions(args);
    if (operands[0] === 'config') {
      const [k, v] = operands.slice(1);
      if (k === 'disable-tls' && TRUE.test(v ?? '')) push('composer config disable-tls true downloads without TLS');
      if (k === 'secure-http' && FALSE.test(v ?? '')) push('composer config secure-http false allows plain-HTTP downloads');
    }
  } else if (name === 'conda' || name === 'mamba' || name === 'micromamba') {
    const i = args.indexOf('--set');
    if (i >= 0 && args[i + 1] === 'ssl_verify' && FALSE.test(args[i + 2] ?? '')) push(`${name} config --set ssl_verify ${args[i + 2]} skips TLS checks`);
  } else if (name === 'aws') {
    if (args.includes('--no-verify-ssl')) push('aws --no-verify-ssl skips TLS certificate checks');
  } else if (name === 'helm') {
    if (args.some((a) => a === '--insecure-skip-tls-verify' || a === '--insecure-skip-tls-verify=true')) push('helm --insecure-skip-tls-verify skips TLS certificate checks');
  } else if (name === 'go') {
    if (args[0] === 'get' && args.includes('-insecure')) push('go get -insecure fetches without TLS checks');
  } else if (name === 'echo' || name === 'printf' || name === 'sed' || name === 'tee') {
    for (const a of args) {
      const hit = CONFIG_LINES.find(([re]) => re.test(a));
      if (hit) {
        push(`${name} writes ${hit[1]}`);
        break;
      }
    }
  }
  return reasons;
}

/** The variables an ENV or ARG sets, with the value in effect (an `ARG` without default inherits a global or --build-arg value). */
function instructionReasons(model: DockerfileModel, ins: Instruction, next: Instruction | undefined): string[] {
  const vars: [string, string][] = [];
  for (const kv of keyValues(ins, model.escape)) {
    if (kv.value !== null) vars.push([kv.name, substitute(kv.value, ins.env, model.escape).value]);
    else if (next && Object.prototype.hasOwnProperty.call(next.env, kv.name)) vars.push([kv.name, next.env[kv.name]]);
  }
  return insecureVariables(vars);
}

export default dockerfileCheck((model) => {
  const findings: RawFinding[] = [];
  for (const stage of model.stages) {
    stage.instructions.forEach((ins, i) => {
      if (ins.keyword === 'ENV' || ins.keyword === 'ARG') {
        const reasons = instructionReasons(model, ins, stage.instructions[i + 1]);
        if (reasons.length) {
          findings.push({
            message: `${ins.keyword} turns off verification for every later command: ${reasons.join('; ')}`,
            location: ins.location,
            key: `${ins.keyword}:${reasons.map((r) => r.split('=')[0]).join(',')}`,
          });
        }
      } else if (ins.keyword === 'RUN') {
        for (const cmd of runCommands(ins)) {
          const reasons = commandReasons(cmd);
          if (reasons.length) {
            findings.push({
              message: `${reasons.join('; ')}: what is installed or downloaded here is not verified`,
              location: cmd.location,
              key: `RUN:${effectiveCommand(cmd).name}:${reasons.join(',')}`,
            });
          }
        }
      }
    });
  }
  return { findings };
});
