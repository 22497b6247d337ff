/**
 * Secret detection shared by every target: Dockerfile instructions, image config (Env, Labels), history
 * lines and files found in image layers. Pure functions over strings; nothing here does I/O.
 *
 * - sensitiveName: a variable, label or flag name that holds a secret by convention.
 * - secretValue:   a value that is shaped like a secret (known token formats, private keys, credentials in
 *                  URLs, JWTs, and high-entropy strings).
 * - credentialFile: a path whose name says it holds credentials (SSH keys, .npmrc, .aws/credentials, ...).
 * - redact:        the only form in which a found value may be shown.
 *
 * Decisions (each covered by tests on both sides):
 * - Names are split into words (`_`, `-`, `.`, camelCase) and judged on their LAST words, so
 *   `DB_PASSWORD` is sensitive while `DB_PASSWORD_FILE`, `OAUTH_TOKEN_URL` and `AWS_ACCESS_KEY_ID` are not:
 *   a `_FILE`/`_PATH` names a file, a `_URL` an endpoint, a `_KEY_ID` an identifier. Their VALUES are still
 *   checked by secretValue (an `AKIA…` value is reported whatever its name).
 * - A bare `KEY` word is sensitive only after a word that makes it a secret (API, SECRET, PRIVATE, SSH,
 *   SIGNING, ...): `GPG_KEY` (a public fingerprint in many official images) and `CACHE_KEY` are not.
 * - A name with a `PUBLIC` word (`NEXT_PUBLIC_API_KEY`) is published on purpose and is not sensitive.
 * - High entropy: one token (no whitespace) of 20+ characters from the base64/base64url alphabet, mixing
 *   upper case, lower case and digits, that changes case or class often (words such as
 *   `HelloWorldApplication2` do not), and whose Shannon entropy is at least 3.5 bits per character (and
 *   close to the maximum its length allows). Not high-entropy: hex strings of any length (sha256 digests,
 *   git commits, GPG fingerprints), UUIDs, versions and dotted names (a `.` is outside the alphabet),
 *   `sha256:`/`sha512-` digests and SRI hashes, and paths and words (`/usr/local/bin`,
 *   `Org-Project_Build-2024`: long runs of one case). A hex or UUID secret is still found through its name.
 * - Placeholders are not values: `***`, `xxx`, `<token>`, `{{ token }}`, `REDACTED`, `changeme`; nor are the
 *   AWS documentation keys (`AKIAIOSFODNN7EXAMPLE`).
 */

export type SecretKind =
  | 'private-key'
  | 'aws-access-key-id'
  | 'github-token'
  | 'gitlab-token'
  | 'slack-token'
  | 'slack-webhook'
  | 'npm-token'
  | 'pypi-token'
  | 'docker-hub-token'
  | 'google-api-key'
  | 'stripe-key'
  | 'openai-key'
  | 'anthropic-key'
  | 'huggingface-token'
  | 'url-credentials'
  | 'jwt'
  | 'high-entropy';

interface TokenPattern {
  kind: SecretKind;
  /** What it is, for messages: "a GitHub token". */
  what: string;
  pattern: RegExp;
}

/** Well-known token shapes. Unanchored: they are found inside longer values ("Bearer ghp_…", a URL). */
export const TOKEN_PATTERNS: readonly TokenPattern[] = [
  { kind: 'private-key', what: 'a private key', pattern: /-----BEGIN[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/ },
  { kind: 'aws-access-key-id', what: 'an AWS access key id', pattern: /(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/ },
  { kind: 'github-token', what: 'a GitHub token', pattern: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{50,})/ },
  { kind: 'gitlab-token', what: 'a GitLab token', pattern: /(?<![A-Za-z0-9_])glpat-[A-Za-z0-9_-]{20,}/ },
  { kind: 'slack-token', what: 'a Slack token', pattern: /(?<![A-Za-z0-9])xox[abposr]-[A-Za-z0-9-]{10,}/ },
  { kind: 'slack-webhook', what: 'a Slack webhook URL', pattern: /https:\/\/hooks\.slack\.com\/services\/T[A-Za-z0-9]+\/B[A-Za-z0-9]+\/[A-Za-z0-9]{16,}/ },
  { kind: 'npm-token', what: 'an npm token', pattern: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/ },
  { kind: 'pypi-token', what: 'a PyPI token', pattern: /(?<![A-Za-z0-9_])pypi-AgE[A-Za-z0-9_-]{50,}/ },
  { kind: 'docker-hub-token', what: 'a Docker Hub access token', pattern: /(?<![A-Za-z0-9_])dckr_pat_[A-Za-z0-9_-]{20,}/ },
  { kind: 'google-api-key', what: 'a Google API key', pattern: /(?<![A-Za-z0-9_])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/ },
  { kind: 'stripe-key', what: 'a Stripe secret key', pattern: /(?<![A-Za-z0-9_])(?:sk|rk)_live_[0-9A-Za-z]{20,}/ },
  { kind: 'anthropic-key', what: 'an Anthropic API key', pattern: /(?<![A-Za-z0-9_])sk-ant-[A-Za-z0-9_-]{20,}/ },
  { kind: 'openai-key', what: 'an OpenAI API key', pattern: /(?<![A-Za-z0-9_-])sk-(?:proj-[A-Za-z0-9_-]{20,}|[A-Za-z0-9]{48}(?![A-Za-z0-9]))/ },
  { kind: 'huggingface-token', what: 'a Hugging Face token', pattern: /(?<![A-Za-z0-9_])hf_[A-Za-z]{34}(?![A-Za-z0-9])/ },
  { kind: 'jwt', what: 'a JSON Web Token', pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/ },
];

const WHAT: Record<SecretKind, string> = {
  ...(Object.fromEntries(TOKEN_PATTERNS.map((p) => [p.kind, p.what])) as Record<SecretKind, string>),
  'url-credentials': 'a URL with a password',
  'high-entropy': 'a high-entropy string',
};

/** "a GitHub token", for messages. */
export function describeSecret(kind: SecretKind): string {
  return WHAT[kind];
}

/** Documentation placeholders that have the shape of a secret but are published everywhere. */
const DOC_EXAMPLES = /EXAMPLE(?:KEY)?$|^AKIAIOSFODNN7EXAMPLE$/;

/** `scheme://user:password@host`: the password group, when it is written literally. */
const URL_CREDENTIALS = /\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/]*:([^\s@/]+)@[^\s@]/gi;

function urlCredentials(value: string): boolean {
  for (const m of value.matchAll(URL_CREDENTIALS)) {
    const password = m[1];
    if (isLiteral(password) && !isMask(password)) return true;
  }
  return false;
}

/** A value that is written out, not taken from a variable or a command at build time. */
export function isLiteral(value: string): boolean {
  return value !== '' && !value.includes('$') && !value.includes('`');
}

/** `****`, `xxxx`, `<token>`, `...`: a stand-in, not a value. */
export function isMask(value: string): boolean {
  return /^(?:[*xX.•…]+|<[^<>]*>|\{\{[^{}]*\}\}|REDACTED|CHANGEME|changeme)$/.test(value);
}

export interface SecretValueOptions {
  /** Also report high-entropy strings (default true). Turn off for free text such as RUN arguments. */
  entropy?: boolean;
}

/** Something every token pattern and URL credential contains: most values are ruled out by this one test. */
const TOKEN_HINT = /AKIA|ASIA|gh[pousr]_|github_pat_|glpat-|xox|hooks\.slack|npm_|pypi-|dckr_pat_|AIza|_live_|sk-|hf_|eyJ|-----BEGIN|:\/\/[^\s@/]*:[^\s@/]*@/;

/** The kind of secret `value` looks like, or undefined. */
export function secretValue(value: string, options: SecretValueOptions = {}): SecretKind | undefined {
  if (!value || value.length < 15) return undefined;
  if (TOKEN_HINT.test(value)) return tokenKind(value) ?? entropyKind(value, options);
  return entropyKind(value, options);
}

function entropyKind(value: string, options: SecretValueOptions): SecretKind | undefined {
  if (options.entropy === false || value.length < ENTROPY_MIN_LENGTH) return undefined;
  return value.split(/\s+/).some(highEntropyToken) ? 'high-entropy' : undefined;
}

function tokenKind(value: string): SecretKind | undefined {
  for (const p of TOKEN_PATTERNS) {
    const m = p.pattern.exec(value);
    if (m && !DOC_EXAMPLES.test(m[0])) return p.kind;
  }
  if (urlCredentials(value)) return 'url-credentials';
  return undefined;
}

/** Bits per character. */
export function shannonEntropy(s: string): number {
  if (!s) return 0;
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  const n = [...s].length;
  for (const k of counts.values()) {
    const p = k / n;
    h -= p * Math.log2(p);
  }
  return h;
}

export const ENTROPY_MIN_LENGTH = 20;
export const ENTROPY_THRESHOLD = 3.5;
/** Average run of one character class from which a token reads as words rather than random. */
const WORD_RUN_LENGTH = 3.3;

const HEX = /^[0-9a-fA-F]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DIGEST = /^(?:sha(?:1|224|256|384|512)|md5)[-:]/i;

/** One whitespace-free token that looks random enough to be a key. See the module comment. */
export function highEntropyToken(token: string): boolean {
  const t = token.replace(/^["']|["']$/g, '');
  if (t.length < ENTROPY_MIN_LENGTH || t.length > 1024) return false;
  if (!/^[A-Za-z0-9+/=_-]+$/.test(t)) return false;
  if (HEX.test(t.replace(/[-_]/g, '')) || UUID.test(t) || DIGEST.test(t)) return false;
  if (!/[a-z]/.test(t) || !/[A-Z]/.test(t) || !/[0-9]/.test(t)) return false;
  // Words (`HelloWorldApplication2`, `Org-Project_Build-2024`) have long runs of one letter case; random
  // strings change case or class every two characters or so (p99 under 3 for 20-32 random base62 chars).
  const runs = t.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+/g) ?? [];
  if (t.replace(/[^A-Za-z0-9]/g, '').length / Math.max(1, runs.length) >= WORD_RUN_LENGTH) return false;
  const h = shannonEntropy(t);
  // A random string of length n cannot have more than log2(n) bits per character: ask for most of it.
  return h >= ENTROPY_THRESHOLD && h >= 0.8 * Math.log2(Math.min(t.length, 64));
}

export interface TextSecret {
  kind: SecretKind;
  /** 1-based line in the text. */
  line: number;
}

/** Secrets of a known shape in a text (a heredoc, a file): token patterns and URL credentials, no entropy. */
export function scanText(text: string): TextSecret[] {
  const out: TextSecret[] = [];
  text.split('\n').forEach((l, i) => {
    const kind = secretValue(l, { entropy: false });
    if (kind) out.push({ kind, line: i + 1 });
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Names

/** Split a name into upper-case words: `dbPassword` / `db-password` / `com.x.db_password` -> [..., DB, PASSWORD]. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
}

/** Last words that make a name sensitive on their own. */
const SECRET_WORDS = new Set([
  'PASSWORD', 'PASSWD', 'PASS', 'PWD', 'PASSPHRASE', 'PGPASSWORD',
  'SECRET', 'SECRETKEY', 'CLIENTSECRET',
  'TOKEN', 'AUTHTOKEN', 'ACCESSTOKEN', 'APITOKEN',
  'APIKEY', 'AUTHORIZATION',
]);
/** Words that make a following `KEY` a secret: `API_KEY`, `SSH_KEY`; but not `GPG_KEY`, `CACHE_KEY`. */
const KEY_QUALIFIERS = new Set([
  'SECRET', 'API', 'PRIVATE', 'ENCRYPTION', 'ENC', 'SIGNING', 'MASTER', 'SSH', 'HMAC', 'JWT', 'AUTH',
  'SESSION', 'DEPLOY', 'LICENSE', 'CRYPT', 'CIPHER', 'ACCOUNT', 'SERVICE', 'ADMIN',
]);
/** Whole names that hold secrets although their last words do not say so. */
const SECRET_NAMES = new Set(['APP_KEY', 'SECRET_KEY_BASE', 'DOCKER_AUTH_CONFIG', 'COMPOSER_AUTH', 'NPM_CONFIG__AUTH', '_AUTH', 'CONNECTION_STRING']);
/** Names that look sensitive and are not: the shell's working directory. */
const NOT_SECRET_NAMES = new Set(['PWD', 'OLDPWD']);

/** Every sensitive name contains one of these (case-insensitively): the rest are ruled out by one test. */
const NAME_HINT = /pass|pwd|secret|token|key|auth|connection/i;
const nameCache = new Map<string, boolean>();

/** Does the name of a variable, label, header or flag say it holds a secret? See the module comment. */
export function sensitiveName(name: string): boolean {
  if (!NAME_HINT.test(name)) return false;
  let hit = nameCache.get(name);
  if (hit === undefined) {
    if (nameCache.size > 10_000) nameCache.clear();
    hit = judgeName(name);
    nameCache.set(name, hit);
  }
  return hit;
}

function judgeName(name: string): boolean {
  const raw = name.trim().replace(/^-+/, '');
  const upper = raw.toUpperCase();
  if (NOT_SECRET_NAMES.has(upper)) return false;
  if (/(?:^|_)_AUTH$/i.test(raw)) return true; // npm's `_auth` setting (base64 user:password)
  const words = nameWords(raw);
  if (!words.length || words.includes('PUBLIC')) return false;
  const joined = words.join('_');
  for (const s of SECRET_NAMES) if (joined === s || joined.endsWith('_' + s)) return true;
  const last = words[words.length - 1];
  if (SECRET_WORDS.has(last)) return true;
  if (last === 'KEY' && words.length > 1 && KEY_QUALIFIERS.has(words[words.length - 2])) return true;
  // `AWS_SECRET_ACCESS_KEY`, `GPG_PRIVATE_SIGNING_KEY`: a secret or private key with more words in between.
  if (last === 'KEY' && words.slice(0, -1).some((w) => w === 'SECRET' || w === 'PRIVATE')) return true;
  if (last === 'STRING' && words[words.length - 2] === 'CONNECTION') return true;
  return false;
}

// ---------------------------------------------------------------------------------------------------------
// Redaction

/**
 * The only form in which a found value is shown. Private keys show their header; values of 20 characters or
 * more show their first 4 (which for a token is its public prefix: `ghp_`, `AKIA`); shorter values show
 * nothing but their length.
 */
export function redact(value: string): string {
  const n = [...value].length;
  if (n === 0) return '(empty)';
  const header = /-----BEGIN[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/.exec(value);
  if (header) return `${header[0]}…(${n} chars)`;
  if (n < 20) return `****(${n} chars)`;
  return `${[...value].slice(0, 4).join('')}…(${n} chars)`;
}

// ---------------------------------------------------------------------------------------------------------
// Credential files

export interface CredentialFile {
  kind: string;
  /** What it is, for messages: "an SSH private key". */
  what: string;
  /** The name alone does not settle it (`server.pem` may be a certificate): look at the content when there is one. */
  ambiguous?: boolean;
}

interface CredentialRule extends CredentialFile {
  /** Matched against the file's basename, case-insensitively. */
  name?: RegExp;
  /** Matched against the end of the normalized path (`a/b/.aws/credentials`). */
  tail?: RegExp;
  /** Names that match `name` but are not credentials (templates, certificates). */
  except?: RegExp;
}

/** One table: what counts as a credential file, by name or path. */
export const CREDENTIAL_FILES: readonly CredentialRule[] = [
  { kind: 'ssh-private-key', what: 'an SSH private key', name: /^id_(?:rsa|dsa|ecdsa|ed25519)(?:_sk)?$/i },
  { kind: 'ssh-directory', what: 'an SSH directory (private keys, known hosts)', tail: /(?:^|\/)\.ssh$/i },
  {
    kind: 'private-key',
    what: 'a private key',
    name: /\.(?:key|ppk)$/i,
    // `docker.gpg.key`, `repo-archive-keyring.key`: public signing keys for package repositories.
    except: /^(?!.*(?:priv|secret)).*(?:^|[-_.])(?:pub|public|gpg|pgp|asc|archive|keyring|release)(?:[-_.]|$)/i,
  },
  {
    kind: 'private-key',
    what: 'a PEM file that may hold a private key',
    ambiguous: true,
    name: /\.pem$/i,
    // Certificates and CA bundles are public, unless the name also says key.
    except: /^(?!.*(?:key|priv|secret)).*(?:^|[-_.])(?:ca|cacert|cert|certs|certificate|chain|fullchain|bundle|pub|public|root|intermediate|trust|truststore)(?:[-_.]|$)/i,
  },
  { kind: 'keystore', what: 'a PKCS#12 or Java keystore', name: /\.(?:p12|pfx|keystore)$/i },
  { kind: 'gpg-secret-keyring', what: 'a GnuPG secret keyring', name: /^secring\.gpg$/i },
  { kind: 'gnupg-directory', what: 'a GnuPG home directory', tail: /(?:^|\/)\.gnupg$/i },
  { kind: 'npmrc', what: 'an npm config file (registry tokens)', name: /^\.npmrc$/i },
  { kind: 'pypirc', what: 'a PyPI config file (upload credentials)', name: /^\.pypirc$/i },
  { kind: 'netrc', what: 'a .netrc file (login credentials)', name: /^[._]netrc$/i },
  { kind: 'git-credentials', what: 'a git credential store', name: /^\.git-credentials$/i },
  { kind: 'pgpass', what: 'a PostgreSQL password file', name: /^\.pgpass$/i },
  { kind: 'vault-token', what: 'a Vault token file', name: /^\.vault-token$/i },
  { kind: 'dotenv', what: 'a .env file (environment secrets)', name: /^\.env(?:\..+)?$/i, except: /^\.env\.(?:example|sample|template|dist|defaults)$/i },
  { kind: 'aws-credentials', what: 'an AWS credentials file', tail: /(?:^|\/)\.aws\/(?:credentials|config)$/i },
  { kind: 'aws-directory', what: 'an AWS config directory (credentials)', tail: /(?:^|\/)\.aws$/i },
  { kind: 'docker-config', what: 'a Docker client config (registry auths)', tail: /(?:^|\/)\.docker\/config\.json$/i },
  { kind: 'kube-config', what: 'a kubeconfig (cluster credentials)', tail: /(?:^|\/)\.kube\/config$/i },
  { kind: 'gem-credentials', what: 'a RubyGems credentials file', tail: /(?:^|\/)\.gem\/credentials$/i },
  { kind: 'cargo-credentials', what: 'a Cargo credentials file', tail: /(?:^|\/)\.cargo\/credentials(?:\.toml)?$/i },
  { kind: 'gh-hosts', what: 'a GitHub CLI hosts file (tokens)', tail: /(?:^|\/)\.config\/gh\/hosts\.yml$/i },
  {
    kind: 'cloud-credentials',
    what: 'a cloud credentials file',
    name: /^(?:credentials\.json|application_default_credentials\.json|client_secret.*\.json)$/i,
  },
];

/** Normalized path: forward slashes, no leading `./` or `/`, no trailing `/`. */
function normalizePath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '').replace(/^\/+/, '').replace(/\/+$/, '');
}

/** What credential file `path` is, by its name or the end of its path; undefined when it is not one. */
export function credentialFile(path: string): CredentialFile | undefined {
  const p = normalizePath(path);
  if (!p) return undefined;
  const base = p.slice(p.lastIndexOf('/') + 1);
  for (const rule of CREDENTIAL_FILES) {
    const hit = (rule.name && rule.name.test(base)) || (rule.tail && rule.tail.test(p));
    if (!hit) continue;
    if (rule.except && rule.except.test(base)) continue;
    return { kind: rule.kind, what: rule.what, ...(rule.ambiguous ? { ambiguous: true } : {}) };
  }
  return undefined;
}
