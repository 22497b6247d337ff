// node scripts/bench-runtime.mjs [--runs N] [--check]
// The runtime check against its floor. For one small image (cdg-bench/runtime:1: busybox, a non-root user, a
// long-running CMD, no healthcheck; built once from cdg-fixture/busybox:1 and cached in the engine), in the same
// run, N times each, alternating:
//   bare  `docker run --rm --network none IMAGE true`, start to removal (the CLI's own time included)
//   gate  the gate's whole runtime check: sandbox spec, create, start, settle, processes (top), listening sockets
//         (exec), inspect, removal, and the runtime rules
// Prints the medians, the difference and the ratio. Target: the gate adds at most 1 s (no healthcheck here, so
// no health wait). --check exits 1 when the target is missed.
// The gate is bundled from src/ with esbuild into .bench/ (git-ignored), as dist/ is.
import { execFileSync, spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { ensureImage, importForBench, median, numberOption, reportTargets } from './bench/support.mjs';

const RUNS = numberOption('runs', 5);
const IMAGE = 'cdg-bench/runtime:1';

// 1. The image.
ensureImage(IMAGE, [
  'FROM cdg-fixture/busybox:1',
  'RUN ["/bin/busybox", "--install", "-s", "/bin"]',
  'RUN echo "app:x:10001:10001::/tmp:/bin/false" >> /etc/passwd',
  'USER 10001',
  'EXPOSE 8080',
  'CMD ["sh", "-c", "httpd -f -p 8080"]',
]);

// 2. The gate's runtime check, bundled the way dist/ is.
const gate = await importForBench(
  'runtime-check',
  `
      export { loadCatalog } from './src/catalog/catalog.ts';
      export { checks } from './src/checks/index.ts';
      export { connectEngine } from './src/docker/client.ts';
      export { EngineSession } from './src/docker/session.ts';
      export { readEngineImage } from './src/docker/save.ts';
      export { scanRuntimeTarget } from './src/runtime/target.ts';
  `,
);
const engine = await gate.connectEngine();
const session = new gate.EngineSession(engine, true);
const id = JSON.parse(execFileSync('docker', ['image', 'inspect', IMAGE], { encoding: 'utf8' }))[0].Id;
const image = await gate.readEngineImage(session, id, IMAGE);
const rules = gate.loadCatalog();
const config = { dockerfiles: [], buildArgs: {}, failOn: 'high', profile: 'all', ruleOptions: {}, disabled: [], runtime: true };

const bare = () => {
  const s = performance.now();
  const r = spawnSync('docker', ['run', '--rm', '--network', 'none', IMAGE, 'true'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`docker run failed: ${r.stderr}`);
  return performance.now() - s;
};
let verdicts;
const ours = async () => {
  const s = performance.now();
  const result = await gate.scanRuntimeTarget(config, { image, engine }, rules, gate.checks, () => {});
  const t = performance.now() - s;
  verdicts = result.verdicts;
  return t;
};

// Warm up both paths once (engine caches, the bundle's first import of dockerode).
bare();
await ours();
const bareTimes = [];
const gateTimes = [];
for (let i = 0; i < RUNS; i++) {
  bareTimes.push(bare());
  gateTimes.push(await ours());
}
const ms = (x) => `${Math.round(x)} ms`;
const b = median(bareTimes);
const g = median(gateTimes);
const leftovers = execFileSync('docker', ['ps', '-aq', '--filter', 'label=org.cis-docker-gate.created'], { encoding: 'utf8' }).trim();

const probed = verdicts.filter((v) => ['runtime/root-process', 'runtime/ssh-daemon', 'runtime/unexposed-listening-port', 'runtime/exits-at-start'].includes(v.id));
console.log(`image             ${IMAGE} (${Math.round(image.layers.reduce((n, l) => n + l.size, 0) / 1024)} KiB)`);
console.log(`bare docker run   docker run --rm --network none IMAGE true: median ${ms(b)} of ${RUNS} (${bareTimes.map(ms).join(', ')})`);
console.log(`gate runtime      start, settle, top, sockets, inspect, removal, rules: median ${ms(g)} of ${RUNS} (${gateTimes.map(ms).join(', ')})`);
console.log(`difference        +${ms(g - b)} (ratio ${(g / b).toFixed(2)})`);
console.log(`probes            ${probed.map((v) => `${v.id} ${v.status}`).join(', ')}`);
console.log(`left behind       ${leftovers ? leftovers.split('\n').length + ' containers' : 'nothing'}`);
reportTargets([
  ['the runtime check adds at most 1 s to a bare start and removal', g - b <= 1000],
  ['every probe ran (no skip)', probed.every((v) => v.status !== 'skip')],
  ['nothing left behind', !leftovers],
]);
