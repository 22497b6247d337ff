/**
 * Waivers: matched by rule id or alias and by scope; a waived finding stays in the report with its reason and
 * owner; the expiry day is inclusive (UTC) and the clock is injected; an expired waiver no longer applies and is
 * listed with its owner; a waiver that matches nothing is stale.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../../src/config/config.js';
import { locatePolicyFile, resolvePolicy } from '../../src/config/resolve.js';
import { scan } from '../../src/gate/scan.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { buildSarif } from '../../src/report/sarif.js';
import { loadCatalog } from '../../src/catalog/catalog.js';
import type { Report } from '../../src/report/report.js';
import { daysLeft, isExpired, mergeWaiverStates, scopeMatcher, type WaiverState } from '../../src/policy/waivers.js';
import type { Finding } from '../../src/types.js';

let dir: string;
const DOCKERFILE = ['FROM debian:12', 'ADD app.tar.gz /srv/', 'USER root', ''].join('\n');
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cdg-waivers-'));
  mkdirSync(join(dir, 'services', 'api'), { recursive: true });
  writeFileSync(join(dir, 'Dockerfile'), DOCKERFILE);
  writeFileSync(join(dir, 'services', 'api', 'Dockerfile'), DOCKERFILE);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Scans both Dockerfiles with a policy holding these waivers, at `now`. */
async function scanWith(waivers: string, now = '2025-06-01T12:00:00Z'): Promise<Report> {
  writeFileSync(join(dir, '.cis-docker-gate.yml'), `waivers:\n${waivers}`);
  const base: Config = {
    dockerfiles: ['Dockerfile', 'services/api/Dockerfile'].map((f) => join(dir, f)),
    buildArgs: {},
    failOn: 'high',
    profile: 'cis-level-1',
    ruleOptions: {},
    disabled: [],
    now: () => new Date(now),
  };
  const config = resolvePolicy(base, locatePolicyFile(base, { cwd: dir, root: dir }), { cwd: dir });
  const prev = process.cwd();
  process.chdir(dir); // report paths relative to where the scan runs, as the CLI has them
  try {
    return await scan({ ...config, dockerfiles: ['Dockerfile', 'services/api/Dockerfile'] }, () => {});
  } finally {
    process.chdir(prev);
  }
}

const w = (rule: string, scope: string, expires = '2025-06-30', extra = '') => `  - rule: ${rule}\n    scope: "${scope}"\n    reason: legacy image, migration planned\n    expires: ${expires}\n    owner: "@payments"\n${extra}`;
const rootUser = (r: Report) => r.findings.filter((f) => f.ruleId === 'dockerfile/last-user-root').map((f) => `${f.location.file} ${f.status}`);

describe('matching', () => {
  test('by rule id, by hadolint alias, by Trivy alias', async () => {
    for (const rule of ['dockerfile/last-user-root', 'DL3002', 'dl3002', 'DS-0002']) {
      const r = await scanWith(w(rule, '*'));
      expect(rootUser(r)).toEqual(['Dockerfile waived', 'services/api/Dockerfile waived']);
      expect(r.config!.waivers![0]).toMatchObject({ rule, status: 'applied', matched: 2 });
    }
  });

  test('scope: a path, a path with the right or a wrong line, a glob, the image-only form', async () => {
    expect(rootUser(await scanWith(w('DL3002', 'services/api/Dockerfile')))).toEqual(['Dockerfile open', 'services/api/Dockerfile waived']);
    expect(rootUser(await scanWith(w('DL3002', './services/api/Dockerfile:3')))).toEqual(['Dockerfile open', 'services/api/Dockerfile waived']);
    expect(rootUser(await scanWith(w('DL3002', 'services/api/Dockerfile:2')))).toEqual(['Dockerfile open', 'services/api/Dockerfile open']);
    expect(rootUser(await scanWith(w('DL3002', 'services/**/Dockerfile')))).toEqual(['Dockerfile open', 'services/api/Dockerfile waived']);
    expect(rootUser(await scanWith(w('DL3002', 'image:debian:12')))).toEqual(['Dockerfile open', 'services/api/Dockerfile open']);
  });

  test('a waived finding stays in every report with its reason and owner; it does not count', async () => {
    const r = await scanWith(w('DL3002', '*', '2025-06-30', '    ticket: SEC-12\n'));
    const f = r.findings.find((x) => x.ruleId === 'dockerfile/last-user-root')!;
    expect(f.status).toBe('waived');
    expect(f.statusReason).toBe('legacy image, migration planned (owner @payments, ticket SEC-12, expires 2025-06-30, waiver .cis-docker-gate.yml:2)');
    expect(r.counts.high).toBe(0);
    expect(r.passed).toBe(true);
    const sarif = buildSarif(r, { catalog: loadCatalog() });
    const result = sarif.runs[0].results!.find((x) => x.ruleId === 'dockerfile/last-user-root')!;
    expect(result.suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: f.statusReason }]);
    const md = renderMarkdown(r);
    expect(md).toContain('### Exceptions (1 waiver)');
    expect(md).toContain('| ✅ applied | `DL3002` | `*` | legacy image, migration planned | @payments | 2025-06-30 | SEC-12 | 2 |');
  });

  test('the first matching waiver applies; the others still count as matched (not stale)', async () => {
    const r = await scanWith(w('DL3002', '*') + w('dockerfile/last-user-root', 'Dockerfile'));
    expect(r.config!.waivers!.map((x) => `${x.status} ${x.matched}`)).toEqual(['applied 2', 'applied 1']);
    expect(r.findings.find((x) => x.location.file === 'Dockerfile' && x.ruleId === 'dockerfile/last-user-root')!.statusReason).toMatch(/waiver \.cis-docker-gate\.yml:2\)$/);
  });
});

describe('expiry, with an injected clock', () => {
  test.each([
    ['the day before', '2025-06-29T23:59:59Z', 'waived', 'applied'],
    ['the first instant of the expiry day', '2025-06-30T00:00:00.000Z', 'waived', 'applied'],
    ['the last instant of the expiry day (UTC)', '2025-06-30T23:59:59.999Z', 'waived', 'applied'],
    ['the first instant of the next day', '2025-07-01T00:00:00.000Z', 'open', 'expired'],
    ['a year later', '2026-06-30T12:00:00Z', 'open', 'expired'],
  ])('%s', async (_when, now, findingStatus, waiverStatus) => {
    const r = await scanWith(w('DL3002', '*'), now);
    expect(rootUser(r)).toEqual([`Dockerfile ${findingStatus}`, `services/api/Dockerfile ${findingStatus}`]);
    expect(r.config!.waivers![0]).toMatchObject({ status: waiverStatus, matched: 2, owner: '@payments' });
    expect(r.passed).toBe(findingStatus === 'waived');
  });

  test('an expired waiver is listed under the verdict with its owner', async () => {
    const md = renderMarkdown(await scanWith(w('DL3002', 'Dockerfile', '2025-05-31'), '2025-06-01T00:00:00Z'));
    expect(md).toContain('⌛ 1 waiver expired, so its findings count again: `DL3002` in `Dockerfile`, expired 2025-05-31 (owner @payments), `.cis-docker-gate.yml:2`.');
    expect(md).toContain('| ⌛ expired | `DL3002` | `Dockerfile` | legacy image, migration planned | @payments | 2025-05-31 | — | 1 (count again) |');
  });

  test('isExpired and daysLeft count whole UTC days', () => {
    expect(isExpired('2025-06-30', new Date('2025-06-30T23:59:59.999Z'))).toBe(false);
    expect(isExpired('2025-06-30', new Date('2025-07-01T00:00:00Z'))).toBe(true);
    // 01:00 in UTC+2 on 1 July is still 30 June in UTC: the waiver applies
    expect(isExpired('2025-06-30', new Date('2025-07-01T01:00:00+02:00'))).toBe(false);
    expect(daysLeft('2025-06-30', new Date('2025-06-30T18:00:00Z'))).toBe(0);
    expect(daysLeft('2025-06-30', new Date('2025-06-01T00:00:00Z'))).toBe(29);
    expect(daysLeft('2025-06-30', new Date('2025-07-02T00:00:00Z'))).toBe(-2);
  });
});

describe('stale waivers', () => {
  test('a waiver that matches nothing is stale, and said so under the verdict', async () => {
    const r = await scanWith(w('DL3002', 'Dockerfile') + w('dockerfile/setuid-chmod', '*') + w('DL3002', 'other/Dockerfile'));
    expect(r.config!.waivers!.map((x) => `${x.where} ${x.status} ${x.matched}`)).toEqual([
      '.cis-docker-gate.yml:2 applied 1',
      '.cis-docker-gate.yml:7 stale 0',
      '.cis-docker-gate.yml:12 stale 0',
    ]);
    const md = renderMarkdown(r);
    expect(md).toContain('⚠️ 2 stale waivers match no finding (remove them or fix the scope): `dockerfile/setuid-chmod` in `*` (owner @payments), `.cis-docker-gate.yml:7`; `DL3002` in `other/Dockerfile` (owner @payments), `.cis-docker-gate.yml:12`.');
  });

  test('across matrix jobs a waiver is stale only if it matched nothing in any of them', () => {
    const state = (status: WaiverState['status'], matched: number): WaiverState => ({ rule: 'DL3002', scope: '*', reason: 'r', expires: '2030-01-01', where: 'p.yml:1', status, matched });
    expect(mergeWaiverStates([[state('stale', 0)], [state('applied', 2)], [state('stale', 0)]])).toEqual([state('applied', 2)]);
    expect(mergeWaiverStates([[state('stale', 0)], [state('stale', 0)]])).toEqual([state('stale', 0)]);
    expect(mergeWaiverStates([[state('expired', 1)], [state('expired', 0)]])).toEqual([state('expired', 1)]);
  });
});

describe('image scopes', () => {
  const finding = (file: string): Finding => ({
    ruleId: 'image/root-user',
    cis: ['4.1'],
    severity: 'high',
    target: 'image',
    title: 't',
    message: 'm',
    remediation: 'r',
    location: { file, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
    status: 'open',
    fingerprint: '0'.repeat(32),
  });
  test.each([
    ['nginx', 'docker.io/library/nginx:latest', true],
    ['image:nginx:latest', 'nginx', true],
    ['nginx:1.25', 'nginx', false],
    ['registry.acme.example/team/*', 'registry.acme.example/team/api:3', true],
    ['image:ghcr.io/acme/*', 'ghcr.io/other/api:1', false],
  ])('scope %s, image %s: %s', (scope, image, expected) => {
    const covers = scopeMatcher(scope, dir, dir);
    expect(covers(finding(`image:${image}`), { kind: 'image', name: image })).toBe(expected);
    // an image finding placed on its Dockerfile's line (provenance) is matched by its image all the same
    expect(covers(finding(join(dir, 'Dockerfile')), { kind: 'image', name: image })).toBe(expected);
  });
});
