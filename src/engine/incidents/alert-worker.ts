/**
 * Runs alert work in this process: `kick()` after a webhook recorded alerts (the answer does not
 * wait), and a periodic sweep for what another replica left (a crash, quiet hours ending, an issue
 * not created yet). One run at a time per process; a kick during a run makes one more run.
 */
import type { EngineContext } from '../context.js';
import type { AlertDeps } from './alert-deps.js';
import { processPendingAlerts } from './alert-process.js';
import type { AlertProcessOutcome } from './alert-process.js';

export interface AlertWorker {
  kick(): void;
  /** Resolves when no run is going on or due (tests, shutdown). */
  idle(): Promise<void>;
  /** One pass over what is pending now. */
  runOnce(): Promise<AlertProcessOutcome>;
}

export function createAlertWorker(ctx: EngineContext, deps: AlertDeps): AlertWorker {
  let running: Promise<void> | undefined;
  let again = false;
  const runOnce = () => processPendingAlerts(ctx, deps);
  const loop = async () => {
    do {
      again = false;
      try {
        await runOnce();
      } catch (error) {
        ctx.logger.error({ err: error }, 'alert worker pass failed; the sweep tries again');
      }
    } while (again);
  };
  return {
    kick() {
      if (running) {
        again = true;
        return;
      }
      running = loop().finally(() => (running = undefined));
    },
    async idle() {
      while (running) await running;
    },
    runOnce,
  };
}
