/**
 * Generated Dockerfile-like inputs for the property test and the benchmark: random strings, token soup built from
 * Dockerfile and shell pieces (keywords, flags, quotes, escapes, heredoc markers, `${}`), and line-structured text.
 */
import fc from 'fast-check';

const KEYWORDS = [
  'FROM', 'RUN', 'CMD', 'LABEL', 'MAINTAINER', 'EXPOSE', 'ENV', 'ADD', 'COPY', 'ENTRYPOINT', 'VOLUME', 'USER',
  'WORKDIR', 'ARG', 'ONBUILD', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL', 'from', 'run', 'Run', 'RUNN', 'COPPY', 'ONBUILD RUN',
];

const PIECES = [
  ...KEYWORDS,
  ' ', ' ', '  ', '\t', '\n', '\n', '\r\n', '\r', '\\', '\\\n', '\\ \n', '`', '`\n', '#', '# comment\n', '# escape=`\n',
  '# escape=\\\n', '# escape=x\n', '# syntax=docker/dockerfile:1\n', '# hadolint ignore=DL3002\n',
  '# cis-docker-gate ignore=dockerfile/no-user -- ok\n', '"', "'", '$', '${', '}', '${X:-d}', '${X:+a}', '${X', '$X',
  '${A:-${B}}', '$$', '<<EOF', '<<-EOF', '<<"EOF"', "<<'EOF'", '<<', 'EOF', 'EOF\n', '\tEOF\n', '&&', '||', '|', '|&', ';',
  '&', '(', ')', '{', '}', '[', ']', '["sh", "-c", "echo hi"]', '["', '",', '--platform=', '--platform=linux/amd64',
  '--from=', '--from=build', '--mount=type=secret,id=x', '--mount=type=cache,target=/var/cache/apt', '--chown=1:1',
  '--checksum=sha256:00', '--interval=30s', 'NONE', 'AS', 'as', 'build', 'scratch', 'debian:12', 'alpine:latest',
  'ubuntu', ':latest', '@sha256:abc', 'apt-get', 'apt', 'install', '-y', '--no-install-recommends', 'update', 'apk',
  'add', '--no-cache', 'yum', 'dnf', 'curl', '-k', '--insecure', 'wget', 'https://example.com/x.sh', 'sh', 'bash', '-c',
  '-o', 'pipefail', 'set', 'sudo', 'env', 'xargs', 'chmod', 'u+s', '4755', 'root', '0', '0:0', 'app', '10001', '=',
  'A=1', 'AWS_SECRET_ACCESS_KEY=', 'GITHUB_TOKEN=ghp_', 'AKIAIOSFODNN7EXAMPLE', '-----BEGIN RSA PRIVATE KEY-----',
  'id_rsa', '.npmrc', '.env', 'powershell', '["powershell", "-Command"]', '["/bin/bash", "-c"]', '$(', '$((', '))',
  '`id`', '22', '65536', '-1', '8080/tcp', 'cd', '/tmp', 'rm', '-rf', '/var/lib/apt/lists/*', 'if', 'then', 'fi', 'for',
  'do', 'done', 'case', 'esac', 'function', '!', '>', '>>', '<', '2>&1', '*', '?', '~', '\u0000', 'é', '\u{1F600}',
  '\u2028', '\uFEFF', '\uD800',
];

const piece = fc.constantFrom(...PIECES);

/** A soup of pieces: mostly Dockerfile-ish, often broken. */
export const tokenSoup = fc.array(piece, { maxLength: 80 }).map((p) => p.join(''));

/** Lines that start with an instruction keyword, then pieces: closer to a real Dockerfile. */
export const structured = fc
  .array(
    fc.tuple(fc.constantFrom(...KEYWORDS), fc.array(piece, { maxLength: 12 })).map(([k, rest]) => `${k} ${rest.join('')}`),
    { maxLength: 25 },
  )
  .chain((lines) =>
    fc.constantFrom('', 'FROM debian:12\n', 'ARG BASE=alpine\nFROM ${BASE} AS build\n', '# escape=`\nFROM x\n').map((head) => head + lines.join('\n')),
  );

/** Any text at all. */
export const randomText = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
);

export const dockerfileText = fc.oneof({ arbitrary: structured, weight: 4 }, { arbitrary: tokenSoup, weight: 4 }, { arbitrary: randomText, weight: 2 });
