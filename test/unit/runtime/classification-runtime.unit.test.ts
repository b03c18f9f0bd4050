/**
 * The scheduled classifier retrain is wired into scheduling roles only when classification.yaml
 * enables it: the task fires on `retrain.schedule`, reads the org's cases of the last `sinceDays`,
 * and stops when the runtime closes.
 */
import assert from 'node:assert/strict';
import { classificationFileSchema } from '../../../src/config/schemas/classification.js';
import type { EngineContext } from '../../../src/engine/context.js';
import { createLogger } from '../../../src/logging.js';
import { attachClassifierRetrain } from '../../../src/runtime/classification-runtime.js';
import { givenRawConfig } from '../classification/given.js';

const DAY_MS = 24 * 60 * 60 * 1000;

function givenRuntime(retrain: Record<string, unknown>, modelFile: string | null = 'models/topics.json') {
  const config = classificationFileSchema.parse(givenRawConfig({ retrain, model: modelFile ? { file: modelFile } : {} }));
  const reads: Date[] = [];
  const cases = {
    // The job's first step: reading the changed cases. Recording the window is enough to prove it ran.
    listChangedCases(since: Date): AsyncIterable<never[]> {
      reads.push(since);
      throw new Error('stop here: the test only checks that the retrain started');
    },
  };
  const stoppers: Array<{ name: string; stop: () => Promise<void> }> = [];
  const context = { classification: { config, model: undefined }, cases, db: undefined, logger: createLogger({ level: 'silent' }) } as unknown as EngineContext;
  const runtime = { context, onClose: (name: string, stop: () => Promise<void>) => stoppers.push({ name, stop }) };
  return { runtime, reads, stoppers };
}

describe('scheduled classifier retrain in the runtime', () => {
  it('is not attached when retrain is off (the default) or no model file is configured', () => {
    assert.equal(attachClassifierRetrain(givenRuntime({}).runtime, '/tmp'), undefined);
    assert.equal(attachClassifierRetrain(givenRuntime({ enabled: true }, null).runtime, '/tmp'), undefined);
  });

  it('fires on retrain.schedule, reads the cases of the last sinceDays, and stops with the runtime', async function () {
    this.timeout(5000);
    const { runtime, reads, stoppers } = givenRuntime({ enabled: true, schedule: '* * * * * *', sinceDays: 7 });
    const attached = attachClassifierRetrain(runtime, '/tmp');
    assert.ok(attached);
    attached.startJobs();
    assert.deepEqual(
      stoppers.map((s) => s.name),
      ['classifier retrain'],
    );
    const started = Date.now();
    while (reads.length === 0 && Date.now() - started < 3000) await new Promise((resolve) => setTimeout(resolve, 50));
    await stoppers[0]?.stop();
    assert.ok(reads.length > 0, 'the scheduled retrain never ran');
    const windowDays = (Date.now() - (reads[0] as Date).getTime()) / DAY_MS;
    assert.ok(Math.abs(windowDays - 7) < 0.01, `window ${windowDays} days`);
    const count = reads.length;
    await new Promise((resolve) => setTimeout(resolve, 1200));
    assert.equal(reads.length, count, 'the task kept firing after the runtime closed');
  });
});
