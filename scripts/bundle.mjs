// Bundles the Action (dist/index.js) and the CLI (dist/cli.js) as self-contained ES modules.
// Reproducible: the same source gives byte-identical files (a test rebuilds and compares).
import { build } from 'esbuild';
import { chmodSync, copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { bundleOptions } from './bundle-options.mjs';

const outdir = process.argv[2] ?? 'dist';
const common = bundleOptions;

await build({ ...common, entryPoints: ['src/action/index.ts'], outfile: `${outdir}/index.js` });
await build({ ...common, entryPoints: ['src/cli/index.ts'], outfile: `${outdir}/cli.js` });
chmodSync(`${outdir}/cli.js`, 0o755);

// dockerode reads its protobuf definitions from __dirname/proto at run time (BuildKit sessions).
mkdirSync(`${outdir}/proto`, { recursive: true });
for (const f of readdirSync('node_modules/dockerode/lib/proto').sort()) {
  if (f.endsWith('.proto')) copyFileSync(`node_modules/dockerode/lib/proto/${f}`, `${outdir}/proto/${f}`);
}
