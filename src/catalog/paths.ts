/** Where the project's data files (rules/, schema/) are: beside dist/ in the Action and the CLI, beside src/ in tests. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'rules')) && existsSync(join(dir, 'schema')) && existsSync(join(dir, 'package.json'))) {
      return (root = dir);
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the rules/ and schema/ folders above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}
