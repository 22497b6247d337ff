/**
 * Which paths hold the CIS 3.x files of a daemon (the plan, from its settings), and the pure helpers the file
 * checks share: owner and mode rules, with messages that say what is wrong and what is allowed.
 */
import type { FileFact, FileRole } from './model.js';
import { DEFAULT_SOCKET } from './model.js';
import type { DaemonSettings } from './settings.js';

export interface PlannedRole {
  role: FileRole;
  paths: string[];
  /** A folder whose whole content belongs to the role (registry certificates). */
  walk?: boolean;
  notApplicable?: string;
}

const UNIT_DIRS = ['/etc/systemd/system', '/lib/systemd/system', '/usr/lib/systemd/system'];

function unixPath(host: string): string | undefined {
  if (host.startsWith('unix://')) return host.slice('unix://'.length) || DEFAULT_SOCKET;
  return undefined;
}

/** The daemon's unix sockets: from its `hosts`, else dockerd's default socket; plus the one the gate talks to. */
export function socketPaths(settings: DaemonSettings, endpointSocket?: string): string[] {
  const out = new Set<string>();
  const hosts = settings.entries('hosts').map((e) => String(e.value));
  for (const h of hosts) {
    const p = unixPath(h);
    if (p) out.add(p);
    if (h.startsWith('fd://')) {
      out.add(DEFAULT_SOCKET); // systemd socket activation: docker.socket listens on /run/docker.sock
    }
  }
  if (!hosts.length) out.add(DEFAULT_SOCKET);
  if (endpointSocket) out.add(endpointSocket);
  return [...out];
}

/** The paths to look at for each role. */
export function filePlan(settings: DaemonSettings, endpointSocket?: string): PlannedRole[] {
  const tlsUsed =
    settings.entries('tls').some((e) => String(e.value) !== 'false') ||
    settings.entries('tlsverify').some((e) => String(e.value) !== 'false') ||
    ['tlscacert', 'tlscert', 'tlskey'].some((k) => settings.entries(k).length > 0) ||
    settings.entries('hosts').some((e) => String(e.value).startsWith('tcp://'));
  const tlsRole = (role: FileRole, key: string, file: string): PlannedRole => {
    const set = settings.first(key);
    if (set) return { role, paths: [String(set.value)] };
    if (tlsUsed) return { role, paths: [`/root/.docker/${file}`] }; // dockerd's default for root: ~/.docker/<file>
    if (!settings.complete) return { role, paths: [], notApplicable: `whether the daemon uses TLS is not known: ${settings.incompleteReason}` };
    return { role, paths: [], notApplicable: 'the daemon does not use TLS (no tlscacert, tlscert, tlskey, tls or tlsverify is set)' };
  };
  const execRoot = settings.first('exec-root');
  const containerd = settings.first('containerd');
  const containerdPaths = containerd
    ? [String(containerd.value).replace(/^unix:\/\//, '')]
    : ['/run/containerd/containerd.sock', `${execRoot ? String(execRoot.value) : '/var/run/docker'}/containerd/containerd.sock`];
  return [
    { role: 'docker-service', paths: UNIT_DIRS.map((d) => `${d}/docker.service`) },
    { role: 'docker-socket-unit', paths: UNIT_DIRS.map((d) => `${d}/docker.socket`) },
    { role: 'etc-docker', paths: ['/etc/docker'] },
    { role: 'registry-certs', paths: ['/etc/docker/certs.d'], walk: true },
    tlsRole('tls-ca', 'tlscacert', 'ca.pem'),
    tlsRole('tls-cert', 'tlscert', 'cert.pem'),
    tlsRole('tls-key', 'tlskey', 'key.pem'),
    { role: 'docker-sock', paths: socketPaths(settings, endpointSocket) },
    { role: 'daemon-json', paths: [settings.configPath] },
    { role: 'etc-default-docker', paths: ['/etc/default/docker'] },
    { role: 'sysconfig-docker', paths: ['/etc/sysconfig/docker'] },
    { role: 'containerd-sock', paths: containerdPaths },
  ];
}

/** `0o644` -> `0644`. */
export function octal(mode: number): string {
  return mode.toString(8).padStart(4, '0');
}

const WHO = [
  { bits: 0o700, who: 'owner' },
  { bits: 0o070, who: 'group' },
  { bits: 0o007, who: 'others' },
];

/** Permission bits beyond `max`, in words: `others can write, group can execute`. Empty when within. */
export function excessPermissions(mode: number, max: number): string[] {
  const excess = mode & 0o7777 & ~max;
  const out: string[] = [];
  if (excess & 0o4000) out.push('setuid bit');
  if (excess & 0o2000) out.push('setgid bit');
  if (excess & 0o1000) out.push('sticky bit');
  for (const { bits, who } of WHO) {
    const e = excess & bits;
    if (!e) continue;
    const verbs: string[] = [];
    if (e & 0o444 & bits) verbs.push('read');
    if (e & 0o222 & bits) verbs.push('write');
    if (e & 0o111 & bits) verbs.push('execute');
    out.push(`${who} can ${verbs.join(' and ')}`);
  }
  return out;
}

/** `root:docker (uid 0, gid 106)`. */
export function ownerText(f: FileFact): string {
  const user = f.user ?? String(f.uid);
  const group = f.group ?? String(f.gid);
  return `${user}:${group} (uid ${f.uid}, gid ${f.gid})`;
}

export function isRootOwned(f: FileFact): boolean {
  return f.uid === 0;
}

/** Group is root by id, or one of the allowed names. */
export function groupAllowed(f: FileFact, allowed: string[]): boolean {
  if (f.gid === 0 && allowed.includes('root')) return true;
  return f.group !== undefined && allowed.includes(f.group);
}
