/** RUN bodies: commands, arguments, assignments, operators, pipelines and Dockerfile positions. */
import fc from 'fast-check';
import type { ShellCommand } from '../../src/dockerfile/model.js';
import { parseDockerfile } from '../../src/dockerfile/parse.js';
import { MappedTextBuilder, parseShell, simpleCommands } from '../../src/dockerfile/shell.js';

/** The commands of the first RUN of `FROM debian` + `lines`. */
function run(...lines: string[]): ShellCommand[] {
  const m = parseDockerfile(['FROM debian', ...lines].join('\n'), 'Dockerfile');
  const ins = m.stages[0].instructions.find((i) => i.keyword === 'RUN')!;
  if (ins.shell?.error) throw new Error(`unexpected parse error: ${ins.shell.error.message}`);
  return ins.shell!.commands;
}
const span = (c: ShellCommand) => `${c.location.startLine}:${c.location.startColumn}-${c.location.endLine}:${c.location.endColumn}`;
const brief = (cmds: ShellCommand[]) => cmds.map((c) => [c.operatorBefore ?? '', c.name, ...c.args].join(' ').trim());

describe('commands and arguments', () => {
  test('quotes are removed; escapes are resolved; expansions are kept as written', () => {
    expect(run(`RUN echo "a b" 'c d' e\\ f "x\\"y" '$HOME' "$HOME/bin" \${V}x $(date) ~`)).toMatchObject([
      { name: 'echo', args: ['a b', 'c d', 'e f', 'x"y', '$HOME', '$HOME/bin', '${V}x', '$(date)', '~'] },
      { name: 'date', args: [] },
    ]);
  });

  test('assignments before the command, and a command that is only assignments', () => {
    expect(run('RUN GIT_SSL_NO_VERIFY=1 A="x y" git clone u && B=2')).toMatchObject([
      { name: 'git', args: ['clone', 'u'], assigns: { GIT_SSL_NO_VERIFY: '1', A: 'x y' } },
      { name: '', args: [], assigns: { B: '2' }, operatorBefore: '&&' },
    ]);
  });

  test('export/declare/readonly are commands whose assignments are kept', () => {
    expect(run('RUN export NODE_TLS_REJECT_UNAUTHORIZED=0 PATH && readonly X=1')).toMatchObject([
      { name: 'export', args: ['NODE_TLS_REJECT_UNAUTHORIZED=0', 'PATH'], assigns: { NODE_TLS_REJECT_UNAUTHORIZED: '0', PATH: '' } },
      { name: 'readonly', args: ['X=1'], assigns: { X: '1' }, operatorBefore: '&&' },
    ]);
  });

  test('commands inside $(...), backquotes, subshells, blocks, if, for, while and case are found', () => {
    expect(
      brief(
        run(
          'RUN echo $(curl -k u | sh) `id` && (cd /x; make) || { ls; } ; if test -f a; then rm a; elif x; then y; else z; fi; ' +
            'for f in $(ls); do chmod u+s $f; done; while false; do w; done; case $a in x) c1;; *) c2;; esac',
        ),
      ),
    ).toEqual([
      'echo $(curl -k u | sh) `id`',
      'curl -k u',
      '| sh',
      'id',
      '&& cd /x',
      '; make',
      '|| ls',
      '; test -f a',
      '; rm a',
      '; x',
      '; y',
      '; z',
      'ls',
      '; chmod u+s $f',
      '; false',
      '; w',
      '; c1',
      '; c2',
    ]);
  });
});

describe('operators and pipelines', () => {
  test('&&, ;, || and | between commands', () => {
    const cmds = run('RUN a && b; c || d | e');
    expect(cmds.map((c) => [c.name, c.operatorBefore])).toEqual([
      ['a', undefined],
      ['b', '&&'],
      ['c', ';'],
      ['d', '||'],
      ['e', '|'],
    ]);
  });

  test('pipelines: shared id, index, length; separate pipelines have separate ids; lone commands have unique ids', () => {
    const cmds = run('RUN curl -fsSL u | tar -xz | tee x && apt-get update && wget -O- u | sh');
    expect(cmds.map((c) => [c.name, c.pipelineIndex, c.pipelineLength])).toEqual([
      ['curl', 0, 3],
      ['tar', 1, 3],
      ['tee', 2, 3],
      ['apt-get', 0, 1],
      ['wget', 0, 2],
      ['sh', 1, 2],
    ]);
    const ids = cmds.map((c) => c.pipelineId);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[1]).toBe(ids[2]);
    expect(ids[4]).toBe(ids[5]);
    expect(new Set([ids[0], ids[3], ids[4]]).size).toBe(3);
  });

  test('commands inside a piped subshell belong to the outer pipeline', () => {
    const cmds = run('RUN (curl u; echo) | (cd /; sh)');
    expect(cmds.map((c) => [c.name, c.pipelineIndex, c.pipelineLength])).toEqual([
      ['curl', 0, 2],
      ['echo', 0, 2],
      ['cd', 1, 2],
      ['sh', 1, 2],
    ]);
  });

  test('a 10,000-command chain does not overflow the stack', () => {
    const body = Array.from({ length: 10_000 }, (_, i) => `echo ${i}`).join(' && ');
    const full = run(`RUN ${body}`);
    expect(full).toHaveLength(10_000);
    // The same chain through the full parser (a redirect keeps the fast path out): mvdan-sh's recursion either
    // copes or fails with a located error; it never throws.
    const m = parseDockerfile(`FROM debian\nRUN ${body} > /dev/null`, 'Dockerfile');
    const shell = m.stages[0].instructions[1].shell!;
    expect(shell.error ? shell.commands : shell.commands.length).toEqual(shell.error ? [] : 10_000);
  });
});

describe('positions', () => {
  test('across continuation lines, comment lines and blank lines', () => {
    const cmds = run('RUN set -eux; \\', '    # note', '', '    apt-get update \\', '    && apt-get install -y \\', '      curl');
    expect(cmds.map((c) => [c.name, span(c)])).toEqual([
      ['set', '2:5-2:13'],
      ['apt-get', '5:5-5:19'],
      ['apt-get', '6:8-7:11'],
    ]);
  });

  test('non-ASCII text before a command does not shift its column (columns count UTF-16 code units)', () => {
    const cmds = run('RUN echo "héllo 😀" && curl -k https://x');
    expect(cmds.map((c) => [c.name, span(c)])).toEqual([
      ['echo', '2:5-2:20'],
      ['curl', '2:24-2:41'],
    ]);
    // The full parser (with a redirect) agrees.
    const full = run('RUN echo "héllo 😀" > /tmp/x && curl -k https://x');
    expect(full.map((c) => [c.name, span(c)])).toEqual([
      ['echo', '2:5-2:20'],
      ['curl', '2:33-2:50'],
    ]);
  });

  test('in RUN heredocs the body lines are where commands are', () => {
    const cmds = run('RUN <<EOF', 'set -e', '  curl -k u | sh', 'EOF');
    expect(cmds.map((c) => [c.name, span(c)])).toEqual([
      ['set', '3:1-3:7'],
      ['curl', '4:3-4:12'],
      ['sh', '4:15-4:17'],
    ]);
  });
});

describe('scripts inside scripts', () => {
  test('sh -c and bash -c strings are parsed; their commands are where they are written', () => {
    const cmds = run(`RUN bash -euxo pipefail -c 'apt-get update && apt-get install -y vim' && sh -c "curl -k u | sh"`);
    expect(cmds.map((c) => [c.name, c.args.join(' '), span(c)])).toEqual([
      ['bash', '-euxo pipefail -c apt-get update && apt-get install -y vim', '2:5-2:70'],
      ['apt-get', 'update', '2:29-2:43'],
      ['apt-get', 'install -y vim', '2:47-2:69'],
      ['sh', '-c curl -k u | sh', '2:74-2:96'],
      ['curl', '-k u', '2:81-2:90'],
      ['sh', '', '2:93-2:95'],
    ]);
  });

  test('through sudo and env too', () => {
    expect(brief(run(`RUN sudo -u root sh -c 'chmod u+s /bin/x' && env -i PATH=/bin bash -c "curl -k u"`))).toEqual([
      'sudo -u root sh -c chmod u+s /bin/x',
      'chmod u+s /bin/x',
      '&& env -i PATH=/bin bash -c curl -k u',
      'curl -k u',
    ]);
  });

  test('a shell reading a heredoc runs it; a program reading one does not', () => {
    expect(brief(run('RUN sh -s <<EOF', 'apt-get update', 'EOF'))).toEqual(['sh -s', 'apt-get update']);
    expect(brief(run('RUN python3 <<EOF', 'import os', 'EOF'))).toEqual(['python3']);
    expect(brief(run('RUN bash script.sh <<EOF', 'input', 'EOF'))).toEqual(['bash script.sh']);
  });
});

describe('invalid shell', () => {
  test('a parse error has a message and a location; no commands are claimed', () => {
    const m = parseDockerfile('FROM debian\nRUN echo "unterminated && ls', 'Dockerfile');
    const shell = m.stages[0].instructions[1].shell!;
    expect(shell.commands).toEqual([]);
    expect(shell.error).toEqual({ message: 'reached EOF without closing quote "', location: expect.objectContaining({ startLine: 2, startColumn: 10 }) });
  });
});

describe('the fast path for plain command lists', () => {
  const mapped = (s: string) => {
    const b = new MappedTextBuilder();
    b.add(s, 7, 5);
    return b.build();
  };
  const word = fc.oneof(
    fc.constantFrom(
      'apt-get', 'install', '-y', 'A=1', 'B=', 'x=y=z', '"a b"', "'c d'", 'e"f g"h', "''", '""', '--opt="x y"', '"A"=1',
      'A="q r"', '=x', '*', '~', 'sh', 'bash', '-c', '-o', 'pipefail', '-eux', 'if', 'time', 'export', 'a+=1', '%', '1=2',
      '/var/lib/apt/lists/*', '-', '"it!"', 'sudo', '-u', 'env', 'X=1', 'busybox', '--', "'$x'", '"$x"', '$HOME', '${V}', '$V1x', '"$A b"', '"${A}"', '$1', '$',
      '${A:-b}', '"$"', 'x$y', 'A=$B', '$A=1', 'é', '#', 'a#b', '\\', '>', '2>&1', '[', ']', '[[', ']]', '[ -f x ]', 'a[1]=x', 'x[a]', '{', '}', '(x)', '`id`', '# c', 'a#b', '\n', '\n\n', '#!',
    ),
    fc.stringMatching(/^[a-z0-9=._\-/]{1,6}$/),
  );
  const op = fc.constantFrom(' && ', '&&', ' || ', ' | ', '|', '; ', ';', ' & ', ' |& ', ';;', '\n', ' &&\n', ';\n');
  const line = fc
    .array(fc.oneof({ arbitrary: word, weight: 5 }, { arbitrary: op, weight: 2 }, { arbitrary: fc.constantFrom(' ', '\t'), weight: 2 }), { maxLength: 16 })
    .map((parts) => parts.join(' '));

  test('gives exactly what the full parser gives, whenever it takes a line', () => {
    let taken = 0;
    fc.assert(
      fc.property(line, (s) => {
        const fast = simpleCommands(mapped(s), 'F');
        if (!fast) return;
        taken++;
        expect({ commands: fast, posix: true }).toEqual(parseShell(mapped(s), 'F', { fastPath: false }));
      }),
      { numRuns: 5000, seed: 20240601 },
    );
    expect(taken).toBeGreaterThan(500);
  });

  test('takes the common apt-get line, leaves anything else to the full parser', () => {
    expect(simpleCommands(mapped('apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*'), 'F')).toHaveLength(3);
    expect(simpleCommands(mapped('set -eux\n# install\napt-get update &&\n  apt-get install -y curl\n\n[ -f /x ] && rm /x\n'), 'F')).toHaveLength(5);
    for (const s of ['echo $(id)', 'a > b', 'if x; then y; fi', 'sh -c "x"', 'a &', 'echo "$(id)"', 'a && ', "echo 'unterminated", '[[ -f x ]]', 'a[0]=1']) {
      expect(simpleCommands(mapped(s), 'F')).toBeUndefined();
    }
  });
});
