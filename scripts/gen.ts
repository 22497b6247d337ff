// Regenerates src/checks/index.ts and docs/rules.md from src/checks/ and rules/.
import { writeFileSync } from 'node:fs';
import { loadCatalog } from '../src/catalog/catalog.js';
import { checkFiles, renderCheckIndex, renderRuleDocs } from '../src/catalog/generate.js';

writeFileSync('src/checks/index.ts', renderCheckIndex(checkFiles()));
writeFileSync('docs/rules.md', renderRuleDocs(loadCatalog()));
console.log('generated src/checks/index.ts and docs/rules.md');
