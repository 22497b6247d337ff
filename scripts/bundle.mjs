// Bundles the Action (dist/index.js) and the CLI (dist/cli.js) as self-contained ES modules.
// Reproducible: the same source gives byte-identical files (a test rebuilds and compares).
import { build } from 'esbuild';
import { chmodSync, copyFileSync, mkdirSync, readdirSync } from 'node:fs';

const outdir = process.argv[2] ?? 'dist';
const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  legalComments: 'none',
  // Prefer packages' ES module builds: some UMD builds (jsonc-parser) load their parts with dynamic requires.
  mainFields: ['module', 'main'],
  logLevel: 'warning',
  // dockerode's optional native helpers (ssh2's cpu-features) are never needed for a socket or TCP engine.
  external: ['*.node', 'cpu-features'],
  // Bundled CommonJS (dockerode) needs require and __dirname inside an ES module.
  banner: {
    js: [
      "import { createRequire as __cdgCreateRequire } from 'node:module';",
      "import { fileURLToPath as __cdgFileURLToPath } from 'node:url';",
      "import { dirname as __cdgDirname } from 'node:path';",
      'const require = __cdgCreateRequire(import.meta.url);',
      'const __filename = __cdgFileURLToPath(import.meta.url);',
      'const __dirname = __cdgDirname(__filename);',
    ].join('\n'),
  },
};

await build({ ...common, entryPoints: ['src/action/index.ts'], outfile: `${outdir}/index.js` });
await build({ ...common, entryPoints: ['src/cli/index.ts'], outfile: `${outdir}/cli.js` });
chmodSync(`${outdir}/cli.js`, 0o755);

// dockerode reads its protobuf definitions from __dirname/proto at run time (BuildKit sessions).
mkdirSync(`${outdir}/proto`, { recursive: true });
for (const f of readdirSync('node_modules/dockerode/lib/proto').sort()) {
  if (f.endsWith('.proto')) copyFileSync(`node_modules/dockerode/lib/proto/${f}`, `${outdir}/proto/${f}`);
}
