/**
 * Credential files as the layer walk meets them: which paths are worth reading (by name), and whether the
 * first bytes of a file hold a credential (a private key header anywhere; auth entries in well-known files).
 * Returns a description of what was found, never the value.
 */
import { posix } from 'node:path';
import { credentialFile, isLiteral, isMask, secretValue, sensitiveName, TOKEN_PATTERNS } from '../secrets/detect.js';

/** How many leading bytes of an ordinary small file are looked at for a private key header. */
export const PRIVATE_KEY_HEAD_BYTES = 4096;

const PRIVATE_KEY = TOKEN_PATTERNS.find((p) => p.kind === 'private-key')!.pattern;
/** Kinds whose name alone says enough (binary or encrypted keys). */
const BY_NAME_ALONE = new Set(['ssh-private-key', 'keystore', 'gpg-secret-keyring']);

/** Is this a file whose content decides whether it holds a credential (see src/secrets/detect.ts)? */
export function credentialCandidate(path: string): boolean {
  return credentialFile(path) !== undefined;
}

function nonEmptyAssignments(text: string, sep: RegExp): string[] {
  const names: string[] = [];
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (!t || t.startsWith('#') || t.startsWith(';')) continue;
    const m = sep.exec(t);
    if (!m) continue;
    const value = t.slice(m.index + m[0].length).trim().replace(/^["']|["']$/g, '');
    if (isLiteral(value) && !isMask(value)) names.push(t.slice(0, m.index).trim().replace(/^export\s+/, ''));
  }
  return names;
}

/** What kind of credential the file holds, from its path and first bytes; undefined when none. Never the value. */
export function classifyCredential(path: string, head: Buffer): string | undefined {
  const file = credentialFile(path);
  if (head.includes('PRIVATE KEY')) {
    const key = PRIVATE_KEY.exec(head.toString('latin1'));
    if (key) return `a private key (${key[0].replace(/-/g, '').replace(/^BEGIN ?/, '').trim().toLowerCase()})`;
  }
  if (!file || head.length === 0) return undefined;
  const text = head.toString('latin1');
  if (BY_NAME_ALONE.has(file.kind)) return file.what;
  const base = posix.basename(path);
  switch (file.kind) {
    case 'private-key':
      return undefined; // a .pem or .key without a private key header: a certificate or a public key
    case 'npmrc':
      return nonEmptyAssignments(text, /\s*=\s*/).some((n) => /(_authToken|_auth|_password)$/.test(n)) ? `${file.what}: an auth token` : undefined;
    case 'pypirc':
      return nonEmptyAssignments(text, /\s*[=:]\s*/).some((n) => /^password$/i.test(n)) ? `${file.what}: a password` : undefined;
    case 'netrc':
      return /(^|\s)password\s+\S/.test(text) ? `${file.what}: a password` : undefined;
    case 'git-credentials':
      return /^[a-z][a-z0-9+.-]*:\/\/[^:@\s/]+:[^@\s]+@/im.test(text) ? file.what : undefined;
    case 'pgpass':
      return /^[^#\s][^:\n]*:[^:\n]*:[^:\n]*:[^:\n]*:.+$/m.test(text) ? file.what : undefined;
    case 'aws-credentials':
      return /aws_secret_access_key\s*=\s*\S/i.test(text) ? `${file.what}: a secret access key` : undefined;
    case 'docker-config':
      try {
        const cfg = JSON.parse(head.toString('utf8')) as { auths?: Record<string, { auth?: string; identitytoken?: string; password?: string }> };
        const hosts = Object.entries(cfg.auths ?? {}).filter(([, a]) => a && (a.auth || a.identitytoken || a.password));
        return hosts.length ? `${file.what}: credentials for ${hosts.map(([h]) => h).join(', ')}` : undefined;
      } catch {
        return /"(auth|identitytoken)"\s*:\s*"[^"]+"/.test(text) ? file.what : undefined;
      }
    case 'dotenv': {
      const names = nonEmptyAssignments(text, /\s*=\s*/).filter((n) => sensitiveName(n));
      const shaped = text.split('\n').some((l) => secretValue(l.slice(l.indexOf('=') + 1).trim(), { entropy: false }));
      if (!names.length && !shaped) return undefined;
      return `${file.what}${names.length ? `: ${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''}` : ''}`;
    }
    default:
      return base && text.trim() ? file.what : undefined;
  }
}
