// Regenerates src/checks/index.ts, docs/rules.md and README.md's rule table from src/checks/ and rules/.
import { readFileSync, writeFileSync } from 'node:fs';
import { loadCatalog } from '../src/catalog/catalog.js';
import { checkFiles, renderCheckIndex, renderRuleDocs, withReadmeRuleTable } from '../src/catalog/generate.js';

writeFileSync('src/checks/index.ts', renderCheckIndex(checkFiles()));
writeFileSync('docs/rules.md', renderRuleDocs(loadCatalog()));
writeFileSync('README.md', withReadmeRuleTable(readFileSync('README.md', 'utf8'), loadCatalog()));
console.log('generated src/checks/index.ts, docs/rules.md and the rule table in README.md');
