/**
 * The published schemas: valid, used by the loader, and referenced by every example through a
 * `# yaml-language-server: $schema=` line so editors complete and check the files.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { loadPolicyFile } from '../../src/config/file.js';

const schemas = ['config.schema.json', 'custom-rule.schema.json'];

test('the schemas are draft-07 with ids, and compile', () => {
  const ajv = new Ajv({ strict: false });
  ajv.addFormat('date', true);
  for (const name of schemas) {
    const s = JSON.parse(readFileSync(join('schema', name), 'utf8'));
    expect(s.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(s.$id).toBe(`https://github.com/cis-docker-gate/cis-docker-gate/schema/${name}`);
    ajv.addSchema(s, name);
  }
  expect(ajv.getSchema('config.schema.json')).toBeDefined();
});

test('every example policy and custom rule file names its schema for the editor, and loads', () => {
  const files = ['examples/.cis-docker-gate.yml', ...readdirSync('examples/policy/rules').map((f) => `examples/policy/rules/${f}`)];
  for (const f of files) {
    const first = readFileSync(f, 'utf8').split('\n')[0];
    const m = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
    expect([f, m?.[1].split('/').pop()]).toEqual([f, f.endsWith('.cis-docker-gate.yml') ? 'config.schema.json' : 'custom-rule.schema.json']);
    expect(existsSync(resolve(dirname(f), m![1]))).toBe(true);
  }
  const policy = loadPolicyFile('examples/.cis-docker-gate.yml');
  expect(policy.customRules.map((r) => r.data.id)).toEqual(['acme/company-registry', 'acme/no-curl-in-final', 'acme/require-oci-source']);
});
