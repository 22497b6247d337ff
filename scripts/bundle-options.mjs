// The esbuild options every bundle of the sources uses: dist/ (scripts/bundle.mjs) and the benchmarks' bundles
// (scripts/bench/support.mjs), so what is measured is built the way dist/ is.
export const bundleOptions = {
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
