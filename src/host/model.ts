/**
 * The host target's facts and model. HostFacts is what the collector gathers at the edge (and what a rule's
 * `host:` example describes); HostModel is what the pure checks read (built by buildHostModel in build.ts).
 */
import type { Location } from '../types.js';
import type { DaemonSettings } from './settings.js';

/** Where findings about the engine's own answers (`info`, `version`) are located. */
export const ENGINE_FILE = 'docker-engine';
/** Where findings about a flag of the daemon's command line are located (column = the flag in `argv.join(' ')`). */
export const COMMAND_LINE_FILE = 'dockerd-command-line';
export const DEFAULT_DAEMON_JSON = '/etc/docker/daemon.json';
export const DEFAULT_SOCKET = '/var/run/docker.sock';

/** A whole-file (or whole-engine) location: line 1, column 1. */
export function wholeFile(file: string): Location {
  return { file, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
}

/** Owner, mode and type of one path on the engine's machine (paths are as seen on that machine, never the test root). */
export interface FileFact {
  path: string;
  exists: boolean;
  type?: 'file' | 'directory' | 'socket' | 'other';
  uid?: number;
  gid?: number;
  /** Permission bits including setuid/setgid/sticky (mode & 0o7777). */
  mode?: number;
  /** Names from the machine's /etc/passwd and /etc/group, when known. */
  user?: string;
  group?: string;
  /** Why the path could not be examined (EACCES ...). */
  error?: string;
}

/** The facts the collector gathers; also the shape of a rule example's `host:` object (see example.ts). */
export interface HostFacts {
  /** The engine endpoint the gate talks to: `unix:///var/run/docker.sock`, `tcp://10.0.0.5:2376`. */
  endpoint: string;
  /** Whether the gate's connection to the engine uses TLS. */
  tls?: boolean;
  /** The engine's answers; undefined when it did not answer (engineError says why). */
  engine?: {
    info: Record<string, unknown>;
    version: Record<string, unknown>;
    /** `docker network inspect bridge` of the default bridge; null when the daemon has none (`--bridge=none`); undefined when not asked. */
    bridge?: Record<string, unknown> | null;
  };
  engineError?: string;
  /** The daemon process serving the endpoint, when it runs on this machine and could be found. */
  daemon?: { pid?: number; commandLine: string[]; environment?: Record<string, string> };
  /** Why the daemon's command line is not known. */
  daemonUnknown?: string;
  /** The daemon's configuration file: text when read; neither text nor error when it does not exist. */
  daemonJson?: { path?: string; text?: string; error?: string };
  /** Owner/mode facts of the CIS 3.x paths; undefined when the engine's files are not visible from here. */
  files?: FileFact[];
  filesUnavailable?: string;
  /** /etc/group and /etc/passwd of the engine's machine. */
  etcGroup?: string;
  etcPasswd?: string;
}

/** The CIS 3.x files, by what they are. */
export const FILE_ROLES = [
  'docker-service',
  'docker-socket-unit',
  'etc-docker',
  'registry-certs',
  'tls-ca',
  'tls-cert',
  'tls-key',
  'docker-sock',
  'daemon-json',
  'etc-default-docker',
  'sysconfig-docker',
  'containerd-sock',
] as const;
export type FileRole = (typeof FILE_ROLES)[number];

/** The files of one role: the paths looked at and the facts of those that exist. */
export interface RoleFiles {
  /** The paths looked at (for the skip message when none exists). */
  looked: string[];
  /** Facts of the existing ones (for registry-certs: everything under the folder, the folder first). */
  found: FileFact[];
  /** Why this role has no paths to look at (TLS not configured, ...). */
  notApplicable?: string;
}

export interface GroupMember {
  user: string;
  /** How the user is in the group: listed in /etc/group, or it is the user's primary group in /etc/passwd. */
  via: 'member' | 'primary';
  location: Location;
}

export interface EndpointInfo {
  url: string;
  scheme: 'unix' | 'tcp' | 'npipe' | 'ssh' | 'other';
  /** The socket path for unix, host:port for tcp. */
  address: string;
  tls: boolean;
}

export interface HostModel {
  endpoint: EndpointInfo;
  engine?: {
    info: Record<string, unknown>;
    version: Record<string, unknown>;
    bridge?: Record<string, unknown> | null;
  };
  engineUnavailable?: string;
  /** The daemon's start-up settings: command line and daemon.json merged, each value with its location. */
  settings: DaemonSettings;
  /** Files of the engine's machine by role; undefined when not visible (filesUnavailable says why). */
  files?: Record<FileRole, RoleFiles>;
  filesUnavailable?: string;
  /** Who can reach the socket through its group; undefined when /etc/group is not known. */
  socketGroup?: { name: string; gid?: number; members: GroupMember[]; location: Location };
  socketGroupUnknown?: string;
}
