/**
 * Fixture images for the runtime integration tests, built without a registry on top of cdg-fixture/busybox:1
 * (scripts/fixtures.sh) with `docker build --network none`, and cached in the engine under a tag that is the
 * hash of their Dockerfile (a changed fixture is rebuilt).
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BASE = ['FROM cdg-fixture/busybox:1', 'RUN ["/bin/busybox", "--install", "-s", "/bin"]'];
const USER = 'RUN echo "app:x:10001:10001::/tmp:/bin/false" >> /etc/passwd && echo "app:x:10001:" >> /etc/group';

export const FIXTURES = {
  /** Runs as root (no USER). */
  root: [...BASE, 'CMD ["sleep", "60"]'],
  /** Runs as a user; also fine read-only (the trial proves it). */
  user: [...BASE, USER, 'USER 10001', 'CMD ["sleep", "60"]'],
  /** A busybox script named sshd, started by the entrypoint. */
  sshd: [...BASE, USER, 'RUN mkdir -p /usr/sbin && printf \'#!/bin/sh\\nwhile true; do sleep 1; done\\n\' > /usr/sbin/sshd && chmod 755 /usr/sbin/sshd', 'USER 10001', 'CMD ["/usr/sbin/sshd"]'],
  /** Exposes 8080, listens on 9090 (and on 127.0.0.1:5432, which does not count). */
  listen: [...BASE, USER, 'USER 10001', 'EXPOSE 8080', 'CMD ["sh", "-c", "httpd -p 9090 && httpd -p 127.0.0.1:5432 && exec sleep 60"]'],
  /** Its healthcheck always fails. */
  unhealthy: [...BASE, USER, 'USER 10001', 'HEALTHCHECK --interval=1s --timeout=2s --retries=2 CMD ["false"]', 'CMD ["sleep", "60"]'],
  /** Its healthcheck passes once a file exists (after about a second); fine read-only. */
  healthy: [...BASE, USER, 'USER 10001', 'HEALTHCHECK --interval=1s --timeout=2s --retries=3 CMD ["test", "-e", "/tmp/ready"]', 'CMD ["sh", "-c", "sleep 1; touch /tmp/ready; exec sleep 60"]'],
  /** Its healthcheck never answers in time (the check itself hangs): the signal test's long run. */
  slow: [...BASE, USER, 'USER 10001', 'HEALTHCHECK --interval=1s --timeout=120s CMD ["sleep", "120"]', 'CMD ["sleep", "120"]'],
  /** Exits at once with a message. */
  exit: [...BASE, 'CMD ["sh", "-c", "echo starting; echo \'fatal: APP_CONFIG is not set\' >&2; exit 3"]'],
  /** Needs a writable root filesystem: exits when it is read-only. */
  writes: [...BASE, USER, 'RUN mkdir /data && chown 10001 /data', 'USER 10001', 'CMD ["sh", "-c", "echo state > /data/state && exec sleep 60"]'],
  /** Ignores SIGTERM (a container that hangs on stop). */
  stubborn: [...BASE, USER, 'USER 10001', 'STOPSIGNAL SIGTERM', 'CMD ["sh", "-c", "trap \'\' TERM INT; while true; do sleep 1; done"]'],
  /** No shell, no cat: one static binary (busybox, named after the one applet it runs). */
  noshell: ['FROM scratch', 'COPY busybox /sleep', 'USER 10001', 'ENTRYPOINT ["/sleep", "60"]'],
} as const;

export type Fixture = keyof typeof FIXTURES;

export function fixtureTag(name: Fixture): string {
  const hash = createHash('sha256').update(FIXTURES[name].join('\n')).digest('hex').slice(0, 12);
  return `cdg-rt/${name}:${hash}`;
}

function present(tag: string): boolean {
  try {
    execFileSync('docker', ['image', 'inspect', tag], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Builds the fixtures that are not in the engine yet; returns name -> tag. */
export function ensureFixtures(names: Fixture[] = Object.keys(FIXTURES) as Fixture[]): Record<Fixture, string> {
  const tags = {} as Record<Fixture, string>;
  for (const name of names) {
    const tag = fixtureTag(name);
    tags[name] = tag;
    if (present(tag)) continue;
    const dir = mkdtempSync(join(tmpdir(), `cdg-rt-${name}-`));
    try {
      writeFileSync(join(dir, 'Dockerfile'), FIXTURES[name].join('\n') + '\n');
      if (name === 'noshell') copyFileSync(execFileSync('bash', ['-c', 'command -v busybox'], { encoding: 'utf8' }).trim(), join(dir, 'busybox'));
      try {
        execFileSync('docker', ['build', '-q', '--force-rm', '--network', 'none', '-t', tag, dir], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, DOCKER_BUILDKIT: '0' } });
      } catch (e) {
        throw new Error(`building the fixture ${tag} failed:\n${String((e as { stderr?: Buffer }).stderr ?? e)}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return tags;
}
