/**
 * Retraining the topic model from the shipped corpus plus the org's human-labelled cases, behind
 * the quality gate: `classify train --from-salesforce` and the scheduled retrain job both call
 * `retrainModel`. Every 5th org case (by position) is held out of training and joins the corpus's
 * held-out file in the gate's evaluation. An accepted model is written atomically (a temporary
 * file, then rename), and the model it replaces is copied next to it as `<file>.previous` first.
 */
import { copyFileSync, existsSync } from 'node:fs';
import nodePath from 'node:path';
import { evaluateCases } from '../domain/classification/evaluate-cases.js';
import type { LabelledCase } from '../domain/classification/evaluate-cases.js';
import type { FeatureOptions } from '../domain/classification/features.js';
import { decideGate } from '../domain/classification/quality-gate.js';
import type { GateDecision } from '../domain/classification/quality-gate.js';
import { trainTextModel } from '../domain/classification/train.js';
import { readModelFile, writeModelFile } from './files.js';
import { readLabelledCases } from './labelled-cases.js';

/** The corpus's two files, with its column names. */
export const CORPUS_COLUMNS = { textColumns: ['subject', 'description'], labelColumn: 'topic', idColumn: 'id', languageColumn: 'language', tierColumn: 'tier', impactColumn: 'impact' };

export interface RetrainInput {
  /** Directory holding train.csv and heldout.csv (the shipped corpus). */
  corpusDir: string;
  /** Human-labelled org cases (see org-labels.ts); may be empty. */
  orgCases: readonly LabelledCase[];
  /** The model file to replace. */
  modelPath: string;
  features?: FeatureOptions;
  C?: number;
  minDf?: number;
  /** The naive Bayes blend (nb-blend.ts); null: none, whatever the current model had. */
  nbBlend?: number | null;
}

export interface RetrainOutcome {
  gate: GateDecision;
  trainRows: { corpus: number; org: number };
  heldOutRows: { corpus: number; org: number };
  trainMs: number;
  /** Where the replaced model was kept, when one was replaced. */
  previousPath?: string;
}

const isOrgHeldOut = (position: number): boolean => position % 5 === 4;

export function retrainModel(input: RetrainInput): RetrainOutcome {
  const corpusTrain = readLabelledCases(nodePath.join(input.corpusDir, 'train.csv'), CORPUS_COLUMNS);
  const corpusHeldOut = readLabelledCases(nodePath.join(input.corpusDir, 'heldout.csv'), CORPUS_COLUMNS);
  const orgTrain = input.orgCases.filter((_, i) => !isOrgHeldOut(i));
  const orgHeldOut = input.orgCases.filter((_, i) => isOrgHeldOut(i));
  const training = [...corpusTrain, ...orgTrain];
  const heldOut = [...corpusHeldOut, ...orgHeldOut];
  const current = existsSync(input.modelPath) ? readModelFile(input.modelPath) : undefined;
  // The current model's settings unless told otherwise: a retrain changes the data, not the recipe.
  const settings = {
    features: input.features ?? current?.features,
    C: input.C ?? current?.trainedOn.C ?? 1,
    minDf: input.minDf ?? current?.trainedOn.minDf ?? 2,
    nbBlend: input.nbBlend === null ? undefined : (input.nbBlend ?? current?.trainedOn.nbBlend),
  };
  const started = performance.now();
  const candidate = trainTextModel(
    training.map((c) => c.text),
    training.map((c) => c.topic),
    {
      ...(settings.features ? { features: settings.features } : {}),
      C: settings.C,
      minDf: settings.minDf,
      nbBlend: settings.nbBlend,
      textColumns: CORPUS_COLUMNS.textColumns,
      labelColumn: CORPUS_COLUMNS.labelColumn,
    },
  );
  const trainMs = Math.round(performance.now() - started);
  const gate = decideGate(current ? evaluateCases(heldOut, { model: current }) : undefined, evaluateCases(heldOut, { model: candidate }));
  const outcome: RetrainOutcome = { gate, trainRows: { corpus: corpusTrain.length, org: orgTrain.length }, heldOutRows: { corpus: corpusHeldOut.length, org: orgHeldOut.length }, trainMs };
  if (!gate.accepted) return outcome;
  if (current) {
    // A copy, not a move: the model file is never missing, even for a moment.
    const previousPath = `${input.modelPath}.previous`;
    copyFileSync(input.modelPath, previousPath);
    outcome.previousPath = previousPath;
  }
  writeModelFile(input.modelPath, candidate);
  return outcome;
}
