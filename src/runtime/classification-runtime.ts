/**
 * Wires the optional scheduled classifier retrain (classification.yaml `retrain.enabled`, off by
 * default) into a scheduling role. Nothing is attached unless classification is configured with a
 * `model.file` and the retrain is enabled. The retrained file is used by this process at once;
 * worker processes pick it up when they restart (see the README's Classification section).
 */
import * as retrainJob from '../jobs/classifier-retrain.js';
import type { OpenRuntime } from './open-runtime.js';

export interface AttachedClassifierRetrain {
  /** Schedules the retrain on `retrain.schedule`; it stops when the runtime closes. */
  startJobs(): void;
}

/** `configDir` is the directory classification.yaml was read from (`config.env.configDir`). */
export function attachClassifierRetrain(runtime: Pick<OpenRuntime, 'context' | 'onClose'>, configDir: string): AttachedClassifierRetrain | undefined {
  const config = runtime.context.classification?.config;
  if (!config?.retrain.enabled || !config.model.file) return undefined;
  return {
    startJobs: () => {
      const task = retrainJob.register({ ctx: runtime.context, configDir });
      if (!task) return;
      runtime.context.logger.info({ job: 'classifier-retrain', schedule: config.retrain.schedule }, 'classifier retrain scheduled');
      runtime.onClose('classifier retrain', async () => {
        await task.stop();
      });
    },
  };
}
