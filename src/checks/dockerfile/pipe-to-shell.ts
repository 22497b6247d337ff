/**
 * CIS 4.11: a remote script run without verification: `curl … | sh`, `wget -qO- … | sudo bash -s`,
 * `bash <(curl …)`, `sh -c "$(curl …)"`, `eval "$(wget -O- …)"`. The finding is on the download command, the
 * one to replace with a download, a checksum or signature check, and a run of the verified file.
 * A shell that is given its own script (`curl … | sh -c 'cat > f'`, `… | bash install.sh`) is not reading the
 * download; neither is `python3 -c` parsing JSON from curl.
 */
import type { ShellCommand } from '../../dockerfile/model.js';
import { secretValue } from '../../secrets/detect.js';
import type { Location, RawFinding } from '../../types.js';
import { dockerfileCheck } from '../check.js';
import { effectiveCommand, parseOptions, runCommands } from '../support.js';

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh', 'fish']);
const INTERPRETERS = /^(?:python[0-9.]*|perl|ruby|node|nodejs|php[0-9.]*)$/;
const CURL = { short: 'AbcCdDeEFHKmoPQrtTuUwxXyYz', long: ['--output', '--header', '--user', '--data', '--request', '--url', '--proxy', '--cacert', '--cert', '--key', '--retry', '--max-time', '--connect-timeout', '--user-agent', '--write-out', '--form', '--config', '--retry-delay', '--retry-max-time'] };
const WGET = { short: 'oaeiBtOTwQPUlARDIX', long: ['--output-document', '--execute', '--user-agent', '--directory-prefix', '--tries', '--timeout', '--header', '--output-file'] };

/** The URL a download command fetches to standard output, or undefined when it writes a file instead. */
function downloadToStdout(cmd: ShellCommand): { tool: string; url: string } | undefined {
  const { name, args } = effectiveCommand(cmd);
  if (name === 'curl') {
    const { options, operands } = parseOptions(args, CURL);
    const out = options.find((o) => ['-o', '--output', '-O', '--remote-name', '--remote-name-all'].includes(o.name));
    if (out && !((out.name === '-o' || out.name === '--output') && out.value === '-')) return undefined;
    const url = options.find((o) => o.name === '--url')?.value ?? operands.find((a) => a.includes('://')) ?? operands[0] ?? '';
    return { tool: 'curl', url };
  }
  if (name === 'wget' || (name === 'busybox' && args[0] === 'wget')) {
    const { options, operands } = parseOptions(name === 'busybox' ? args.slice(1) : args, WGET);
    if (!options.some((o) => (o.name === '-O' || o.name === '--output-document') && o.value === '-')) return undefined;
    return { tool: 'wget', url: operands.find((a) => a.includes('://')) ?? operands[0] ?? '' };
  }
  return undefined;
}

/** Does this command run what arrives on its standard input as a script? */
function runsStdin(cmd: ShellCommand): string | undefined {
  let { name, args } = effectiveCommand(cmd);
  if (name === 'busybox' && args.length && SHELLS.has(args[0])) [name, args] = [args[0], args.slice(1)];
  if (SHELLS.has(name)) {
    const { options, operands } = parseOptions(args, { short: 'o', long: ['--rcfile', '--init-file'] });
    if (options.some((o) => o.name === '-c')) return undefined;
    if (options.some((o) => o.name === '-s') || !operands.length || operands[0] === '-' || operands[0] === '/dev/stdin') return name;
    return undefined;
  }
  if (INTERPRETERS.test(name)) {
    const { options, operands } = parseOptions(args, { short: 'WXIm', long: [] });
    if (options.some((o) => ['-c', '-e', '-m', '-r', '-E', '--eval', '--print', '-p'].includes(o.name))) return undefined;
    if (!operands.length || operands[0] === '-' || operands[0] === '/dev/stdin') return name;
  }
  return undefined;
}

/** `bash <(curl …)`, `sh -c "$(curl …)"`, `source <(wget -O- …)`, `eval "$(curl …)"`: the shell that runs it. */
function runsSubstitution(cmd: ShellCommand): string | undefined {
  const { name, args } = effectiveCommand(cmd);
  const fetches = (a: string) => /^(?:<\(|\$\(|`)\s*(?:sudo\s+)?(?:\S*\/)?(?:curl|wget)\s/.test(a.trim());
  if (SHELLS.has(name)) {
    const { options, operands } = parseOptions(args, { short: 'o', long: [] });
    const c = options.find((o) => o.name === '-c');
    if (c) return operands[0] !== undefined && fetches(operands[0]) ? `${name} -c` : undefined;
    return operands[0] !== undefined && fetches(operands[0]) ? name : undefined;
  }
  if ((name === 'source' || name === '.' || name === 'eval') && args.some(fetches)) return name;
  return undefined;
}

/** The URL as it may be shown: no password, and nothing at all when it carries a token. */
function shownUrl(url: string): string {
  if (!url) return 'a remote script';
  if (secretValue(url, { entropy: false })) return 'a URL with credentials';
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/\s]*@/i, '$1…@');
}

const inside = (inner: Location, outer: Location) =>
  (inner.startLine > outer.startLine || (inner.startLine === outer.startLine && inner.startColumn >= outer.startColumn)) &&
  (inner.endLine < outer.endLine || (inner.endLine === outer.endLine && inner.endColumn <= outer.endColumn));

export default dockerfileCheck((model) => {
  const findings: RawFinding[] = [];
  for (const ins of model.stages.flatMap((s) => s.instructions)) {
    const commands = runCommands(ins);
    const report = (download: ShellCommand, fetched: { tool: string; url: string }, shell: string, how: string) => {
      const plain = /^http:\/\//i.test(fetched.url);
      findings.push({
        message: `${fetched.tool} ${shownUrl(fetched.url)} ${how} ${shell}: the script runs without a checksum or signature check${plain ? ', and over plain HTTP' : ''}; download it, verify it, then run it`,
        location: download.location,
        key: `${fetched.tool}|${shell}|${shownUrl(fetched.url)}`,
        ...(plain ? { severity: 'high' as const } : {}),
      });
    };
    // Pipelines: a download to stdout followed, later in the same pipeline, by a shell reading stdin.
    const pipelines = new Map<number, ShellCommand[]>();
    for (const c of commands) if (c.pipelineLength > 1) pipelines.set(c.pipelineId, [...(pipelines.get(c.pipelineId) ?? []), c]);
    for (const members of pipelines.values()) {
      members.sort((a, b) => a.pipelineIndex - b.pipelineIndex);
      members.forEach((m, i) => {
        const fetched = downloadToStdout(m);
        if (!fetched) return;
        const shell = members.slice(i + 1).map(runsStdin).find(Boolean);
        if (shell) report(m, fetched, shell, 'is piped into');
      });
    }
    // Process and command substitution: the download is its own command inside the shell's argument.
    for (const c of commands) {
      const shell = runsSubstitution(c);
      if (!shell) continue;
      const download = commands.find((d) => d !== c && inside(d.location, c.location) && ['curl', 'wget'].includes(effectiveCommand(d).name));
      const fetched = download && downloadToStdout(download);
      if (download && fetched) report(download, fetched, shell, 'is run by');
      else report(c, { tool: 'a download', url: '' }, shell, 'is run by');
    }
  }
  return { findings };
});
