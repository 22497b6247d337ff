/** The rule reference renders each example in its own form: a runtime example's compose file as YAML, its run options as `docker run`. */
import { loadCatalog, type RuleMeta } from '../../src/catalog/catalog.js';
import { renderRuleDocs } from '../../src/catalog/generate.js';

const rule = (examples: RuleMeta['examples']): RuleMeta => ({
  id: 'runtime/example-rule',
  target: 'runtime',
  cis: ['5.5'],
  level: 1,
  severity: 'critical',
  title: 'An example',
  rationale: 'Why.',
  remediation: 'How.',
  references: [],
  aliases: {},
  examples,
  file: 'rules/runtime/example-rule.yml',
});

const section = (md: string) => md.slice(md.indexOf('## runtime/example-rule'));

test('a compose example is a YAML block whose lines are the compose file\'s; facts beside it are YAML too', () => {
  const md = section(
    renderRuleDocs([
      rule({
        bad: [{ runtime: { compose: 'services:\n  app:\n    privileged: true\n', image: { config: { User: '' } } }, lines: [3] }],
        good: [{ runtime: { compose: 'services:\n  app:\n    read_only: true\n' } }],
      }),
    ]),
  );
  expect(md).toContain("Fails (line 3):\n\n```yaml\nservices:\n  app:\n    privileged: true\n```\n\n```yaml\nimage:\n  config:\n    User: ''\n```\n");
  expect(md).toContain('Passes:\n\n```yaml\nservices:\n  app:\n    read_only: true\n```\n');
  expect(md).not.toContain('"compose"');
});

test('run options are a docker run line, quoted as a shell reads them back, and findings name the option', () => {
  const md = section(
    renderRuleDocs([
      rule({
        bad: [{ runtime: { runOptions: ['--read-only', '--privileged', '--label', "team=it's ours"] }, lines: [2] }],
        good: [{ runtime: { runOptions: ['--read-only', '--cap-drop=ALL'], probe: { processes: [{ pid: 1, uid: 10001, comm: 'app', args: '/app' }] } } }],
      }),
    ]),
  );
  expect(md).toContain("Fails (run option 2):\n\n```sh\ndocker run --read-only --privileged --label 'team=it'\\''s ours' IMAGE\n```\n");
  expect(md).toContain('Passes:\n\n```sh\ndocker run --read-only --cap-drop=ALL IMAGE\n```\n\n```yaml\nprobe:\n  processes:\n    - pid: 1\n');
});

test('no runtime example in docs/rules.md is rendered as JSON', () => {
  const md = renderRuleDocs(loadCatalog().filter((r) => r.target === 'runtime'));
  expect(md).not.toContain('```json');
  expect(md).toContain('```yaml\nservices:\n');
});
