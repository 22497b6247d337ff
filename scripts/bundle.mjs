// Bundles the Action (dist/index.js) and the CLI (dist/cli.js) as ES modules that need nothing from node_modules.
// Code the two share, and code loaded only when there is work (the CLI's scanner), goes into dist/chunk-*.js, so
// `cis-docker-gate --version` does not parse the whole scanner. Reproducible: the same source gives byte-identical
// files (a test rebuilds and compares every file of dist/).
import { build } from 'esbuild';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { bundleOptions } from './bundle-options.mjs';

const outdir = process.argv[2] ?? 'dist';

// Chunks are named by content hash: remove the old ones so none goes stale.
mkdirSync(outdir, { recursive: true });
for (const f of readdirSync(outdir)) if (/^chunk-.*\.js$/.test(f)) rmSync(`${outdir}/${f}`);

await build({
  ...bundleOptions,
  entryPoints: { index: 'src/action/index.ts', cli: 'src/cli/index.ts' },
  outdir,
  splitting: true,
  // Chunks sit beside the entries: bundled CommonJS (dockerode) finds its proto/ folder through __dirname.
  chunkNames: 'chunk-[hash]',
});
chmodSync(`${outdir}/cli.js`, 0o755);

// dockerode reads its protobuf definitions from __dirname/proto at run time (BuildKit sessions).
mkdirSync(`${outdir}/proto`, { recursive: true });
for (const f of readdirSync('node_modules/dockerode/lib/proto').sort()) {
  if (f.endsWith('.proto')) copyFileSync(`node_modules/dockerode/lib/proto/${f}`, `${outdir}/proto/${f}`);
}
