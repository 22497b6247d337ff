import { DaemonSettings } from '../../src/host/settings.js';

describe('DaemonSettings', () => {
  test('flags and daemon.json merge; lists keep one entry per element', () => {
    const s = new DaemonSettings({
      commandLine: ['dockerd', '--insecure-registry', 'a:5000', '--config-file=/etc/docker/custom.json'],
      config: { text: '{\n  "insecure-registries": ["b:5000"],\n  "icc": false\n}' },
    });
    expect(s.configPath).toBe('/etc/docker/custom.json');
    expect(s.entries('insecure-registries').map((e) => [e.value, e.source])).toEqual([
      ['a:5000', 'flag'],
      ['b:5000', 'file'],
    ]);
    expect(s.bool('icc', true)).toMatchObject({ value: false, entry: { source: 'file', location: { startLine: 3 } } });
    expect(s.complete).toBe(true);
  });

  test('an absent setting has dockerd\'s default only when both sources are known', () => {
    const known = new DaemonSettings({ commandLine: ['dockerd'], config: {} });
    expect(known.configState).toBe('missing');
    expect(known.bool('live-restore', false)).toEqual({ value: false });
    const fileOnly = new DaemonSettings({ config: { text: '{}' } });
    expect(fileOnly.bool('live-restore', false)).toBeUndefined();
    expect(fileOnly.incompleteReason).toMatch(/command line is not visible/);
    const lineOnly = new DaemonSettings({ commandLine: ['dockerd'], config: { error: 'EACCES' } });
    expect(lineOnly.configState).toBe('unreadable');
    expect(lineOnly.bool('live-restore', false)).toBeUndefined();
  });

  test('an invalid daemon.json gives located errors and no values', () => {
    const s = new DaemonSettings({ commandLine: ['dockerd'], config: { text: '{\n "icc": false,,\n}' } });
    expect(s.configState).toBe('invalid');
    expect(s.configErrors[0].location).toMatchObject({ file: '/etc/docker/daemon.json', startLine: 2 });
    expect(s.first('icc')).toBeUndefined();
    expect(s.complete).toBe(false);
  });
});
