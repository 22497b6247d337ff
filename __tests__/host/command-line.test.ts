import { isDaemonCommand, parseCommandLine, splitCommandLine } from '../../src/host/command-line.js';

describe('parseCommandLine', () => {
  test('reads pflag forms, with the column of each flag in the joined line', () => {
    const argv = ['/usr/bin/dockerd', '-H', 'fd://', '--host=tcp://0.0.0.0:2375', '-Hunix:///x.sock', '--icc=false', '--live-restore', '--log-level', 'warn', '-D', '--default-ulimit', 'nofile=1:2'];
    const flags = parseCommandLine(argv);
    expect(flags.map((f) => [f.name, f.value])).toEqual([
      ['host', 'fd://'],
      ['host', 'tcp://0.0.0.0:2375'],
      ['host', 'unix:///x.sock'],
      ['icc', 'false'],
      ['live-restore', true],
      ['log-level', 'warn'],
      ['debug', true],
      ['default-ulimit', 'nofile=1:2'],
    ]);
    const line = argv.join(' ');
    for (const f of flags) expect(line.slice(f.location.startColumn - 1, f.location.endColumn - 1)).toBe(f.text);
  });

  test('a boolean flag does not swallow the next argument', () => {
    expect(parseCommandLine(['dockerd', '--tlsverify', '-H', 'tcp://h:2376']).map((f) => f.name)).toEqual(['tlsverify', 'host']);
  });

  test('docker daemon (old form) and dockerd are daemons; docker run is not', () => {
    expect(isDaemonCommand(['/usr/bin/dockerd'])).toBe(true);
    expect(isDaemonCommand(['docker', 'daemon', '-D'])).toBe(true);
    expect(isDaemonCommand(['docker', 'run', 'x'])).toBe(false);
    expect(parseCommandLine(['docker', 'daemon', '-D']).map((f) => f.name)).toEqual(['debug']);
  });

  test('splitCommandLine keeps quoted values whole', () => {
    expect(splitCommandLine(`dockerd --label "a b" --x='y z'  -D`)).toEqual(['dockerd', '--label', 'a b', '--x=y z', '-D']);
  });
});
