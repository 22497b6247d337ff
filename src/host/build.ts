/** HostFacts -> HostModel: pure. The collector and the rule examples both go through here. */
import type { Location } from '../types.js';
import { filePlan } from './files.js';
import { FILE_ROLES, type EndpointInfo, type FileRole, type GroupMember, type HostFacts, type HostModel, type RoleFiles } from './model.js';
import { DaemonSettings } from './settings.js';

export function parseEndpoint(url: string, tls = false): EndpointInfo {
  const m = /^([a-z]+):\/\/(.*)$/.exec(url);
  const scheme = m?.[1];
  if (!m) return { url, scheme: 'unix', address: url, tls };
  if (scheme === 'unix' || scheme === 'tcp' || scheme === 'npipe' || scheme === 'ssh') return { url, scheme, address: m[2], tls };
  if (scheme === 'http' || scheme === 'https') return { url, scheme: 'tcp', address: m[2], tls: tls || scheme === 'https' };
  return { url, scheme: 'other', address: m[2], tls };
}

export function settingsFromFacts(facts: HostFacts): DaemonSettings {
  return new DaemonSettings({
    commandLine: facts.daemon?.commandLine,
    commandLineUnknown: facts.daemonUnknown,
    environment: facts.daemon?.environment,
    config: facts.daemonJson,
    configUnknown: facts.filesUnavailable,
  });
}

function lineLocation(file: string, line: number, text: string): Location {
  return { file, startLine: line, startColumn: 1, endLine: line, endColumn: text.length + 1 };
}

function socketGroup(facts: HostFacts, model: HostModel): Pick<HostModel, 'socketGroup' | 'socketGroupUnknown'> {
  if (facts.etcGroup === undefined) return { socketGroupUnknown: facts.filesUnavailable ?? '/etc/group of the engine machine could not be read' };
  const sock = model.files?.['docker-sock'].found.find((f) => f.gid !== undefined);
  const configured = model.settings.first('group');
  const wantName = configured ? String(configured.value) : 'docker';
  const groups = facts.etcGroup.split('\n').map((text, i) => ({ text, line: i + 1, parts: text.split(':') }));
  const entry = groups.find((g) => g.parts.length >= 3 && !g.text.startsWith('#') && (sock ? Number(g.parts[2]) === sock.gid : g.parts[0] === wantName));
  const gid = sock?.gid ?? (entry ? Number(entry.parts[2]) : undefined);
  const name = entry?.parts[0] ?? sock?.group ?? wantName;
  const members: GroupMember[] = [];
  if (entry) {
    for (const user of (entry.parts[3] ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
      members.push({ user, via: 'member', location: lineLocation('/etc/group', entry.line, entry.text) });
    }
  }
  if (gid !== undefined && facts.etcPasswd !== undefined) {
    facts.etcPasswd.split('\n').forEach((text, i) => {
      const p = text.split(':');
      if (p.length >= 4 && !text.startsWith('#') && Number(p[3]) === gid && !members.some((m) => m.user === p[0])) {
        members.push({ user: p[0], via: 'primary', location: lineLocation('/etc/passwd', i + 1, text) });
      }
    });
  }
  return { socketGroup: { name, gid, members, location: entry ? lineLocation('/etc/group', entry.line, entry.text) : { file: '/etc/group', startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 } } };
}

export function buildHostModel(facts: HostFacts): HostModel {
  const endpoint = parseEndpoint(facts.endpoint, facts.tls);
  const settings = settingsFromFacts(facts);
  const model: HostModel = {
    endpoint,
    engine: facts.engine,
    engineUnavailable: facts.engine ? undefined : (facts.engineError ?? 'the engine did not answer'),
    settings,
  };
  if (facts.files) {
    const plan = filePlan(settings, endpoint.scheme === 'unix' ? endpoint.address : undefined);
    const files = {} as Record<FileRole, RoleFiles>;
    for (const role of FILE_ROLES) files[role] = { looked: [], found: [] };
    for (const p of plan) {
      const found = facts.files.filter(
        (f) => f.exists && (p.paths.includes(f.path) || (p.walk && p.paths.some((d) => f.path.startsWith(d.endsWith('/') ? d : d + '/')))),
      );
      files[p.role] = { looked: p.paths, found, notApplicable: p.notApplicable };
    }
    model.files = files;
  } else {
    model.filesUnavailable = facts.filesUnavailable ?? "the engine's files are not visible from here";
  }
  Object.assign(model, socketGroup(facts, model));
  return model;
}
