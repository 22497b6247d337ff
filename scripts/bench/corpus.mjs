// A deterministic corpus of realistic Dockerfiles for the benchmark: multi-stage builds, ARGs before FROM,
// continuations with comments, heredocs, apt/apk/yum/dnf installs, pipes, COPY --from, HEALTHCHECK, USER.

/** mulberry32: a small, fast, seeded PRNG (the same seed gives the same corpus on every machine). */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DEBIAN = ['debian:12-slim', 'debian:bookworm', 'ubuntu:22.04', 'ubuntu:latest', 'node:20-bookworm', 'python:3.12-slim', 'golang:1.22', 'ruby:3.3'];
const ALPINE = ['alpine:3.19', 'alpine', 'node:20-alpine', 'python:3.12-alpine', 'nginx:1.25-alpine'];
const RHEL = ['centos:7', 'fedora:39', 'registry.access.redhat.com/ubi8/ubi:8.9', 'rockylinux:9', 'amazonlinux:2023'];
const APT_PKGS = ['curl', 'ca-certificates', 'git', 'build-essential', 'libssl-dev', 'openssh-server', 'vim', 'jq', 'unzip', 'gnupg', 'wget', 'tini', 'netcat-openbsd', 'python3-pip', 'locales', 'tzdata'];
const APK_PKGS = ['curl', 'ca-certificates', 'git', 'bash', 'openssl', 'tini', 'jq', 'su-exec', 'tzdata', 'build-base'];
const RPM_PKGS = ['curl', 'git', 'gcc', 'make', 'openssl-devel', 'which', 'tar', 'gzip', 'shadow-utils', 'procps-ng'];
const DIGEST = 'sha256:36e591f228bb9b99348f584e83f16e012c33ba5cad44ef5981a1d7c0a93eca22';

export function generateDockerfile(rand) {
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const some = (list, min, max) => {
    const n = min + Math.floor(rand() * (max - min + 1));
    const out = new Set();
    while (out.size < Math.min(n, list.length)) out.add(pick(list));
    return [...out];
  };
  const chance = (p) => rand() < p;
  const lines = [];
  const family = pick(['debian', 'debian', 'alpine', 'rhel']);
  const images = family === 'debian' ? DEBIAN : family === 'alpine' ? ALPINE : RHEL;

  if (chance(0.4)) lines.push('# syntax=docker/dockerfile:1');
  if (chance(0.2)) lines.push('# escape=\\');
  lines.push(`# ${pick(['Build the service', 'Generated for the benchmark', 'API image', 'Worker image'])}`);
  const globalArg = chance(0.35);
  if (globalArg) {
    lines.push(`ARG BASE_IMAGE=${pick(images)}`);
    lines.push(`ARG VERSION=${1 + Math.floor(rand() * 9)}.${Math.floor(rand() * 20)}.${Math.floor(rand() * 10)}`);
  }
  const stages = 1 + Math.floor(rand() * 3);
  for (let s = 0; s < stages; s++) {
    const final = s === stages - 1;
    const name = final ? (chance(0.5) ? 'runtime' : undefined) : pick(['build', 'builder', 'deps', 'assets']) + (s ? s : '');
    let image = globalArg && chance(0.5) ? '${BASE_IMAGE}' : pick(images);
    if (chance(0.3)) image += `@${DIGEST}`;
    const platform = chance(0.15) ? '--platform=$BUILDPLATFORM ' : '';
    lines.push('');
    lines.push(`FROM ${platform}${image}${name ? ` AS ${name}` : ''}`);
    if (globalArg && chance(0.5)) lines.push('ARG VERSION');
    if (chance(0.5)) lines.push(`ENV LANG=C.UTF-8 \\\n    APP_HOME=/srv/app \\\n    PATH="/srv/app/bin:$PATH"`);
    if (chance(0.3)) lines.push('SHELL ["/bin/bash", "-o", "pipefail", "-c"]');
    lines.push(`WORKDIR ${chance(0.9) ? '/srv/app' : 'app'}`);
    const runs = 1 + Math.floor(rand() * 4);
    for (let r = 0; r < runs; r++) lines.push(run(family, pick, some, chance));
    if (chance(0.5)) lines.push(`COPY ${chance(0.3) ? '--chown=10001:10001 ' : ''}${pick(['.', 'src/', 'package.json package-lock.json', 'requirements.txt', 'go.mod go.sum'])} ${pick(['./', '/srv/app/', '.'])}`);
    if (s > 0 && chance(0.8)) lines.push(`COPY --from=${pick(['build', 'builder', 'deps'])} /out /srv/app`);
    if (chance(0.15)) lines.push(`ADD ${pick(['https://example.com/tool.tar.gz', 'vendor.tar.gz', '--checksum=sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef https://example.com/x'])} /opt/`);
    if (chance(0.3)) lines.push(`LABEL org.opencontainers.image.source="https://example.com/repo" \\\n      org.opencontainers.image.version="$VERSION"`);
    if (final) {
      if (chance(0.6)) lines.push(`EXPOSE ${pick(['8080', '80 443', '3000/tcp', '22', '9090'])}`);
      if (chance(0.5)) lines.push(`HEALTHCHECK --interval=30s --timeout=3s CMD ${pick(['curl -fsS http://localhost:8080/health || exit 1', '["/srv/app/healthcheck"]'])}`);
      if (chance(0.7)) lines.push(`USER ${pick(['10001', 'app', 'node', 'nobody:nogroup', 'root', '${APP_UID:-10001}'])}`);
      lines.push(pick(['CMD ["node", "server.js"]', 'ENTRYPOINT ["/usr/bin/tini", "--"]\nCMD ["/srv/app/bin/server"]', 'CMD python -m app', 'CMD ["./app"]']));
    }
  }
  return lines.join('\n') + '\n';
}

function run(family, pick, some, chance) {
  const kind = pick(['install', 'install', 'install', 'heredoc', 'pipe', 'build', 'user', 'misc']);
  if (kind === 'install') {
    if (family === 'debian') {
      const pkgs = some(APT_PKGS, 2, 7);
      return [
        `RUN ${chance(0.3) ? '--mount=type=cache,target=/var/cache/apt ' : ''}set -eux; \\`,
        '    apt-get update \\',
        ...(chance(0.4) ? ['    # the packages the service needs at run time'] : []),
        `    && apt-get install -y ${chance(0.7) ? '--no-install-recommends ' : ''}\\`,
        ...pkgs.map((p) => `       ${p} \\`),
        chance(0.7) ? '    && rm -rf /var/lib/apt/lists/*' : '    && echo done',
      ].join('\n');
    }
    if (family === 'alpine') {
      return `RUN apk ${chance(0.7) ? 'add --no-cache' : 'add'} ${some(APK_PKGS, 1, 6).join(' ')}${chance(0.3) ? ' \\\n && adduser -D -u 10001 app' : ''}`;
    }
    const mgr = pick(['yum', 'dnf', 'microdnf']);
    return `RUN ${mgr} install -y ${chance(0.2) ? '--nogpgcheck ' : ''}${some(RPM_PKGS, 1, 5).join(' ')} \\\n && ${mgr} clean all${chance(0.5) ? ' \\\n && rm -rf /var/cache/yum' : ''}`;
  }
  if (kind === 'heredoc') {
    const [open, close] = pick([['<<EOF', 'EOF'], ['<<"EOT"', 'EOT'], ['<<-EOF', '\tEOF']]);
    return [
      `RUN ${pick(['', 'bash ', '--mount=type=secret,id=npm_token '])}${open}`,
      'set -eux',
      pick(['npm ci --omit=dev', 'pip install --no-cache-dir -r requirements.txt', 'go build -o /out/app ./cmd/app', 'make -j"$(nproc)" install']),
      'if [ -f /etc/os-release ]; then cat /etc/os-release | head -n 2; fi',
      close,
    ].join('\n');
  }
  if (kind === 'pipe') {
    return pick([
      'RUN curl -fsSL https://deb.nodesource.com/setup_20.x | bash -',
      'RUN wget -qO- https://example.com/key.asc | gpg --dearmor > /usr/share/keyrings/example.gpg',
      'RUN set -o pipefail && curl -fsSL https://example.com/app.tar.gz | tar -xz -C /opt',
      'RUN find / -xdev -perm /6000 -type f -print0 | xargs -0 chmod a-s || true',
      'RUN curl -k https://example.com/install.sh | sh',
    ]);
  }
  if (kind === 'build') {
    return pick([
      'RUN npm ci && npm run build && npm prune --omit=dev',
      'RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/app ./cmd/app',
      'RUN pip install --no-cache-dir -r requirements.txt \\\n && python -m compileall -q /srv/app',
      'RUN ["/bin/sh", "-c", "make && make install"]',
      'RUN cd /srv/app && ./configure --prefix=/usr && make && make install',
    ]);
  }
  if (kind === 'user') {
    return pick([
      'RUN groupadd --gid 10001 app && useradd --uid 10001 --gid app --no-create-home --shell /usr/sbin/nologin app',
      'RUN addgroup -S app && adduser -S -G app -u 10001 app',
      'RUN chmod u+s /usr/local/bin/helper',
      'RUN sudo chown -R app:app /srv/app',
    ]);
  }
  return pick([
    'RUN echo "export PATH=$PATH:/opt/bin" >> /etc/profile && ln -sf /usr/share/zoneinfo/UTC /etc/localtime',
    'RUN for f in /etc/ssl/certs/*.pem; do test -s "$f" || echo "empty $f"; done',
    'RUN git config --global http.sslVerify false && git clone https://example.com/repo.git /src',
    "RUN sed -i 's/^#\\(en_US.UTF-8\\)/\\1/' /etc/locale.gen && locale-gen",
    'RUN mkdir -p /data && chown 10001:10001 /data && chmod 0750 /data',
  ]);
}

/** `count` Dockerfiles from `seed`. */
export function corpus(count = 1000, seed = 20240601) {
  const rand = prng(seed);
  return Array.from({ length: count }, () => generateDockerfile(rand));
}
