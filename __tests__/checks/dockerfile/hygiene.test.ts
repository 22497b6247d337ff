/** The hygiene rules beyond their YAML examples: undecidable cases skip, and the helpers they share. */
import type { ShellCommand } from '../../../src/dockerfile/model.js';
import { parseDockerfile } from '../../../src/dockerfile/parse.js';
import { checks } from '../../../src/checks/index.js';
import { commandLayers, effectiveCommand, exposedPorts, mountsOver, removesDirectory, subcommandIndex } from '../../../src/checks/support.js';
import { pipefailOption } from '../../../src/checks/dockerfile/pipe-without-pipefail.js';

const run = (id: string, text: string, buildArgs?: Record<string, string>) =>
  checks[`dockerfile/${id}`].check(parseDockerfile(text, 'Dockerfile', { buildArgs }) as never, {});
const lines = (outcome: ReturnType<typeof run>) => ('findings' in outcome ? outcome.findings.map((f) => f.location.startLine) : outcome);
const commandsOf = (body: string): ShellCommand[] => parseDockerfile(`FROM x\nRUN ${body}\n`, 'D').stages[0].instructions[1].shell!.commands;

describe('undecidable input skips instead of passing', () => {
  test('EXPOSE of an ARG without a value', () => {
    const text = 'FROM debian:12\nARG PORT\nEXPOSE ${PORT}\n';
    expect(run('expose-ssh', text)).toMatchObject({ skip: expect.stringContaining('PORT') });
    expect(run('expose-invalid-port', text)).toMatchObject({ skip: expect.stringContaining('--build-arg') });
    expect(lines(run('expose-ssh', text, { PORT: '22' }))).toEqual([3]);
    expect(lines(run('expose-ssh', text, { PORT: '8080' }))).toEqual([]);
  });
  test('a finding elsewhere still fails the rule', () => {
    expect(lines(run('expose-ssh', 'FROM debian:12\nARG P\nEXPOSE $P\nEXPOSE 22\n'))).toEqual([4]);
  });
  test('WORKDIR of an unknown variable, unless an absolute WORKDIR came first', () => {
    expect(run('relative-workdir', 'FROM debian:12\nWORKDIR $HOME\n')).toMatchObject({ skip: expect.stringContaining('HOME') });
    expect(lines(run('relative-workdir', 'FROM debian:12\nWORKDIR /srv\nWORKDIR $SUB\nWORKDIR x\n'))).toEqual([]);
    expect(run('relative-workdir', 'FROM debian:12\nWORKDIR $D\nWORKDIR x\n')).toMatchObject({ skip: expect.stringContaining('line 3') });
  });
  test('COPY --from of an unknown variable', () => {
    expect(run('copy-from-own-stage', 'FROM a AS b\nCOPY --from=$S /x /y\n')).toMatchObject({ skip: expect.any(String) });
  });
  test('a RUN body that is not valid shell', () => {
    for (const id of ['sudo-in-run', 'cd-in-run', 'pipe-without-pipefail']) {
      expect(run(id, "FROM debian:12\nRUN echo 'open\n")).toMatchObject({ skip: expect.stringContaining('line 2') });
    }
    expect(run('apt-lists-not-removed', "FROM debian:12\nRUN apt-get update && echo 'open\n")).toMatchObject({ skip: expect.any(String) });
  });
  test('no stage at all', () => {
    for (const id of ['maintainer', 'duplicate-stage-name', 'multiple-cmd-entrypoint']) expect(run(id, 'ARG X=1\n')).toHaveProperty('skip');
  });
});

describe('rule details', () => {
  test('a host port mapping exposes the container port', () => {
    expect(lines(run('expose-ssh', 'FROM debian:12\nEXPOSE 2222:22/tcp\n'))).toEqual([2]);
    expect(lines(run('expose-ssh', 'FROM debian:12\nEXPOSE 22:2222\n'))).toEqual([]);
  });
  test('a non-POSIX SHELL is not checked for pipefail', () => {
    expect(lines(run('pipe-without-pipefail', 'FROM mcr.microsoft.com/powershell\nSHELL ["pwsh", "-Command"]\nRUN Get-Item x | Remove-Item\n'))).toEqual([]);
  });
  test('a heredoc with a shebang runs under its own interpreter, not the SHELL', () => {
    const text = 'FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN <<EOF\n#!/bin/bash\ncurl -fsSL x | tar -xz\nEOF\n';
    expect(lines(run('pipe-without-pipefail', text))).toEqual([5]);
  });
  test('JSON-form RUN has no shell to check', () => {
    expect(lines(run('sudo-in-run', 'FROM debian:12\nRUN ["sudo", "true"]\n'))).toEqual([]);
  });
  test('a cache clean must come after the last install', () => {
    expect(lines(run('package-cache-not-cleaned', 'FROM f\nRUN dnf install -y a && dnf clean all && dnf install -y b\n'))).toEqual([2]);
    expect(lines(run('package-cache-not-cleaned', 'FROM f\nRUN yum -y install a && dnf clean all\n'))).toEqual([]);
    expect(lines(run('package-cache-not-cleaned', 'FROM f\nRUN dnf clean packages && dnf -y install a && dnf clean metadata\n'))).toEqual([2]);
  });
});

describe('shared helpers', () => {
  test('commandLayers looks through wrappers and their valued options', () => {
    const names = (body: string) => commandLayers(commandsOf(body)[0]).map((l) => l.name);
    expect(names('sudo -u app -E env -u X Y=1 npm ci')).toEqual(['sudo', 'env', 'npm']);
    expect(names('xargs -I {} -n 1 sudo chmod 755 {}')).toEqual(['xargs', 'sudo', 'chmod']);
    expect(names('timeout -s KILL 30 sudo make')).toEqual(['timeout', 'sudo', 'make']);
    expect(names('command -v sudo')).toEqual(['command']);
    expect(names('nice -n 10 -- /usr/bin/sudo true')).toEqual(['nice', 'sudo', 'true']);
    expect(effectiveCommand(commandsOf('sudo -u app apt-get install x')[0])).toEqual({ name: 'apt-get', args: ['install', 'x'] });
  });
  test('subcommandIndex skips option values', () => {
    expect(subcommandIndex(['-o', 'Acquire::Retries=3', 'update'], ['-o'])).toBe(2);
    expect(subcommandIndex(['-q', '--', 'install'])).toBe(2);
    expect(subcommandIndex(['-y'])).toBe(-1);
  });
  test('removesDirectory and mountsOver', () => {
    const rm = (body: string) => removesDirectory(commandsOf(body)[0], ['/var/lib/apt/lists']);
    expect(rm('rm -rf /var/lib/apt/lists/*')).toBe(true);
    expect(rm('rm -rf "/var/lib/apt/lists/"')).toBe(true);
    expect(rm('rm -rf /var/lib/apt')).toBe(true);
    expect(rm('rm -rf /var/cache/apt/*')).toBe(false);
    expect(rm('rm -rf /')).toBe(false);
    expect(rm('echo rm -rf /var/lib/apt/lists/*')).toBe(false);
    const ins = parseDockerfile('FROM x\nRUN --mount=type=cache,target=/var/lib/apt/ --mount=type=secret,id=a,target=/var/cache/dnf true\n', 'D').stages[0].instructions[1];
    expect(mountsOver(ins, ['/var/lib/apt/lists'])).toBe(true);
    expect(mountsOver(ins, ['/var/cache/dnf'])).toBe(false);
  });
  test('exposedPorts reads ports as Docker does', () => {
    const ins = parseDockerfile('FROM x\nARG PS="80 443"\nEXPOSE $PS 1-3/UDP 127.0.0.1:8080:22 x\n', 'D').stages[0].instructions[2];
    expect(exposedPorts(ins, '\\').map((p) => p.range ?? p.invalid)).toEqual([
      { start: 80, end: 80, proto: 'tcp' },
      { start: 443, end: 443, proto: 'tcp' },
      { start: 1, end: 3, proto: 'udp' },
      { start: 22, end: 22, proto: 'tcp' },
      'is not a port number',
    ]);
  });
  test('pipefailOption', () => {
    expect(pipefailOption(['-o', 'pipefail'])).toBe(true);
    expect(pipefailOption(['-euxo', 'pipefail'])).toBe(true);
    expect(pipefailOption(['-e', '-o', 'errexit'])).toBeUndefined();
    expect(pipefailOption(['-o', 'pipefail', '+o', 'pipefail'])).toBe(false);
    expect(pipefailOption(['-c', 'pipefail'])).toBeUndefined();
  });
});

describe('the model records the SHELL in effect for RUN', () => {
  test('default, changed, and inherited by a stage built on another', () => {
    const model = parseDockerfile(
      'FROM a AS base\nRUN x\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN ["y"]\nFROM base\nRUN z\nFROM a\nRUN w\n',
      'D',
    );
    const shells = model.stages.flatMap((s) => s.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.shellCommand));
    expect(shells).toEqual([
      ['/bin/sh', '-c'],
      ['/bin/bash', '-o', 'pipefail', '-c'],
      ['/bin/bash', '-o', 'pipefail', '-c'],
      ['/bin/sh', '-c'],
    ]);
  });
});
