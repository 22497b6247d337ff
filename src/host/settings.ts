/**
 * The daemon's start-up settings: its command line and daemon.json merged into one view, each value with the
 * place it was set (a daemon.json line or a command-line column). dockerd refuses to start when a setting is
 * given both as a flag and in the file, so the two sources never disagree on a running daemon.
 */
import type { Location } from '../types.js';
import { parseCommandLine } from './command-line.js';
import { parseDaemonJson } from './daemon-json.js';
import { DEFAULT_DAEMON_JSON, wholeFile } from './model.js';

export interface SettingEntry {
  value: unknown;
  source: 'flag' | 'file';
  location: Location;
  /** How it was written, for messages (`--icc=false`, `"icc": false`). */
  text: string;
}

export type ConfigState = 'parsed' | 'missing' | 'invalid' | 'unreadable' | 'unknown';

/** Flags whose daemon.json key differs (lists take the plural). */
const FLAG_TO_KEY: Record<string, string> = {
  host: 'hosts',
  'insecure-registry': 'insecure-registries',
  'storage-opt': 'storage-opts',
  'default-ulimit': 'default-ulimits',
  'authorization-plugin': 'authorization-plugins',
  'log-opt': 'log-opts',
  'registry-mirror': 'registry-mirrors',
  label: 'labels',
  'exec-opt': 'exec-opts',
  dns: 'dns',
};

export interface SettingsInput {
  /** argv of the daemon; undefined when it is not visible. */
  commandLine?: string[];
  commandLineUnknown?: string;
  environment?: Record<string, string>;
  /** daemon.json: text when read, error when unreadable, neither when it does not exist; undefined when not visible. */
  config?: { path?: string; text?: string; error?: string };
  configUnknown?: string;
}

export class DaemonSettings {
  readonly commandLine?: string[];
  readonly commandLineUnknown?: string;
  readonly environment?: Record<string, string>;
  readonly configPath: string;
  readonly configState: ConfigState;
  readonly configReason?: string;
  readonly configErrors: { message: string; location: Location }[] = [];
  private readonly byKey = new Map<string, SettingEntry[]>();

  constructor(input: SettingsInput) {
    this.commandLine = input.commandLine;
    this.commandLineUnknown = input.commandLineUnknown;
    this.environment = input.environment;
    const flags = input.commandLine ? parseCommandLine(input.commandLine) : [];
    for (const f of flags) {
      const key = FLAG_TO_KEY[f.name] ?? f.name;
      this.add(key, { value: f.value, source: 'flag', location: f.location, text: f.text });
    }
    const configFlag = flags.find((f) => f.name === 'config-file');
    this.configPath = input.config?.path ?? (typeof configFlag?.value === 'string' && configFlag.value ? configFlag.value : DEFAULT_DAEMON_JSON);
    if (!input.config) {
      this.configState = 'unknown';
      this.configReason = input.configUnknown ?? `${this.configPath} is not visible from here`;
    } else if (input.config.error !== undefined) {
      this.configState = 'unreadable';
      this.configReason = `${this.configPath} cannot be read (${input.config.error})`;
    } else if (input.config.text === undefined) {
      this.configState = 'missing';
    } else {
      const parsed = parseDaemonJson(input.config.text, this.configPath);
      if (parsed.errors.length) {
        this.configState = 'invalid';
        this.configReason = `${this.configPath} is not valid JSON`;
        this.configErrors = parsed.errors;
      } else {
        this.configState = 'parsed';
        for (const [key, entry] of parsed.keys) {
          const show = (v: unknown) => `"${key}": ${JSON.stringify(v)}`;
          if (entry.elements && (Array.isArray(entry.value) || key === 'default-ulimits')) {
            for (const el of entry.elements) this.add(key, { value: el.value, source: 'file', location: el.location, text: `${show(el.value)}` });
            if (!entry.elements.length) this.add(key, { value: undefined, source: 'file', location: entry.location, text: show(entry.value) });
          } else {
            this.add(key, { value: entry.value, source: 'file', location: entry.location, text: show(entry.value) });
          }
        }
      }
    }
  }

  private add(key: string, e: SettingEntry): void {
    const list = this.byKey.get(key) ?? [];
    list.push(e);
    this.byKey.set(key, list);
  }

  /** Every occurrence of a setting (one per list element), flags first. An empty list in the file gives one entry with value undefined. */
  entries(key: string): SettingEntry[] {
    return (this.byKey.get(key) ?? []).filter((e) => e.value !== undefined);
  }

  /** Every place a setting was written, including an empty list. */
  occurrences(key: string): SettingEntry[] {
    return this.byKey.get(key) ?? [];
  }

  first(key: string): SettingEntry | undefined {
    return this.entries(key)[0];
  }

  /** True when both the command line and daemon.json are known: an absent setting then has dockerd's default. */
  get complete(): boolean {
    return this.commandLine !== undefined && (this.configState === 'parsed' || this.configState === 'missing');
  }

  /** Why an absent setting cannot be taken as dockerd's default. */
  get incompleteReason(): string {
    const parts: string[] = [];
    if (this.commandLine === undefined) parts.push(`the daemon's command line is not visible (${this.commandLineUnknown ?? 'no dockerd process found'})`);
    if (this.configState !== 'parsed' && this.configState !== 'missing') parts.push(this.configReason ?? `${this.configPath} is not known`);
    return parts.join('; ');
  }

  /** True when at least one source is known, so a value set there is a fact even if the other is not. */
  get anyKnown(): boolean {
    return this.commandLine !== undefined || this.configState === 'parsed';
  }

  /** Where a missing setting is to be added: the first line of daemon.json. */
  get fixLocation(): Location {
    return wholeFile(this.configPath);
  }

  /**
   * A boolean setting: its value and where it was set, dockerd's default when the sources are complete,
   * or undefined when it cannot be known.
   */
  bool(key: string, dflt: boolean): { value: boolean; entry?: SettingEntry } | undefined {
    const e = this.first(key);
    if (e) return { value: toBool(e.value), entry: e };
    if (this.complete) return { value: dflt };
    return undefined;
  }

  /** A string setting: its value, or '' (unset) when complete, or undefined when it cannot be known. */
  string(key: string): { value: string; entry?: SettingEntry } | undefined {
    const e = this.first(key);
    if (e) return { value: String(e.value), entry: e };
    if (this.complete) return { value: '' };
    return undefined;
  }
}

export function toBool(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  return String(v).trim().toLowerCase() !== 'false' && String(v).trim() !== '0';
}
