/**
 * Bad input through the CLI as a user runs it: every case ends with a clear message that names the file (and the
 * line, when there is one) and the documented exit code, never a stack trace or a hang.
 */
import { chmodSync, closeSync, mkdirSync, mkdtempSync, openSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBundle, removeBundle, runCli, STACK_TRACE, type CliResult } from './run-cli.js';

let bundle: string;
let dir: string;

beforeAll(() => {
  bundle = buildBundle();
  dir = mkdtempSync(join(tmpdir(), 'cdg-bad-input-'));
});
afterAll(() => {
  removeBundle(bundle);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const scan = (path: string, ...more: string[]) => runCli(bundle, ['scan', '--dockerfile', path, ...more]);

/** Exit 2 with `cis-docker-gate: <path>: <reason>` on stderr and nothing else. */
function expectInputError(r: CliResult, path: string, reason: RegExp) {
  expect(r.stderr).not.toMatch(STACK_TRACE);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim()).toMatch(new RegExp(`^cis-docker-gate: ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ${reason.source}$`));
  expect(r.status).toBe(2);
}

/** Exit 1 with a dockerfile/parse-error finding at `path:line`. */
function expectParseError(r: CliResult, path: string, line: number, message: RegExp) {
  expect(r.stderr).toBe('');
  const finding = r.stdout.split('\n').find((l) => l.includes('dockerfile/parse-error'));
  expect(finding).toBeDefined();
  expect(finding!.startsWith(`${path}:${line}:`)).toBe(true);
  expect(finding).toMatch(message);
  expect(r.status).toBe(1);
}

describe('files that cannot be read', () => {
  test('a missing file', () => {
    const path = join(dir, 'nope', 'Dockerfile');
    expectInputError(scan(path), path, /no such file/);
  });

  test('a directory', () => {
    const path = join(dir, 'a-directory');
    mkdirSync(path);
    expectInputError(scan(path), path, /is a directory; give the path of a Dockerfile/);
  });

  test('an unreadable file (chmod 000; run as nobody when the tests run as root, who can read anything)', () => {
    const path = file('unreadable.Dockerfile', 'FROM debian\n');
    chmodSync(path, 0o000);
    chmodSync(dir, 0o755);
    const asRoot = process.getuid?.() === 0;
    const r = asRoot ? runCli(bundle, ['scan', '--dockerfile', path], { uid: 65534, gid: 65534 }) : scan(path);
    expectInputError(r, path, /cannot read \(EACCES\)/);
  });

  test('a named pipe is refused instead of waiting forever for a writer', () => {
    const path = join(dir, 'fifo');
    const made = spawnSync('mkfifo', [path]);
    if (made.status !== 0) throw new Error(`mkfifo failed: ${made.stderr}`);
    const r = scan(path);
    expectInputError(r, path, /is not a regular file/);
  });

  test('an empty file, and one with only blank lines', () => {
    const empty = file('empty.Dockerfile', '');
    expectInputError(scan(empty), empty, /is empty; a Dockerfile needs at least a FROM line/);
    const blank = file('blank.Dockerfile', '\n  \n\t\n');
    expectInputError(scan(blank), blank, /is empty; a Dockerfile needs at least a FROM line/);
  });

  test('a binary file', () => {
    const path = file('binary.Dockerfile', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00]));
    expectInputError(scan(path), path, /is a binary file \(it contains NUL bytes\), not a Dockerfile/);
  });

  test('a file over 10 MiB is refused before it is read', () => {
    const path = join(dir, 'huge.Dockerfile');
    closeSync(openSync(path, 'w'));
    truncateSync(path, 10 * 1024 * 1024 + 1);
    expectInputError(scan(path), path, /10485761 bytes is larger than the 10 MiB a Dockerfile may be/);
  });
});

describe('files that are not (valid) Dockerfiles', () => {
  test('a README', () => {
    const path = file('README.md', '# My project\n\nIt builds things.\n\n## Usage\n\nRun it.\n');
    expectParseError(scan(path), path, 3, /no FROM instruction: this is not a Dockerfile \(line 3: unknown instruction "It"\)/);
  });

  test('a JSON file', () => {
    const path = file('package.json', '{\n  "name": "x",\n  "version": "1.0.0"\n}\n');
    expectParseError(scan(path), path, 1, /no FROM instruction: this is not a Dockerfile/);
  });

  test('an unknown instruction', () => {
    const path = file('unknown.Dockerfile', 'FROM debian:12\nUSER app\nRUNN echo hi\n');
    expectParseError(scan(path), path, 3, /unknown instruction "RUNN"/);
  });

  test('a bad escape directive', () => {
    const path = file('escape.Dockerfile', '# escape=x\nFROM debian:12\nUSER app\n');
    expectParseError(scan(path), path, 1, /invalid escape directive "x": it must be \\ or `/);
  });

  test('an unterminated heredoc', () => {
    const path = file('heredoc.Dockerfile', 'FROM debian:12\nUSER app\nRUN <<EOF\necho hi\n');
    expectParseError(scan(path), path, 3, /unterminated heredoc <<EOF: no line "EOF" closes it/);
  });

  test('a RUN body that is not valid shell', () => {
    const path = file('shell.Dockerfile', 'FROM debian:12\nUSER app\nRUN echo "unterminated\n');
    expectParseError(scan(path), path, 3, /RUN body is not valid shell: reached EOF without closing quote "/);
  });
});

describe('large and deep input finishes, with findings where they belong', () => {
  test('10,000 continuation lines', () => {
    const lines = ['FROM debian:12', 'USER app', 'RUN true \\', ...Array.from({ length: 10_000 }, (_, i) => `  && echo ${i} \\`), '  && sudo true'];
    const path = file('deep.Dockerfile', lines.join('\n') + '\n');
    const r = scan(path, '--format', 'json', '--fail-on', 'never');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.findings.find((f: { ruleId: string }) => f.ruleId === 'dockerfile/parse-error')).toBeUndefined();
    expect(r.ms).toBeLessThan(30_000);
  });

  test('a 1 MB single line', () => {
    const path = file('long.Dockerfile', `FROM debian:12\nUSER app\nRUN echo ${'a'.repeat(1024 * 1024)}\n`);
    const r = scan(path, '--fail-on', 'never');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.ms).toBeLessThan(30_000);
  });

  test('a 1 MB line of shell punctuation', () => {
    const path = file('punct.Dockerfile', `FROM debian:12\nUSER app\nRUN ${'"$(\'`{['.repeat(150_000)}\n`);
    const r = scan(path, '--fail-on', 'never');
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect([0, 1]).toContain(r.status);
    expect(r.ms).toBeLessThan(30_000);
  });
});

describe('usage errors exit 2 and say what is allowed', () => {
  const path = () => file('ok.Dockerfile', 'FROM debian:12\nUSER app\n');

  test('an unknown flag', () => {
    const r = runCli(bundle, ['scan', '--dockerfile', path(), '--nope']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^cis-docker-gate: Unknown option '--nope'/);
    expect(r.stderr).toContain('Usage: cis-docker-gate scan --dockerfile PATH');
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });

  test('an unknown command, and no command', () => {
    const r = runCli(bundle, ['lint', '--dockerfile', path()]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^cis-docker-gate: unknown command "lint"/);
    const none = runCli(bundle, []);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/^cis-docker-gate: a command is needed/);
  });

  test('--fail-on urgent lists the allowed values', () => {
    const r = runCli(bundle, ['scan', '--dockerfile', path(), '--fail-on', 'urgent']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('cis-docker-gate: --fail-on: "urgent" is not one of critical, high, medium, low, info, never');
  });

  test('a bad --format, --profile or --build-arg', () => {
    expect(runCli(bundle, ['scan', '--dockerfile', path(), '--format', 'xml']).stderr).toMatch(/--format: "xml" is not one of text, json/);
    expect(runCli(bundle, ['scan', '--dockerfile', path(), '--profile', 'strict']).stderr).toMatch(
      /--profile: "strict" is not one of cis-level-1, cis-level-2, all/,
    );
    const r = runCli(bundle, ['scan', '--dockerfile', path(), '--build-arg', '1BAD=x']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--build-arg: "1BAD=x" is not NAME=VALUE/);
  });

  test('something to scan is required', () => {
    const r = runCli(bundle, ['scan']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^cis-docker-gate: --dockerfile .*is required/);
  });

  test('an unknown --target names the stages there are', () => {
    const multi = file('multi.Dockerfile', 'FROM golang AS build\nFROM debian:12 AS runtime\nUSER app\n');
    const r = runCli(bundle, ['scan', '--dockerfile', multi, '--target', 'prod']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe(`cis-docker-gate: ${multi}: target stage "prod" not found; stages are: build, runtime`);
  });

  test('--version and --help answer and exit 0', () => {
    const v = runCli(bundle, ['--version']);
    expect(v.status).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const h = runCli(bundle, ['--help']);
    expect(h.status).toBe(0);
    expect(h.stdout).toContain('Exit codes: 0 passed, 1 gate failed, 2 usage or input error, 3 engine or internal error.');
  });
});
