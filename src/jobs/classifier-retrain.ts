/**
 * Retrains the topic model from the org on a schedule (classification.yaml `retrain`, off by
 * default): the cases changed in the last `sinceDays` whose topic a person set or corrected, plus
 * the shipped corpus, behind the quality gate (classification-io/retrain.ts). An accepted model is
 * written to `model.file` and used by this process from the next case on. Each replica keeps its own
 * model file, so each retrains its own copy; the gate makes a repeated run harmless.
 * `register()` only schedules; `run()` does the work (tests call it).
 */
import nodePath from 'node:path';
import type { ScheduledTask } from 'node-cron';
import type { EngineContext } from '../engine/context.js';
import { readModelFile } from '../classification-io/files.js';
import { listHumanLabelledCases } from '../classification-io/org-labels.js';
import { retrainModel } from '../classification-io/retrain.js';
import type { RetrainOutcome } from '../classification-io/retrain.js';
import { scheduleJob } from './schedule.js';

export interface RetrainJobDeps {
  ctx: EngineContext;
  /** Directory classification.yaml was read from; `model.file` and `retrain.corpusDir` are relative to it. */
  configDir: string;
  now?: () => Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** One retrain; undefined when classification or `model.file` is not configured. */
export async function run(deps: RetrainJobDeps): Promise<RetrainOutcome | undefined> {
  const classification = deps.ctx.classification;
  if (!classification?.config.model.file) return undefined;
  const { retrain, model, priority } = classification.config;
  const modelPath = nodePath.resolve(deps.configDir, model.file as string);
  const since = new Date((deps.now ?? (() => new Date()))().getTime() - retrain.sinceDays * DAY_MS);
  const org = await listHumanLabelledCases({ cases: deps.ctx.cases, db: deps.ctx.db }, { since, labelField: retrain.labelField, tierField: priority.tierField });
  const outcome = retrainModel({ corpusDir: nodePath.resolve(deps.configDir, retrain.corpusDir), orgCases: org.cases, modelPath });
  deps.ctx.logger.info({ job: 'classifier-retrain', orgCases: org.cases.length, gate: outcome.gate }, `classifier retrain: ${outcome.gate.why}`);
  if (outcome.gate.accepted) classification.model = readModelFile(modelPath);
  return outcome;
}

/** Schedules the job when `retrain.enabled`; returns undefined otherwise. */
export function register(deps: RetrainJobDeps): ScheduledTask | undefined {
  const retrain = deps.ctx.classification?.config.retrain;
  if (!retrain?.enabled) return undefined;
  return scheduleJob('classifier-retrain', retrain.schedule, deps.ctx.logger, () => run(deps));
}
