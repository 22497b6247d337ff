/** The tool's version, from package.json beside rules/ and schema/. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './catalog/paths.js';

export function toolVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
