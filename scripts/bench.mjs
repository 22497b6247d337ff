// npm run bench [-- --files N --random N --check]
// Measures the real engine (parse + every dockerfile rule, profile all) on a generated corpus of realistic
// Dockerfiles, on one thread: files/s and p99 ms/file; dockerfile-utils' validate on the same corpus; the slowest of
// N generated random inputs (catastrophic backtracking shows up here); the CLI's cold start.
// The engine is bundled from src/ with esbuild into .bench/ (git-ignored) so no TypeScript loader is in the loop.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { validate } from 'dockerfile-utils';
import { corpus } from './bench/corpus.mjs';
import { importForBench, median, numberOption, reportTargets, root } from './bench/support.mjs';

const FILES = numberOption('files', 1000);
const RANDOM = numberOption('random', 10000);

// 1. The engine, bundled the way dist/ is (esbuild, ESM), plus the property test's input generator.
const engine = await importForBench(
  'engine',
  [
    "export { evaluateDockerfileText } from './src/gate/dockerfile.ts';",
    "export { parseDockerfile } from './src/dockerfile/parse.ts';",
    "export { loadCatalog } from './src/catalog/catalog.ts';",
    "export { checks } from './src/checks/index.ts';",
    "import fc from 'fast-check';",
    "import { dockerfileText } from './__tests__/dockerfile/arbitraries.ts';",
    'export const sampleInputs = (n, seed) => fc.sample(dockerfileText, { numRuns: n, seed });',
  ].join('\n'),
);
const rules = engine.loadCatalog();
const dockerfileRules = rules.filter((r) => r.target === 'dockerfile').length;
const run = (text) => engine.evaluateDockerfileText(text, 'Dockerfile', rules, engine.checks, { profile: 'all' });

const ms = (n) => `${n.toFixed(3)} ms`;
const rate = (n) => `${Math.round(n).toLocaleString('en-US')} files/s`;
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/**
 * Time `fn` on every text, `passes` times over; each file's time is its fastest pass and the rate is the fastest
 * whole pass, so other processes on a busy machine (a CI runner) do not pass for slowness of the code.
 */
function timeEach(texts, fn, passes = 3) {
  const times = new Float64Array(texts.length).fill(Infinity);
  let best = Infinity;
  let cpu = Infinity;
  for (let p = 0; p < passes; p++) {
    const cpu0 = process.cpuUsage();
    const start = performance.now();
    for (let i = 0; i < texts.length; i++) {
      const t0 = performance.now();
      fn(texts[i]);
      const d = performance.now() - t0;
      if (d < times[i]) times[i] = d;
    }
    best = Math.min(best, performance.now() - start);
    const used = process.cpuUsage(cpu0);
    cpu = Math.min(cpu, (used.user + used.system) / 1000);
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { total: best, filesPerSecond: (texts.length / best) * 1000, cpuFilesPerSecond: (texts.length / cpu) * 1000, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) };
}

// 2. The corpus.
const files = corpus(FILES);
const lines = files.reduce((n, f) => n + f.split('\n').length, 0);
console.log(`corpus: ${files.length} generated Dockerfiles (seed 20240601), ${lines.toLocaleString('en-US')} lines, ${(files.reduce((n, f) => n + f.length, 0) / 1024).toFixed(0)} KiB`);
console.log(`engine: ${dockerfileRules} dockerfile rules, profile all, one thread (node ${process.version})`);

// Warm both up on the whole corpus once, then measure.
for (const f of files) run(f);
for (const f of files) validate(f);
const ours = timeEach(files, run);
const theirs = timeEach(files, (f) => validate(f));
let findings = 0;
for (const f of files) findings += run(f).findings.length;

console.log('');
const row = (name, r, note) =>
  console.log(`${name.padEnd(17)} ${rate(r.filesPerSecond).padStart(16)} (${Math.round(r.total)} ms for the corpus)   p50 ${ms(r.p50)}   p99 ${ms(r.p99)}   max ${ms(r.max)}   (CPU time: ${rate(r.cpuFilesPerSecond)}; ${note})`);
row('cis-docker-gate', ours, `${findings} findings`);
row('dockerfile-utils', theirs, 'validate only');
const ratio = ours.filesPerSecond / theirs.filesPerSecond;
console.log(`ratio             ${ratio.toFixed(2)}x dockerfile-utils' speed (CPU time: ${(ours.cpuFilesPerSecond / theirs.cpuFilesPerSecond).toFixed(2)}x)`);

// 3. Generated random inputs: the slowest one.
const inputs = engine.sampleInputs(RANDOM, 42);
let thrown = 0;
const t0 = performance.now();
const single = inputs.map((input) => {
  const s = performance.now();
  try {
    run(input);
  } catch {
    thrown++;
  }
  return { time: performance.now() - s, input };
});
const randomTotal = performance.now() - t0;
// A slow input is slow every time; a pause from the collector or another process is not: re-time the 25
// slowest and keep each one's fastest run.
const slowestSingle = single.reduce((a, b) => (b.time > a.time ? b : a));
const slowest = single
  .sort((a, b) => b.time - a.time)
  .slice(0, 25)
  .map(({ input }) => {
    let best = Infinity;
    for (let k = 0; k < 3; k++) {
      const s = performance.now();
      try {
        run(input);
      } catch {
        /* counted above */
      }
      best = Math.min(best, performance.now() - s);
    }
    return { time: best, input };
  })
  .reduce((a, b) => (b.time > a.time ? b : a));
console.log('');
console.log(
  `random inputs     ${inputs.length.toLocaleString('en-US')} in ${(randomTotal / 1000).toFixed(2)} s; slowest ${ms(slowest.time)} (${slowest.input.length} chars, fastest of 3 runs; single-run max ${ms(slowestSingle.time)}); ${thrown} threw`,
);

// 4. CLI cold start: node dist/cli.js --version, median of 9.
const cli = join(root, 'dist', 'cli.js');
const startTime = (command, n = 9) => {
  const times = [];
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    const r = spawnSync(process.execPath, command, { encoding: 'utf8' });
    times.push(performance.now() - s);
    if (r.status !== 0) throw new Error(`node ${command.join(' ')} failed: ${r.stderr}`);
  }
  return median(times);
};
const coldStart = startTime([cli, '--version']);
const bareNode = startTime(['-e', '0']);
console.log(`CLI cold start    node dist/cli.js --version: median ${ms(coldStart)} of 9 (node -e 0 alone: ${ms(bareNode)})`);

// 5. Targets.
reportTargets([
  [`>= 1,000 files/s`, ours.filesPerSecond >= 1000],
  [`no slower than dockerfile-utils`, ratio >= 1],
  [`slowest random input < 50 ms`, slowest.time < 50],
  [`no random input throws`, thrown === 0],
]);
