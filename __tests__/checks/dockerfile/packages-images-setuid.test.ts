/**
 * The CIS 4.2, 4.3, 4.6, 4.7 and 4.8 rules beyond their YAML examples: undecidable input skips, and the
 * helpers they share (package actions and specs, base images, stages that reach the image).
 */
import { checks } from '../../../src/checks/index.js';
import { addedSpecialBits } from '../../../src/checks/dockerfile/setuid-chmod.js';
import { baseImages, packageActions, packageSpecs, reachingStages, shellEnvBefore } from '../../../src/checks/support.js';
import { parseDockerfile } from '../../../src/dockerfile/parse.js';

const run = (id: string, text: string, options: Record<string, unknown> = {}, buildArgs?: Record<string, string>) =>
  checks[`dockerfile/${id}`].check(parseDockerfile(text, 'Dockerfile', { buildArgs }) as never, options);
const lines = (outcome: ReturnType<typeof run>) => ('findings' in outcome ? outcome.findings.map((f) => f.location.startLine) : outcome);
const runOf = (body: string) => parseDockerfile(`FROM x\nENV TOOLS="gdb strace"\nRUN ${body}\n`, 'D').stages[0].instructions[2];

describe('base images', () => {
  const rules = ['base-image-latest', 'base-image-not-pinned', 'base-image-untrusted-registry'];
  const allow = { registries: ['registry.example.com'] };

  test('no FROM can be resolved: skip, naming the ARG', () => {
    for (const id of rules) {
      expect(run(id, 'ARG BASE\nFROM ${BASE}\n', allow)).toEqual({ skip: expect.stringContaining('depends on BASE') });
    }
  });
  test('a --build-arg resolves it', () => {
    expect(lines(run('base-image-latest', 'ARG BASE\nFROM ${BASE}\n', {}, { BASE: 'debian' }))).toEqual([2]);
    expect(lines(run('base-image-latest', 'ARG BASE\nFROM ${BASE}\n', {}, { BASE: 'debian:12' }))).toEqual([]);
  });
  test('an unresolved FROM is left out when another can be judged', () => {
    expect(lines(run('base-image-not-pinned', 'ARG A\nFROM $A AS x\nFROM debian:12\n'))).toEqual([3]);
    expect(lines(run('base-image-latest', 'ARG A\nFROM $A AS x\nFROM debian:12\n'))).toEqual([]);
  });
  test('a reference Docker rejects is not judged', () => {
    expect(run('base-image-latest', 'FROM Debian\n')).toEqual({ skip: expect.stringContaining('lowercase') });
    expect(run('base-image-latest', 'ARG T=\nFROM debian:${T}\n')).toEqual({ skip: expect.stringContaining('debian:${T} (= debian:)') });
  });
  test('only scratch and stages: nothing to judge, a pass', () => {
    for (const id of rules) expect(run(id, 'FROM scratch AS a\nFROM a\n', allow)).toEqual({ findings: [] });
  });
  test('no allow-list: skip', () => {
    expect(run('base-image-untrusted-registry', 'FROM evil.example.net/x:1\n')).toEqual({ skip: expect.stringContaining('no registry allow-list') });
    expect(run('base-image-untrusted-registry', 'FROM evil.example.net/x:1\n', { registries: [' '] })).toHaveProperty('skip');
  });
  test('allow-list entries: scheme, trailing slash, case and Docker Hub aliases', () => {
    const text = 'FROM node:20 AS a\nFROM REGISTRY.example.com/app:1 AS b\nFROM ghcr.io/acme/x:1\nCOPY --from=a /a /a\nCOPY --from=1 /b /b\n';
    expect(lines(run('base-image-untrusted-registry', text, { registries: ['registry-1.docker.io', 'https://registry.example.com/', 'ghcr.io/acme/'] }))).toEqual([]);
    expect(lines(run('base-image-untrusted-registry', text, { registries: ['hub.docker.com'] }))).toEqual([2, 3]);
  });
  test('baseImages classifies every stage', () => {
    const model = parseDockerfile('ARG V\nFROM a:1 AS a\nFROM a\nFROM scratch\nFROM $V\nFROM NO\n', 'D');
    expect(baseImages(model).map((b) => b.kind)).toEqual(['image', 'stage', 'scratch', 'unresolved', 'invalid']);
  });
  test('the message shows the ARG and its value', () => {
    const out = run('base-image-latest', 'ARG IMG=node\nFROM ${IMG}\n');
    expect('findings' in out && out.findings[0].message).toMatch(/^FROM \$\{IMG\} \(= node\) has no tag, so Docker uses node:latest/);
  });
});

describe('package actions', () => {
  test('option values before the subcommand are skipped', () => {
    const actions = packageActions(runOf('apt-get -o Dpkg::Options::=--force-confold -t bookworm-backports install -y vim && dnf --enablerepo epel -x foo install -y nmap && apk -X http://m/x add --virtual .d gcc').shell!.commands);
    expect(actions.map((a) => [a.manager, a.verb, a.subcommand, a.operands])).toEqual([
      ['apt-get', 'install', 'install', ['vim']],
      ['dnf', 'install', 'install', ['nmap']],
      ['apk', 'install', 'add', ['gcc']],
    ]);
  });
  test('a command named like an Object property is not a package manager', () => {
    expect(packageActions(runOf('constructor x; toString y; __proto__ z').shell!.commands)).toEqual([]);
  });
  test('package specs: versions, architectures, releases, files, groups and variables', () => {
    const specs = (body: string) => {
      const ins = runOf(body);
      return packageActions(ins.shell!.commands).flatMap((a) => packageSpecs(a, shellEnvBefore(ins, a.cmd)));
    };
    expect(specs('apt-get install vim=2:9.0 nano/bookworm libc6:amd64 ./x.deb /tmp/y.deb sudo- jq+').map((s) => [s.name, s.remove ?? false])).toEqual([
      ['vim', false], ['nano', false], ['libc6', false], [undefined, false], [undefined, false], ['sudo', true], ['jq', false],
    ]);
    expect(specs('apk add vim~9 socat@edge "nmap>7" !gdb').map((s) => [s.name, s.remove ?? false])).toEqual([['vim', false], ['socat', false], ['nmap', false], ['gdb', true]]);
    expect(specs('dnf install vim-enhanced.x86_64 @development https://x/y.rpm').map((s) => s.name)).toEqual(['vim-enhanced', undefined, undefined]);
    expect(specs('P=tcpdump; apt-get install $TOOLS ${P} $MISSING $(cat f)').map((s) => s.name ?? s.unresolved)).toEqual(['gdb', 'strace', 'tcpdump', ['MISSING'], ['$(cat f)']]);
  });
});

describe('forbidden-tools', () => {
  test('an install of an unknown variable skips, unless a tool is found anyway', () => {
    expect(run('forbidden-tools', 'FROM debian:12\nRUN apt-get install -y $PKGS\n', { tools: ['vim'] })).toEqual({ skip: expect.stringContaining('$PKGS') });
    expect(lines(run('forbidden-tools', 'FROM debian:12\nRUN apt-get install -y $PKGS vim\n', { tools: ['vim'] }))).toEqual([2]);
    expect(lines(run('forbidden-tools', 'FROM debian:12\nARG PKGS=curl\nRUN apt-get install -y $PKGS\n', { tools: ['vim'] }))).toEqual([]);
  });
  test('an empty tools list skips', () => {
    expect(run('forbidden-tools', 'FROM debian:12\n', { tools: [] })).toHaveProperty('skip');
  });
  test('one finding per command, with a stable key', () => {
    const out = run('forbidden-tools', 'FROM debian:12\nRUN apt-get install -y vim gdb && apt-get install -y vim\n', { tools: ['vim', 'gdb'] });
    expect('findings' in out && out.findings.map((f) => f.key)).toEqual(['apt-get:gdb,vim', 'apt-get:vim']);
  });
});

describe('RUN bodies that are not valid shell', () => {
  test.each(['update-alone', 'apt-no-install-recommends', 'forbidden-tools', 'setuid-chmod'])('%s skips', (id) => {
    expect(run(id, "FROM debian:12\nRUN apt-get update && echo 'open\n", { tools: ['vim'] })).toEqual({ skip: expect.stringContaining('line 2') });
  });
});

describe('setuid and setgid modes', () => {
  test.each([
    ['u+s', true, false],
    ['g+s', false, true],
    ['+s', true, true],
    ['a+s', true, true],
    ['ug+s', true, true],
    ['o+s', false, false],
    ['u=rwxs', true, false],
    ['u-x+s', true, false],
    ['u+x,g+s', false, true],
    ['u-s', false, false],
    ['a-s', false, false],
    ['4755', true, false],
    ['2755', false, true],
    ['6755', true, true],
    ['04755', true, false],
    ['0004750', true, false],
    ['755', false, false],
    ['0755', false, false],
    ['1777', false, false],
  ])('%s', (mode, setuid, setgid) => expect(addedSpecialBits(mode)).toEqual({ setuid, setgid }));
  test.each(['17777', 'u+q', 'rwx', ''])('%j is not a mode', (mode) => expect(addedSpecialBits(mode)).toBeUndefined());
  test('chmod --reference and chmod with an unknown mode are not findings', () => {
    expect(lines(run('setuid-chmod', 'FROM debian:12\nRUN chmod --reference=/bin/su /x && chmod $M /y\n'))).toEqual([]);
  });
  test('busybox, xargs and -R on a directory', () => {
    expect(lines(run('setuid-chmod', 'FROM alpine:3\nRUN busybox chmod u+s /x\nRUN ls /bin/* | xargs chmod g+s\nRUN mkdir /d && chmod -R g+s /d\n'))).toEqual([2, 3, 4]);
  });
  test('reachingStages follows COPY --from by name and index, transitively', () => {
    const model = parseDockerfile('FROM a AS one\nFROM b AS two\nCOPY --from=0 /x /x\nFROM c AS unused\nFROM two AS three\nFROM d\nCOPY --from=three /y /y\n', 'D');
    expect(reachingStages(model).map((s) => s.index)).toEqual([0, 1, 3, 4]);
  });
  test('reachingStages: RUN --mount=from, and an unresolved --from counts every earlier stage', () => {
    const mount = parseDockerfile('FROM a AS one\nFROM b AS two\nFROM c\nRUN --mount=type=bind,from=two,target=/t true\n', 'D');
    expect(reachingStages(mount).map((s) => s.index)).toEqual([1, 2]);
    const unknown = parseDockerfile('FROM a AS one\nFROM b AS two\nFROM c\nARG SRC\nCOPY --from=$SRC /x /x\n', 'D');
    expect(reachingStages(unknown).map((s) => s.index)).toEqual([0, 1, 2]);
  });
});

describe('install -m', () => {
  test.each([
    ['install -m 4755 a /usr/bin/a', [2]],
    ['install -Dm4755 a /usr/bin/a', [2]],
    ['install -D -m 2755 a /usr/bin/a', [2]],
    ['install --mode=6755 a /usr/bin/a', [2]],
    ['install --mode 4711 a /usr/bin/a', [2]],
    ['install -o root -g root -m u+s a /usr/bin/a', [2]],
    ['install -dm 2775 /srv/shared', []],
    ['install -d -m 4755 /srv/x', []],
    ['install -m 0755 a /usr/bin/a', []],
    ['install -g staff a /usr/bin/a', []],
  ])('%s', (body, expected) => {
    expect(lines(run('setuid-chmod', `FROM debian:12\nRUN ${body}\n`))).toEqual(expected);
  });
});

describe('directories', () => {
  test('install -d and mkdir make directories; a mode assigned earlier in the RUN is read', () => {
    expect(lines(run('setuid-chmod', 'FROM debian:12\nRUN install -d /srv/a && chmod g+s /srv/a\nRUN M=4755; chmod "$M" /usr/bin/b\n'))).toEqual([3]);
  });
});
