/**
 * Cleanup on SIGINT/SIGTERM. Whatever the gate creates in the engine registers a cleanup here while it exists
 * (a sandbox container, the images of a session); the edges (CLI, Action) install the signal handlers, which run
 * every pending cleanup, newest first (a container before the image it runs), then exit with 130 (SIGINT) or
 * 143 (SIGTERM). A second signal while cleaning up is ignored; a cleanup that hangs is abandoned after a bound.
 */

type Cleanup = () => Promise<void>;

const pending: Cleanup[] = [];
let installed = false;

/** Registers a cleanup; returns the function that unregisters it (call it once the thing is gone). */
export function onInterrupt(cleanup: Cleanup): () => void {
  pending.push(cleanup);
  return () => {
    const i = pending.lastIndexOf(cleanup);
    if (i >= 0) pending.splice(i, 1);
  };
}

/** Have the edge's signal handlers been installed (so nobody else needs to install their own)? */
export function interruptHandled(): boolean {
  return installed;
}

/** Runs every pending cleanup, newest first; never throws. */
export async function runInterruptCleanups(): Promise<void> {
  while (pending.length) {
    const cleanup = pending.pop()!;
    try {
      await cleanup();
    } catch {
      // best effort: the next one still runs
    }
  }
}

export const SIGNAL_EXIT: Record<'SIGINT' | 'SIGTERM', number> = { SIGINT: 130, SIGTERM: 143 };

/**
 * For the edges: on SIGINT/SIGTERM remove what this run created, then `exit(130|143)`. Returns the function
 * that uninstalls the handlers (when the run ends normally).
 */
export function installInterruptHandlers(
  exit: (code: number) => void = (code) => process.exit(code),
  say: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
  boundMs = 30_000,
): () => void {
  let cleaning = false;
  const handler = (signal: 'SIGINT' | 'SIGTERM') => {
    if (cleaning) return;
    cleaning = true;
    const code = SIGNAL_EXIT[signal];
    say(`cis-docker-gate: ${signal}: removing the containers and images this run created`);
    const timer = setTimeout(() => exit(code), boundMs);
    void runInterruptCleanups().finally(() => {
      clearTimeout(timer);
      exit(code);
    });
  };
  const onInt = () => handler('SIGINT');
  const onTerm = () => handler('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  installed = true;
  return () => {
    process.removeListener('SIGINT', onInt);
    process.removeListener('SIGTERM', onTerm);
    installed = false;
  };
}
