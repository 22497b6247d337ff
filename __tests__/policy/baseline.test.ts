/**
 * The baseline round trip: record a legacy Dockerfile's findings, then the same findings stay baselined after
 * lines are inserted above them and whitespace is reformatted, while a new finding fails the gate.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../../src/config/config.js';
import { locatePolicyFile, resolvePolicy } from '../../src/config/resolve.js';
import { scan } from '../../src/gate/scan.js';
import { createBaseline, readBaseline, renderBaseline } from '../../src/policy/baseline.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { GateError } from '../../src/types.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cdg-baseline-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const LEGACY = [
  'FROM debian:12',
  'RUN apt-get update && apt-get install -y curl openssh-server && curl -k https://get.example.com/install.sh | sh',
  'ADD app.tar.gz /srv/',
  'ENV GITHUB_TOKEN=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB',
  'USER root',
  '',
].join('\n');

/** The same instructions, moved down by a comment block and a new LABEL, and reformatted. */
const MOVED_AND_REFORMATTED = [
  '# syntax=docker/dockerfile:1',
  '# The payments API (legacy image: being migrated)',
  '',
  'FROM    debian:12',
  'LABEL org.opencontainers.image.source=https://github.com/acme/payments',
  'RUN apt-get update \\',
  '    &&  apt-get install -y curl   openssh-server \\',
  '    && curl -k https://get.example.com/install.sh \\',
  '       | sh',
  '',
  'ADD   app.tar.gz   /srv/',
  '  ENV GITHUB_TOKEN=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB',
  'USER root',
  '',
].join('\n');

async function scanDir(withBaseline: boolean): Promise<ReturnType<typeof scan>> {
  writeFileSync(join(dir, '.cis-docker-gate.yml'), withBaseline ? 'profile: all\nbaseline: .cis-docker-gate-baseline.json\n' : 'profile: all\n');
  const base: Config = { dockerfiles: ['Dockerfile'], buildArgs: {}, failOn: 'high', profile: 'cis-level-1', ruleOptions: {}, disabled: [] };
  const prev = process.cwd();
  process.chdir(dir);
  try {
    const config = resolvePolicy(base, locatePolicyFile(base, { cwd: dir, root: dir }), { cwd: dir });
    return await scan(config, () => {});
  } finally {
    process.chdir(prev);
  }
}

test('recorded findings stay baselined after lines move and whitespace changes; a new one fails the gate', async () => {
  writeFileSync(join(dir, 'Dockerfile'), LEGACY);
  const before = await scanDir(false);
  const open = before.findings.filter((f) => f.status === 'open');
  expect(open.length).toBeGreaterThanOrEqual(8);
  expect(before.passed).toBe(false);
  const baseline = createBaseline(before, new Date('2025-06-01T00:00:00Z'));
  expect(baseline.findings).toHaveLength(open.length);
  writeFileSync(join(dir, '.cis-docker-gate-baseline.json'), renderBaseline(baseline));

  // Day one with the baseline: green.
  const same = await scanDir(true);
  expect(same.findings.filter((f) => f.status === 'open')).toEqual([]);
  expect(same.passed).toBe(true);
  expect(same.config!.baseline).toEqual({ file: '.cis-docker-gate-baseline.json', entries: open.length, matched: open.length });

  // Lines inserted above, whitespace reformatted (a RUN split over continuation lines): still all baselined.
  writeFileSync(join(dir, 'Dockerfile'), MOVED_AND_REFORMATTED);
  const moved = await scanDir(true);
  expect(moved.findings.filter((f) => f.status === 'open').map((f) => `${f.ruleId}:${f.location.startLine}`)).toEqual([]);
  expect(moved.findings.filter((f) => f.status === 'baselined')).toHaveLength(open.length);
  expect(moved.passed).toBe(true);
  // ...and they did move: the USER root finding is now on line 13, not 5.
  expect(moved.findings.find((f) => f.ruleId === 'dockerfile/last-user-root')?.location.startLine).toBe(13);

  // A new problem is not in the baseline: it fails the gate, alone.
  writeFileSync(join(dir, 'Dockerfile'), MOVED_AND_REFORMATTED.replace('USER root', 'ENV NPM_TOKEN=npm_0123456789abcdefghijklmnopqrstuvwxyzAB\nUSER root'));
  const added = await scanDir(true);
  expect(added.findings.filter((f) => f.status === 'open').map((f) => `${f.ruleId}:${f.location.startLine}`)).toEqual(['dockerfile/secret-in-env:13']);
  expect(added.passed).toBe(false);
  expect(added.findings.find((f) => f.status === 'baselined')?.statusReason).toBe('in the baseline .cis-docker-gate-baseline.json: accepted when the gate was adopted');
});

test('fixed findings show as gone, so the baseline can shrink', async () => {
  writeFileSync(join(dir, 'Dockerfile'), LEGACY);
  writeFileSync(join(dir, '.cis-docker-gate-baseline.json'), renderBaseline(createBaseline(await scanDir(false), new Date())));
  writeFileSync(join(dir, 'Dockerfile'), LEGACY.replace('USER root', 'USER 10001'));
  const r = await scanDir(true);
  expect(r.config!.baseline!.entries - r.config!.baseline!.matched).toBe(1);
  expect(renderMarkdown(r)).toMatch(/Baseline `\.cis-docker-gate-baseline\.json`: \d+ findings of the \d+ it records are still there \(baselined: reported, not gated\); 1 is gone \(record the baseline again to drop it\)/);
});

test('the baseline leaves out suppressed and waived findings and is sorted, for stable diffs', async () => {
  writeFileSync(join(dir, 'Dockerfile'), LEGACY.replace('USER root', '# hadolint ignore=DL3002\nUSER root'));
  const r = await scanDir(false);
  const b = createBaseline(r, new Date('2025-06-01T00:00:00Z'));
  expect(b.findings.some((f) => f.ruleId === 'dockerfile/last-user-root')).toBe(false);
  expect(b.findings.map((f) => f.line)).toEqual([...b.findings.map((f) => f.line)].sort((x, y) => x - y));
  expect(b).toMatchObject({ version: 1, tool: { name: 'cis-docker-gate' }, created: '2025-06-01T00:00:00.000Z' });
  // never a secret value: only the redacted message
  expect(renderBaseline(b)).not.toContain('ghp_0123456789abcdefghij');
});

test('a file that is not a baseline is refused with its name (exit 2)', () => {
  const write = (text: string) => {
    writeFileSync(join(dir, 'b.json'), text);
    return () => readBaseline(join(dir, 'b.json'), 'b.json');
  };
  expect(write('{"version":2,"findings":[]}')).toThrow(new GateError('b.json: baseline version 2 is not supported (expected 1)', 2));
  expect(write('{"version":1}')).toThrow(new GateError('b.json: not a baseline file: no findings list (write it with `cis-docker-gate baseline --output FILE`)', 2));
  expect(write('{"version":1,"findings":[{"ruleId":"x"}]}')).toThrow(new GateError('b.json: findings[0]: has no fingerprint', 2));
  expect(write('[')).toThrow(/^b\.json: not a baseline file: not valid JSON/);
});
