/** The cleanup registry the CLI and Action edges run on SIGINT/SIGTERM. */
import { installInterruptHandlers, interruptHandled, onInterrupt, runInterruptCleanups } from '../../src/runtime/interrupt.js';

test('cleanups run newest first (a container before its image), each once, and a failing one does not stop the rest', async () => {
  const order: string[] = [];
  onInterrupt(async () => void order.push('image'));
  onInterrupt(async () => {
    order.push('broken');
    throw new Error('engine gone');
  });
  const off = onInterrupt(async () => void order.push('unregistered'));
  onInterrupt(async () => void order.push('container'));
  off();
  await runInterruptCleanups();
  await runInterruptCleanups();
  expect(order).toEqual(['container', 'broken', 'image']);
});

test.each([
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const)('%s: the handlers clean up, then exit with %i; a second signal is ignored', async (signal, code) => {
  const exits: number[] = [];
  const said: string[] = [];
  let release!: () => void;
  const removed = new Promise<void>((r) => (release = r));
  onInterrupt(async () => {
    await removed;
  });
  const uninstall = installInterruptHandlers((c) => exits.push(c), (l) => said.push(l));
  expect(interruptHandled()).toBe(true);
  try {
    process.emit(signal);
    process.emit(signal);
    await new Promise((r) => setTimeout(r, 20));
    expect(exits).toEqual([]);
    release();
    await new Promise((r) => setTimeout(r, 20));
    expect(exits).toEqual([code]);
    expect(said).toEqual([`cis-docker-gate: ${signal}: removing the containers and images this run created`]);
  } finally {
    uninstall();
  }
  expect(interruptHandled()).toBe(false);
});
