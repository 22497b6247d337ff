/**
 * What the gate creates in the engine (built images, images it pulled), so it can all be removed when the scan
 * ends: on success, on failure, and on SIGINT/SIGTERM. Built images carry the GATE_LABEL, so a leftover can
 * always be found with `docker images --filter label=org.cis-docker-gate.created=true`.
 */
import type Docker from 'dockerode';
import type { Engine } from './client.js';
import { interruptHandled, onInterrupt } from '../runtime/interrupt.js';

export const GATE_LABEL = 'org.cis-docker-gate.created';

export class EngineSession {
  private images: string[] = [];
  private removeOnSignal?: () => void;

  constructor(
    readonly engine: Engine,
    readonly keep: boolean,
    private readonly log: (line: string) => void = () => {},
  ) {}

  get docker(): Docker {
    return this.engine.docker;
  }

  /** Remembers an image (id or tag) the gate made or pulled, to remove at the end unless --keep-image. */
  track(image: string): void {
    this.images.push(image);
    if (!this.removeOnSignal && interruptHandled()) {
      // The edge handles SIGINT/SIGTERM: it runs this cleanup after the containers made from these images.
      this.removeOnSignal = onInterrupt(() => this.cleanup());
    } else if (!this.removeOnSignal) {
      const onSignal = (signal: NodeJS.Signals) => {
        this.cleanup().finally(() => process.kill(process.pid, signal));
      };
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      this.removeOnSignal = () => {
        process.removeListener('SIGINT', onSignal);
        process.removeListener('SIGTERM', onSignal);
      };
    }
  }

  /** Removes what the gate created (unless kept); never throws. */
  async cleanup(): Promise<void> {
    this.removeOnSignal?.();
    this.removeOnSignal = undefined;
    const images = this.images.splice(0).reverse();
    if (this.keep) {
      if (images.length) this.log(`kept image ${images.join(', ')} (--keep-image)`);
      return;
    }
    for (const ref of images) {
      try {
        await this.docker.getImage(ref).remove({ force: true, noprune: false });
      } catch (e) {
        const code = (e as { statusCode?: number }).statusCode;
        if (code !== 404) this.log(`could not remove image ${ref}: ${(e as Error).message}`);
      }
    }
  }
}
