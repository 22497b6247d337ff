/** The Dockerfile model: stages, positions, continuations, heredocs, forms, SHELL, ARG/ENV, inheritance. */
import { finalInstructions, stageChain, type DockerfileModel, type Instruction } from '../../src/dockerfile/model.js';
import { parseDockerfile, UnknownTargetError, type ParseOptions } from '../../src/dockerfile/parse.js';

const parse = (lines: string[], options: ParseOptions = {}) => parseDockerfile(lines.join('\n'), 'Dockerfile', options);
const all = (m: DockerfileModel): Instruction[] => m.stages.flatMap((s) => s.instructions);
const find = (m: DockerfileModel, keyword: string, nth = 0) => all(m).filter((i) => i.keyword === keyword)[nth];
const span = (l: { startLine: number; startColumn: number; endLine: number; endColumn: number }) =>
  `${l.startLine}:${l.startColumn}-${l.endLine}:${l.endColumn}`;
const names = (ins: Instruction) => ins.shell!.commands.map((c) => c.name);

describe('stages', () => {
  const m = parse([
    'FROM golang:1.22 AS Build',
    'RUN go build -o /out/app .',
    'FROM build AS test',
    'RUN go test ./...',
    'FROM scratch',
    'COPY --from=build /out/app /app',
  ]);

  test('name (lower-cased), base image, index, parent, final', () => {
    expect(m.stages.map((s) => [s.index, s.name, s.baseImage, s.baseImageResolved, s.parentStage])).toEqual([
      [0, 'build', 'golang:1.22', 'golang:1.22', undefined],
      [1, 'test', 'build', 'build', 0],
      [2, undefined, 'scratch', 'scratch', undefined],
    ]);
    expect(m.finalStage).toBe(2);
    expect(m.errors).toEqual([]);
  });

  test('every instruction knows its stage; FROM is the first instruction of its stage', () => {
    expect(m.stages.map((s) => s.instructions.map((i) => `${i.keyword}@${i.stageIndex}`))).toEqual([
      ['FROM@0', 'RUN@0'],
      ['FROM@1', 'RUN@1'],
      ['FROM@2', 'COPY@2'],
    ]);
    expect(m.stages[1].from).toBe(m.stages[1].instructions[0]);
  });

  test('target selects the stage that is built, case-insensitively', () => {
    const t = parseDockerfile(m.lines.join('\n'), 'Dockerfile', { target: 'TEST' });
    expect(t.finalStage).toBe(1);
    expect(stageChain(t).map((s) => s.index)).toEqual([1, 0]);
    expect(finalInstructions(t).map((i) => i.keyword)).toEqual(['FROM', 'RUN', 'FROM', 'RUN']);
  });

  test('an unknown target is an error that lists the stages', () => {
    expect(() => parseDockerfile(m.lines.join('\n'), 'Dockerfile', { target: 'prod' })).toThrow(UnknownTargetError);
    expect(() => parseDockerfile(m.lines.join('\n'), 'Dockerfile', { target: 'prod' })).toThrow(
      'Dockerfile: target stage "prod" not found; stages are: build, test',
    );
    expect(() => parse(['FROM a', 'FROM b'], { target: 'x' })).toThrow('stages are: (none named)');
  });

  test('a stage named like an image shadows the image only for later stages', () => {
    const s = parse(['FROM debian AS debian', 'FROM debian']);
    expect(s.stages[0].parentStage).toBeUndefined();
    expect(s.stages[1].parentStage).toBe(0);
  });

  test('FROM scratch and --platform (resolved from a global ARG, kept as written when unknown)', () => {
    const s = parse([
      'ARG PLATFORM=linux/arm64',
      'FROM --platform=$PLATFORM alpine:3.19 AS a',
      'FROM --platform=$BUILDPLATFORM golang AS b',
      'FROM scratch',
    ]);
    expect(s.stages.map((x) => x.platform)).toEqual(['linux/arm64', '$BUILDPLATFORM', undefined]);
    expect(s.stages[2].baseImageResolved).toBe('scratch');
    expect(find(s, 'FROM', 0).flags).toEqual([{ name: 'platform', value: '$PLATFORM' }]);
    expect(find(s, 'FROM', 0).argv).toEqual(['alpine:3.19', 'AS', 'a']);
  });
});

describe('positions', () => {
  test('start and end line and column of each instruction (end column exclusive)', () => {
    const m = parse(['FROM debian:12', '', '  RUN apt-get update \\', '   && apt-get install -y curl', 'USER app']);
    expect(all(m).map((i) => `${i.keyword} ${span(i.location)}`)).toEqual(['FROM 1:1-1:15', 'RUN 3:3-4:30', 'USER 5:1-5:9']);
  });

  test('CRLF line endings give the same lines and columns', () => {
    const m = parseDockerfile('FROM debian\r\nRUN echo a \\\r\n  && echo b\r\nUSER app\r\n', 'Dockerfile');
    expect(all(m).map((i) => `${i.keyword} ${span(i.location)}`)).toEqual(['FROM 1:1-1:12', 'RUN 2:1-3:12', 'USER 4:1-4:9']);
    expect(find(m, 'RUN').shell!.commands.map((c) => span(c.location))).toEqual(['2:5-2:11', '3:6-3:12']);
    expect(m.lines).toEqual(['FROM debian', 'RUN echo a \\', '  && echo b', 'USER app', '']);
  });

  test('parser directives are not comments; unknown `# key=value` lines at the top are', () => {
    const m = parse(['# syntax=docker/dockerfile:1', '# hadolint global ignore=DL3002', '# escape=`', 'FROM debian']);
    expect(m.comments).toEqual([
      { line: 2, text: 'hadolint global ignore=DL3002' },
      { line: 3, text: 'escape=`' },
    ]);
    // Directive parsing stopped at line 2, as Docker's does: the backtick on line 3 is only a comment.
    expect(m.escape).toBe('\\');
  });

  test('comments are kept with their line, for suppressions', () => {
    const m = parse(['# top', 'FROM debian', '  # indented', 'RUN echo \\', '  # inside a continuation', '  hi']);
    expect(m.comments).toEqual([
      { line: 1, text: 'top' },
      { line: 3, text: 'indented' },
      { line: 5, text: 'inside a continuation' },
    ]);
  });
});

describe('continuations', () => {
  const m = parse([
    'FROM debian',
    'RUN apt-get update \\',
    '    # a comment inside the continuation',
    '',
    '    && apt-get install -y \\',
    '       curl \\',
    '       # another',
    '       git',
    'USER app',
  ]);
  const run = find(m, 'RUN');

  test('args joins the lines as Docker does: escape and line break removed, comment and empty lines dropped', () => {
    expect(run.args).toBe('apt-get update     && apt-get install -y        curl        git');
    expect(run.argv).toEqual(['apt-get', 'update', '&&', 'apt-get', 'install', '-y', 'curl', 'git']);
    expect(span(run.location)).toBe('2:1-8:11');
    expect(find(m, 'USER').location.startLine).toBe(9);
  });

  test('commands keep the line and column they are written on', () => {
    expect(run.shell!.commands.map((c) => [c.name, c.args, span(c.location)])).toEqual([
      ['apt-get', ['update'], '2:5-2:19'],
      ['apt-get', ['install', '-y', 'curl', 'git'], '5:8-8:11'],
    ]);
  });

  test('a continuation joins words without a space, as Docker does', () => {
    const j = parse(['FROM debian', 'RUN ec\\', 'ho hi']);
    expect(find(j, 'RUN').shell!.commands.map((c) => [c.name, c.args, span(c.location)])).toEqual([['echo', ['hi'], '2:5-3:6']]);
  });

  test('10,000 continuation lines parse quickly into one RUN', () => {
    const lines = ['FROM debian', 'RUN true \\', ...Array.from({ length: 10_000 }, (_, i) => `  && echo ${i} \\`), '  && true'];
    const start = Date.now();
    const d = parse(lines);
    expect(Date.now() - start).toBeLessThan(20_000);
    expect(d.errors).toEqual([]);
    const cmds = find(d, 'RUN').shell!.commands;
    expect(cmds).toHaveLength(10_002);
    expect(cmds[5000]).toMatchObject({ name: 'echo', args: ['4999'], operatorBefore: '&&' });
    expect(cmds[5000].location.startLine).toBe(5002);
  });
});

describe('escape directive', () => {
  const m = parse([
    '# escape=`',
    'FROM mcr.microsoft.com/windows/servercore:ltsc2022',
    'COPY app.exe `',
    '  # comment',
    '  C:\\app\\',
    'RUN echo a `',
    '    && echo b',
    'FROM debian',
    'RUN echo \\',
    'USER app',
  ]);

  test('the backtick continues lines; a backslash is an ordinary character', () => {
    expect(m.escape).toBe('`');
    expect(m.errors).toEqual([]);
    expect(find(m, 'COPY').argv).toEqual(['app.exe', 'C:\\app\\']);
    expect(span(find(m, 'COPY').location)).toBe('3:1-5:10');
    expect(find(m, 'RUN').shell!.commands.map((c) => [c.name, c.args, c.operatorBefore, c.location.startLine])).toEqual([
      ['echo', ['a'], undefined, 6],
      ['echo', ['b'], '&&', 7],
    ]);
    // `RUN echo \` does not continue under the backtick escape: USER is an instruction of its own.
    expect(span(find(m, 'RUN', 1).location)).toBe('9:1-9:11');
    expect(find(m, 'USER').location.startLine).toBe(10);
  });

  test('an invalid escape directive is a located error', () => {
    const bad = parse(['# escape=x', 'FROM debian']);
    expect(bad.errors).toEqual([
      { message: 'invalid escape directive "x": it must be \\ or `', location: expect.objectContaining({ startLine: 1 }) },
    ]);
    expect(bad.escape).toBe('\\');
  });
});

describe('heredocs', () => {
  test('RUN <<EOF: the body is the script; commands are on the body lines', () => {
    const m = parse(['FROM debian', 'RUN <<EOF', 'set -e', 'apt-get update && apt-get install -y curl', 'EOF', 'USER app']);
    const run = find(m, 'RUN');
    expect(run.heredocs).toEqual([{ name: 'EOF', content: 'set -e\napt-get update && apt-get install -y curl', contentLine: 3 }]);
    expect(run.args).toBe('<<EOF');
    expect(run.argv).toEqual(['<<EOF']);
    expect(span(run.location)).toBe('2:1-5:4');
    expect(run.shell!.commands.map((c) => [c.name, c.operatorBefore, span(c.location)])).toEqual([
      ['set', undefined, '3:1-3:7'],
      ['apt-get', ';', '4:1-4:15'],
      ['apt-get', '&&', '4:19-4:42'],
    ]);
    expect(find(m, 'USER').location.startLine).toBe(6);
  });

  test('RUN bash <<EOF and <<-EOF: the shell reads the body as its script', () => {
    const m = parse(['FROM debian', 'RUN bash -e <<-EOT', '\tcurl -fsSL https://x | sh', '\tEOT', 'RUN cat <<EOF > /etc/motd && echo ok', 'apt-get install x', 'EOF']);
    expect(find(m, 'RUN').shell!.commands.map((c) => [c.name, c.pipelineIndex, c.pipelineLength, span(c.location)])).toEqual([
      ['bash', 0, 1, '2:5-2:12'],
      ['curl', 0, 2, '3:2-3:22'],
      ['sh', 1, 2, '3:25-3:27'],
    ]);
    // Here the body is data for cat, not commands.
    expect(names(find(m, 'RUN', 1))).toEqual(['cat', 'echo']);
    expect(find(m, 'RUN', 1).args).toBe('cat <<EOF > /etc/motd && echo ok');
  });

  test('quoted delimiters, COPY heredocs and several heredocs keep bodies out of argv', () => {
    const m = parse(['FROM debian', 'COPY <<"EOF" <<EOT /etc/', '$HOME id_rsa', 'EOF', 'second', 'EOT', 'RUN <<\'X\'', 'echo $HOME', 'X']);
    const copy = find(m, 'COPY');
    expect(copy.argv).toEqual(['<<"EOF"', '<<EOT', '/etc/']);
    expect(copy.heredocs).toEqual([
      { name: 'EOF', content: '$HOME id_rsa', contentLine: 3 },
      { name: 'EOT', content: 'second', contentLine: 5 },
    ]);
    expect(find(m, 'RUN').shell!.commands).toMatchObject([{ name: 'echo', args: ['$HOME'] }]);
  });

  test('a shebang naming another interpreter is not parsed as shell', () => {
    const m = parse(['FROM debian', 'RUN <<EOF', '#!/usr/bin/env python3', 'print(1)', 'EOF', 'RUN <<EOF', '#!/usr/bin/env bash', 'echo hi', 'EOF']);
    expect(find(m, 'RUN').shell).toEqual({ commands: [], posix: false });
    expect(names(find(m, 'RUN', 1))).toEqual(['echo']);
  });

  test('an unterminated heredoc is a located error', () => {
    const m = parse(['FROM debian', 'RUN <<EOF', 'echo hi']);
    expect(m.errors).toEqual([
      { message: 'unterminated heredoc <<EOF: no line "EOF" closes it', location: expect.objectContaining({ startLine: 2, startColumn: 5 }) },
    ]);
  });

  test('heredocs only exist for RUN, COPY and ADD', () => {
    const m = parse(['FROM debian', 'CMD cat <<EOF']);
    expect(m.errors).toEqual([]);
    expect(find(m, 'CMD').heredocs).toEqual([]);
  });
});

describe('JSON and shell form', () => {
  const m = parse([
    'FROM debian',
    'CMD ["node", "server.js"]',
    'ENTRYPOINT /bin/start --now',
    'RUN ["/bin/sh", "-c", "apt-get install -y curl"]',
    'CMD ["broken",]',
  ]);

  test('exec form is recognised and decoded', () => {
    expect(find(m, 'CMD')).toMatchObject({ jsonForm: true, json: ['node', 'server.js'] });
    expect(find(m, 'ENTRYPOINT')).toMatchObject({ jsonForm: false, json: undefined, argv: ['/bin/start', '--now'] });
    expect(find(m, 'CMD', 1)).toMatchObject({ jsonForm: false });
  });

  test('a RUN in exec form has no parsed shell', () => {
    expect(find(m, 'RUN')).toMatchObject({ jsonForm: true, json: ['/bin/sh', '-c', 'apt-get install -y curl'] });
    expect(find(m, 'RUN').shell).toBeUndefined();
  });
});

describe('SHELL', () => {
  const m = parse([
    'FROM mcr.microsoft.com/powershell AS win',
    'SHELL ["pwsh", "-Command"]',
    'RUN Get-Item x | Out-Null',
    'FROM win AS child',
    'RUN Write-Host hi',
    'SHELL ["/usr/bin/env", "bash", "-o", "pipefail", "-c"]',
    'RUN echo a | cat',
    'FROM debian',
    'RUN echo b',
  ]);

  test('a non-POSIX shell means nothing is parsed (posix false), inherited by a child stage', () => {
    expect(find(m, 'RUN', 0).shell).toEqual({ commands: [], posix: false });
    expect(find(m, 'RUN', 1).shell).toEqual({ commands: [], posix: false });
  });

  test('/usr/bin/env bash is a POSIX shell; a new stage starts with /bin/sh again', () => {
    expect(names(find(m, 'RUN', 2))).toEqual(['echo', 'cat']);
    expect(names(find(m, 'RUN', 3))).toEqual(['echo']);
  });
});

describe('ARG and ENV', () => {
  const lines = [
    'ARG REGISTRY=docker.io',
    'ARG TAG=12',
    'ARG VARIANT',
    'FROM ${REGISTRY}/library/debian:${TAG:-11}-${VARIANT:-slim} AS base',
    'ARG TAG',
    'ARG REGISTRY',
    'ENV APP=/srv/app PORT="80 80" QUOTED=\'$TAG\' ESCAPED=\\$TAG MIXED="v$TAG"x',
    'ENV LEGACY two words',
    'RUN echo $APP',
    'FROM base',
    'RUN echo inherited',
  ];

  test('global ARGs resolve FROM; build args override their defaults', () => {
    expect(parse(lines).stages[0].baseImageResolved).toBe('docker.io/library/debian:12-slim');
    expect(parse(lines, { buildArgs: { TAG: '13', VARIANT: 'full' } }).stages[0].baseImageResolved).toBe('docker.io/library/debian:13-full');
    expect(parse(lines).globalArgs.map((a) => a.args)).toEqual(['REGISTRY=docker.io', 'TAG=12', 'VARIANT']);
  });

  test('an ARG with no value leaves FROM unresolved', () => {
    const m = parse(['ARG IMAGE', 'FROM $IMAGE']);
    expect(m.stages[0].baseImageResolved).toBeUndefined();
    expect(parse(['ARG IMAGE', 'FROM $IMAGE'], { buildArgs: { IMAGE: 'alpine:3' } }).stages[0].baseImageResolved).toBe('alpine:3');
  });

  test('env: redeclared global ARGs, ENV values processed as Docker does (quotes, escapes, single quotes)', () => {
    const m = parse(lines, { buildArgs: { TAG: '13' } });
    expect(find(m, 'RUN').env).toEqual({
      TAG: '13',
      REGISTRY: 'docker.io',
      APP: '/srv/app',
      PORT: '80 80',
      QUOTED: '$TAG',
      ESCAPED: '$TAG',
      MIXED: 'v13x',
      LEGACY: 'two words',
    });
  });

  test('a global ARG is not visible in a stage unless declared there', () => {
    const m = parse(['ARG V=1', 'FROM debian', 'ENV A=$V B=${V:-none}', 'ARG V', 'ENV C=$V', 'USER app']);
    expect(find(m, 'USER').env).toEqual({ A: '', B: 'none', V: '1', C: '1' });
  });

  test('one ARG or ENV line expands with the values from before it; a global ARG does not leak into a stage ARG', () => {
    const m = parse(['ARG G=global', 'FROM debian', 'ENV A=old', 'ENV A=new B=$A', 'ARG C=$G D=${G:-unset}', 'USER app']);
    expect(find(m, 'USER').env).toEqual({ A: 'new', B: 'old', C: '', D: 'unset' });
  });

  test('an instruction sees the ARG and ENV before it, not after it', () => {
    const m = parse(['FROM debian', 'USER $U', 'ARG U=app', 'USER $U']);
    expect(find(m, 'USER', 0).env).toEqual({});
    expect(find(m, 'USER', 1).env).toEqual({ U: 'app' });
  });

  test('a stage built FROM another inherits its ENV, not its ARGs', () => {
    const m = parse(lines);
    expect(m.stages[1].parentStage).toBe(0);
    expect(find(m, 'RUN', 1).env).toMatchObject({ APP: '/srv/app', LEGACY: 'two words' });
    expect(find(m, 'RUN', 1).env.TAG).toBeUndefined();
  });
});

describe('problems', () => {
  test('an unknown instruction is a located error; the rest is still read', () => {
    const m = parse(['FROM debian', 'RUNN echo hi', 'USER app']);
    expect(m.errors).toEqual([{ message: 'unknown instruction "RUNN"', location: { file: 'Dockerfile', startLine: 2, startColumn: 1, endLine: 2, endColumn: 13 } }]);
    expect(all(m).map((i) => i.keyword)).toEqual(['FROM', 'USER']);
  });

  test('only ARG may come before FROM', () => {
    expect(parse(['ENV A=1', 'FROM debian']).errors).toEqual([
      expect.objectContaining({ message: 'ENV before the first FROM: only ARG may come before FROM' }),
    ]);
  });

  test('a file that is not a Dockerfile gives one message, not one per line', () => {
    const readme = parse(['# My project', '', 'Some text here.', 'More text.', '']);
    expect(readme.errors).toEqual([
      {
        message: 'no FROM instruction: this is not a Dockerfile (line 3: unknown instruction "Some")',
        location: expect.objectContaining({ startLine: 3 }),
      },
    ]);
    const json = parseDockerfile('{\n  "name": "x",\n  "version": "1.0.0"\n}\n', 'package.json');
    expect(json.errors).toHaveLength(1);
    expect(json.errors[0].message).toMatch(/^no FROM instruction: this is not a Dockerfile/);
    expect(json.stages).toEqual([]);
    expect(json.finalStage).toBe(-1);
  });

  test('many problems are listed up to 50, then summed up', () => {
    const m = parse(['FROM debian', ...Array.from({ length: 120 }, (_, i) => `BAD${i} x`)]);
    expect(m.errors).toHaveLength(51);
    expect(m.errors[50]).toMatchObject({ message: '70 more problems like the ones above, from here on', location: { startLine: 52 } });
  });

  test('a lone carriage return ends a line, as it does for dockerfile-ast and editors', () => {
    const m = parseDockerfile('FROM debian\rUSER app\r', 'Dockerfile');
    expect(all(m).map((i) => `${i.keyword} ${i.location.startLine}`)).toEqual(['FROM 1', 'USER 2']);
  });
});
