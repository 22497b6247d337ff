import fc from 'fast-check';
import { parseDaemonJson } from '../../src/host/daemon-json.js';

describe('parseDaemonJson', () => {
  test('every key and list element keeps its line and column', () => {
    const text = '{\n  "icc": false,\n  "hosts": [\n    "unix:///var/run/docker.sock",\n    "tcp://0.0.0.0:2376"\n  ],\n  "default-ulimits": {"nofile": {"Name": "nofile", "Soft": 1, "Hard": 2}}\n}\n';
    const j = parseDaemonJson(text, '/etc/docker/daemon.json');
    expect(j.errors).toEqual([]);
    expect(j.keys.get('icc')).toMatchObject({ value: false, location: { file: '/etc/docker/daemon.json', startLine: 2, startColumn: 3, endLine: 2 } });
    expect(j.keys.get('hosts')!.elements!.map((e) => [e.value, e.location.startLine, e.location.startColumn])).toEqual([
      ['unix:///var/run/docker.sock', 4, 5],
      ['tcp://0.0.0.0:2376', 5, 5],
    ]);
    expect(j.keys.get('default-ulimits')!.elements![0].value).toEqual({ nofile: { Name: 'nofile', Soft: 1, Hard: 2 } });
  });

  test.each([
    ['a missing comma', '{\n  "a": 1\n  "b": 2\n}', 3, /comma/],
    ['a trailing comma', '{\n  "a": 1,\n}', 3, /property name/],
    ['a comment', '{\n  // no\n  "a": 1\n}', 2, /comments are not allowed/],
    ['an unterminated string', '{\n  "a": "x\n}', 2, /unterminated string|invalid character/],
    ['an empty file', '', 1, /value is expected/],
    ['a list at the top', '[\n  1\n]', 1, /one JSON object/],
  ])('%s is one located error, not an exception', (_what, text, line, message) => {
    const j = parseDaemonJson(text, 'daemon.json');
    expect(j.errors).toHaveLength(1);
    expect(j.errors[0].location.startLine).toBe(line);
    expect(j.errors[0].message).toMatch(message);
  });

  test('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const j = parseDaemonJson(s, 'd.json');
        for (const e of j.errors) expect(e.location.startLine).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.json(), (s) => {
        parseDaemonJson(s, 'd.json');
      }),
      { numRuns: 2000 },
    );
  });
});
