/** The shared secret detectors: both sides of every decision documented in src/secrets/detect.ts. */
import { randomInt } from 'node:crypto';
import {
  CREDENTIAL_FILES,
  credentialFile,
  describeSecret,
  highEntropyToken,
  nameWords,
  redact,
  scanText,
  secretValue,
  sensitiveName,
  shannonEntropy,
  TOKEN_PATTERNS,
} from '../../src/secrets/detect.js';

// Fake values with the right shapes (random, never issued).
const GHP = 'ghp_u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8d';
const NPM = 'npm_KLzdocJ2isAjIhKtJ0RlgLKOmxgJTeKdNnFR';
const AKIA = 'AKIA81U33XTPLPFT75V2';
const B64 = 'Kjp1vRt/1fjORS+6ilI8ihN5KXSc7Tvo+hBKqFYY';

describe('sensitiveName', () => {
  test.each([
    'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'GITHUB_TOKEN', 'GH_TOKEN', 'NPM_TOKEN', 'NPM_AUTH_TOKEN', 'PYPI_TOKEN',
    'DOCKER_PASSWORD', 'POSTGRES_PASSWORD', 'MYSQL_ROOT_PASSWORD', 'REDIS_PASS', 'LDAP_PASSWD', 'MYSQL_PWD', 'PGPASSWORD',
    'JWT_SECRET', 'CLIENT_SECRET', 'SECRET', 'DJANGO_SECRET_KEY', 'OPENAI_API_KEY', 'X_API_KEY', 'APIKEY', 'TOKEN',
    'SSH_PRIVATE_KEY', 'GPG_PRIVATE_SIGNING_KEY', 'RAILS_MASTER_KEY', 'NEW_RELIC_LICENSE_KEY', 'ENCRYPTION_KEY',
    'APP_KEY', 'SECRET_KEY_BASE', 'COMPOSER_AUTH', 'AZURE_STORAGE_CONNECTION_STRING', 'DOCKER_AUTH_CONFIG', 'GPG_PASSPHRASE',
    // other spellings: lower case, camelCase, labels, flags, headers, npm's settings
    'password', 'dbPassword', 'apiKey', 'com.example.deploy-token', '--password', '--api-key', 'Authorization',
    'PRIVATE-TOKEN', '_authToken', '_auth', 'NPM_CONFIG__AUTH',
  ])('%s is sensitive', (name) => expect(sensitiveName(name)).toBe(true));

  test.each([
    // pointers to a secret, identifiers, endpoints
    'DB_PASSWORD_FILE', 'GITHUB_TOKEN_PATH', 'OAUTH_TOKEN_URL', 'TOKEN_ENDPOINT', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_NAME',
    'GOOGLE_APPLICATION_CREDENTIALS', 'AWS_SHARED_CREDENTIALS_FILE', 'VAULT_SECRET_ARN',
    // KEY without a word that makes it secret
    'GPG_KEY', 'GPG_KEYS', 'CACHE_KEY', 'SORT_KEY', 'PRIMARY_KEY', 'REDIS_KEY_PREFIX', 'MINIO_ACCESS_KEY',
    // settings about secrets, published values, the shell's directory, ordinary names
    'PASSWORD_MIN_LENGTH', 'TOKEN_TTL', 'SECRET_KEY_BASE_DUMMY', 'NEXT_PUBLIC_MAPS_API_KEY', 'PUBLIC_KEY', 'PWD', 'OLDPWD',
    'BYPASS', 'PATH', 'HOME', 'LANG', 'NODE_ENV', 'AUTH_METHOD', 'ENABLE_AUTH', '--password-stdin', 'KEYBOARD_LAYOUT',
    'MONKEY', 'TOKENIZER_MODEL',
  ])('%s is not sensitive', (name) => expect(sensitiveName(name)).toBe(false));

  test('names are split into words the same way whatever the spelling', () => {
    expect(nameWords('dbPassword')).toEqual(['DB', 'PASSWORD']);
    expect(nameWords('com.example.db-password')).toEqual(['COM', 'EXAMPLE', 'DB', 'PASSWORD']);
    expect(nameWords('AWS_SECRET_ACCESS_KEY')).toEqual(['AWS', 'SECRET', 'ACCESS', 'KEY']);
  });
});

describe('secretValue', () => {
  test.each([
    [GHP, 'github-token'],
    ['gho_' + GHP.slice(4), 'github-token'],
    ['github_pat_11ABCDEFG0abcdefghijkl_mnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 'github-token'],
    [AKIA, 'aws-access-key-id'],
    ['ASIA81U33XTPLPFT75V2', 'aws-access-key-id'],
    [NPM, 'npm-token'],
    ['xoxb-123456789012-abcdefGHIJKL', 'slack-token'],
    ['https://hooks.slack.com/services/T0ABCDEF/B0ABCDEF/abcdefghijklmnopqrstuvwx', 'slack-webhook'],
    ['glpat-abcdefghij0123456789', 'gitlab-token'],
    ['AIzaSyA1234567890abcdefghijklmnopqrstuv', 'google-api-key'],
    ['sk_live_abcdefghijklmnopqrstuvwx', 'stripe-key'],
    ['dckr_pat_abcdefghijklmnopqrstuvwx', 'docker-hub-token'],
    ['pypi-AgEIcHlwaS5vcmcCJGE0ZjYxYjQ5LTI5ZDktNDEzNC04ZWRjLWQ4NzM0ZTIwYjhiZQACKlszLCJhYmMiXQ', 'pypi-token'],
    ['sk-proj-abcdefghijklmnopqrstuvwxyz0123', 'openai-key'],
    ['sk-ant-api03-abcdefghijklmnopqrstuvwxyz', 'anthropic-key'],
    ['hf_abcdefghijklmnopqrstuvwxyzABCDEFGH', 'huggingface-token'],
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----', 'private-key'],
    ['-----BEGIN OPENSSH PRIVATE KEY-----', 'private-key'],
    ['-----BEGIN PGP PRIVATE KEY BLOCK-----', 'private-key'],
    ['postgres://app:Sup3rS3cret@db:5432/app', 'url-credentials'],
    ['redis://:s3cr3tpassw0rd@cache:6379/0', 'url-credentials'],
    ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', 'jwt'],
    [B64, 'high-entropy'],
    ['63FfkCzJr4i0B3JrTAwR4y9o', 'high-entropy'],
  ])('%s is %s', (value, kind) => expect(secretValue(value)).toBe(kind));

  test('tokens are found inside longer values', () => {
    expect(secretValue(`Authorization: Bearer ${GHP}`)).toBe('github-token');
    expect(secretValue(`https://x-access-token:${GHP}@github.com/acme/app.git`)).toBe('github-token');
    expect(secretValue(`//registry.npmjs.org/:_authToken=${NPM}`)).toBe('npm-token');
  });

  test.each([
    '', 'production', 'C.UTF-8', '/usr/local/bin:/usr/bin:/bin', 'jdk-21.0.2+13', '1.25.3', '1~bookworm',
    // digests, commits, fingerprints, UUIDs: hex is never "high entropy" by itself
    '4254770f58904dba41ecccc3fc1626e53a13043b026c48bbf33feff9243a8f50',
    'sha256:4254770f58904dba41ecccc3fc1626e53a13043b026c48bbf33feff9243a8f50',
    '6b40928b5b7a767c76fb008f86bebb2737f6a6f0',
    'A035C8C19219BA821ECEA86B64E628F8D684696D',
    '573BFD6B3D8FBC641079A6ABABF5BD827BD9BF62 8540A6F18833A80E9C1653A42CD1EE3AC7B6B5B8',
    '550e8400-e29b-41d4-a716-446655440000',
    'sha512-Kjp1vRt/1fjORS+6ilI8ihN5KXSc7Tvo+hBKqFYYKjp1vRt/1fjORS+6ilI8ihN5KXSc7Tvo+hBKqFYY==',
    // words and names
    'HelloWorldApplication2', 'AdoptOpenJDKHotSpotServer2024', 'Docker-Image-Builder-2024', 'x86_64-unknown-linux-gnu',
    'org.opencontainers.image.source', '-fstack-protector-strong -fpic -fpie -O2 -D_FILE_OFFSET_BITS=64',
    'https://github.com/acme/app', 'https://deb.nodesource.com/setup_20.x', 'postgres://app@db:5432/app',
    'postgres://app:${DB_PASSWORD}@db/app', 'https://user:$TOKEN@github.com/x',
    // documentation placeholders, and names that merely start like a token
    'AKIAIOSFODNN7EXAMPLE', 'sk-learn-compatible-estimators', 'npm_config_cache_directory',
  ])('%j is not a secret', (value) => expect(secretValue(value)).toBeUndefined());

  test('entropy can be turned off for free text; token shapes are still found', () => {
    expect(secretValue(B64, { entropy: false })).toBeUndefined();
    expect(secretValue(GHP, { entropy: false })).toBe('github-token');
  });

  test('random base62/base64 keys of 20+ characters are high entropy almost always, words never', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    for (const len of [20, 32, 40]) {
      let hits = 0;
      for (let i = 0; i < 500; i++) {
        let s = '';
        for (let j = 0; j < len; j++) s += alphabet[randomInt(alphabet.length)];
        if (highEntropyToken(s)) hits++;
      }
      expect(hits / 500).toBeGreaterThan(0.85);
    }
    for (const w of ['PythonSoftwareFoundation3x', 'ApplicationInsightsAgent3', 'MyCompanyProductName2023']) expect(highEntropyToken(w)).toBe(false);
    expect(highEntropyToken('Ab1')).toBe(false);
  });

  test('shannon entropy', () => {
    expect(shannonEntropy('')).toBe(0);
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abcd')).toBeCloseTo(2);
  });

  test('every token pattern has a description and no pattern matches the empty string', () => {
    for (const p of TOKEN_PATTERNS) {
      expect(describeSecret(p.kind)).toMatch(/^an? /);
      expect(p.pattern.test('')).toBe(false);
    }
    expect(describeSecret('url-credentials')).toBe('a URL with a password');
  });
});

describe('scanText', () => {
  test('finds known shapes by line, without entropy', () => {
    const text = ['[default]', 'region = eu-west-1', `aws_access_key_id = ${AKIA}`, `aws_secret_access_key = ${B64}`].join('\n');
    expect(scanText(text)).toEqual([{ kind: 'aws-access-key-id', line: 3 }]);
    expect(scanText('-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----')).toEqual([{ kind: 'private-key', line: 1 }]);
    expect(scanText('hello\nworld')).toEqual([]);
  });
});

describe('redact', () => {
  test('never shows more than a 4-character prefix and the length', () => {
    expect(redact(GHP)).toBe('ghp_…(40 chars)');
    expect(redact(AKIA)).toBe('AKIA…(20 chars)');
    expect(redact('hunter2')).toBe('****(7 chars)');
    expect(redact('')).toBe('(empty)');
    const key = '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAsecretsecret\n-----END RSA PRIVATE KEY-----';
    expect(redact(key)).toBe(`-----BEGIN RSA PRIVATE KEY-----…(${key.length} chars)`);
  });
  test('the secret part never appears in the redacted form', () => {
    for (const v of [GHP, NPM, AKIA, B64, 'postgres://app:Sup3rS3cret@db:5432/app', 'correct horse battery staple']) {
      const r = redact(v);
      expect(r).not.toContain(v.slice(4, 12));
      expect(r.length).toBeLessThan(24);
    }
  });
});

describe('credentialFile', () => {
  test.each([
    ['id_rsa', 'ssh-private-key'], ['/root/.ssh/id_ed25519', 'ssh-private-key'], ['id_ecdsa_sk', 'ssh-private-key'],
    ['.ssh', 'ssh-directory'], ['home/app/.ssh/', 'ssh-directory'],
    ['server.key', 'private-key'], ['secrets/tls.key', 'private-key'], ['ca.key', 'private-key'], ['putty.ppk', 'private-key'],
    ['privkey.pem', 'private-key'], ['server-key.pem', 'private-key'], ['deploy_key.pem', 'private-key'],
    ['client.p12', 'keystore'], ['app.keystore', 'keystore'],
    ['.npmrc', 'npmrc'], ['/root/.npmrc', 'npmrc'], ['.pypirc', 'pypirc'], ['.netrc', 'netrc'], ['_netrc', 'netrc'],
    ['.git-credentials', 'git-credentials'], ['.pgpass', 'pgpass'], ['.vault-token', 'vault-token'],
    ['.env', 'dotenv'], ['.env.production', 'dotenv'], ['app/.env.local', 'dotenv'],
    ['.aws/credentials', 'aws-credentials'], ['/root/.aws/credentials', 'aws-credentials'], ['.aws', 'aws-directory'],
    ['.docker/config.json', 'docker-config'], ['/home/ci/.docker/config.json', 'docker-config'],
    ['.kube/config', 'kube-config'], ['.gem/credentials', 'gem-credentials'], ['.cargo/credentials.toml', 'cargo-credentials'],
    ['.config/gh/hosts.yml', 'gh-hosts'], ['credentials.json', 'cloud-credentials'], ['client_secret_123.apps.json', 'cloud-credentials'],
    ['secring.gpg', 'gpg-secret-keyring'], ['.gnupg', 'gnupg-directory'],
  ])('%s is a credential file (%s)', (path, kind) => expect(credentialFile(path)?.kind).toBe(kind));

  test.each([
    '.env.example', '.env.sample', '.env.template', '.env.dist', 'id_rsa.pub', 'id_ed25519.pub', 'known_hosts', 'authorized_keys',
    'ca.pem', 'cert.pem', 'fullchain.pem', 'ca-bundle.pem', 'server-cert.pem', 'docker.gpg.key', 'repo-archive-keyring.key',
    'public.key', 'package.json', '.', 'src', '.dockerignore', 'config.json', '.docker/nginx.conf', '.docker', 'credentials',
    '.environment', 'environment.ts', 'keys.txt', '',
  ])('%j is not a credential file', (path) => expect(credentialFile(path)).toBeUndefined());

  test('a PEM name alone is ambiguous (certificate or key)', () => {
    expect(credentialFile('server.pem')).toEqual({ kind: 'private-key', what: 'a PEM file that may hold a private key', ambiguous: true });
    expect(credentialFile('id_rsa')?.ambiguous).toBeUndefined();
  });

  test('the table is data: every row names a kind, a description and how it matches', () => {
    for (const row of CREDENTIAL_FILES) {
      expect(row.kind).toMatch(/^[a-z0-9-]+$/);
      expect(row.what).toMatch(/^an? /);
      expect(row.name ?? row.tail).toBeInstanceOf(RegExp);
    }
  });
});
