/**
 * `casebridge classify train --from-salesforce --since ISO [--label Topic__c] [--out FILE] [--corpus DIR]`:
 * the org's cases whose topic a person set or corrected (through the Salesforce adapter, compared
 * with the audit log), plus the shipped corpus, retrained behind the quality gate (see
 * classification-io/retrain.ts). Prints the gate (current vs new, per language) and what was read.
 */
import nodePath from 'node:path';
import { InvalidInputError } from '../errors.js';
import { parseFeatureSpec } from '../domain/classification/cli-format.js';
import { formatGate } from '../domain/classification/quality-gate.js';
import type { FeatureOptions } from '../domain/classification/features.js';
import { listHumanLabelledCases } from '../classification-io/org-labels.js';
import { retrainModel } from '../classification-io/retrain.js';
import { parseInstantOption } from './option-values.js';
import { withRuntime } from './run-with-runtime.js';

export interface TrainCliOptions {
  file?: string;
  text?: string;
  label?: string;
  out?: string;
  rows?: string;
  splitTest?: boolean;
  features?: string;
  c?: string;
  minDf?: string;
  nbBlend?: string;
  calibrate: boolean;
  fromSalesforce?: boolean;
  since?: string;
  corpus?: string;
}

/** The training settings given on the command line (undefined: the default, or the current model's). */
export function toTrainingOptions(options: TrainCliOptions): { features?: FeatureOptions; C?: number; minDf?: number; nbBlend?: number | null } {
  const C = options.c === undefined ? undefined : Number(options.c);
  const minDf = options.minDf === undefined ? undefined : Number(options.minDf);
  // `off`: the plain SVM, also when the current model (--from-salesforce) was blended.
  const nbBlend = options.nbBlend === undefined ? undefined : options.nbBlend === 'off' ? null : Number(options.nbBlend);
  if (C !== undefined && !(C > 0)) throw new InvalidInputError(`--c must be a positive number, not "${options.c}"`);
  if (minDf !== undefined && (!Number.isInteger(minDf) || minDf < 1)) throw new InvalidInputError(`--min-df must be a positive integer, not "${options.minDf}"`);
  if (typeof nbBlend === 'number' && !(nbBlend >= 0 && nbBlend <= 1)) {
    throw new InvalidInputError(`--nb-blend must be a number from 0 to 1 (the share of the SVM's own weights kept) or off, not "${options.nbBlend}"`);
  }
  return {
    ...(options.features ? { features: parseFeatureSpec(options.features) } : {}),
    ...(C !== undefined ? { C } : {}),
    ...(minDf !== undefined ? { minDf } : {}),
    ...(nbBlend !== undefined ? { nbBlend } : {}),
  };
}

export async function trainFromSalesforce(options: TrainCliOptions): Promise<void> {
  if (!options.since) throw new InvalidInputError('--from-salesforce needs --since DATE (ISO-8601, e.g. 2026-09-01)');
  const parsed = parseInstantOption('--since', options.since, '2026-09-01');
  if (!parsed.ok) throw new InvalidInputError(parsed.problem);
  const since = new Date(parsed.ms);
  if (options.file || options.text) throw new InvalidInputError('--from-salesforce trains on the corpus and the org; leave out --file and --text');
  const training = toTrainingOptions(options);
  await withRuntime(
    async (runtime, config) => {
      const classification = config.files.classification;
      if (!classification) throw new InvalidInputError(`${config.env.configDir}: no classification.yaml`);
      const modelPath = options.out ?? (classification.model.file ? nodePath.resolve(config.env.configDir, classification.model.file) : undefined);
      if (!modelPath) throw new InvalidInputError('give --out FILE, or set model.file in classification.yaml');
      const corpusDir = options.corpus ?? nodePath.resolve(config.env.configDir, classification.retrain.corpusDir);
      const labelField = options.label ?? classification.retrain.labelField;
      const org = await listHumanLabelledCases({ cases: runtime.context.cases, db: runtime.db.knex }, { since, labelField, tierField: classification.priority.tierField });
      const outcome = retrainModel({ corpusDir, orgCases: org.cases, modelPath, ...training });
      const summary = {
        since: since.toISOString(),
        labelField,
        orgCases: { read: org.read, humanLabelled: org.cases.length, casebridgeChoicesLeftOut: org.casebridgeChoices, unlabelled: org.unlabelled },
        trainRows: outcome.trainRows,
        heldOutRows: outcome.heldOutRows,
        trainMs: outcome.trainMs,
        model: modelPath,
        replaced: outcome.gate.accepted,
        ...(outcome.previousPath ? { previous: outcome.previousPath } : {}),
        gate: outcome.gate,
      };
      process.stderr.write(`${formatGate(outcome.gate)}\n`);
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      // A refused model is a normal outcome, but scripts should see it.
      if (!outcome.gate.accepted) process.exitCode = 2;
    },
    { queue: false },
  );
}
