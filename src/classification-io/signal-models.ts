/**
 * Reads the models that impact signals name (`priority.signals[].model.file`, relative to the
 * config directory), with the checks the YAML schema cannot make: the file exists and is a model,
 * and the signal's label is one the model was trained on. Errors name the signal, so a typo in
 * classification.yaml is found at start-up rather than as a signal that silently never fires.
 */
import { existsSync } from 'node:fs';
import nodePath from 'node:path';
import type { ClassificationConfig } from '../config/schemas/classification.js';
import type { LinearTextModel } from '../domain/classification/model.js';
import type { SignalModels } from '../domain/classification/signal-models.js';
import { InvalidInputError } from '../errors.js';
import { readModelFile } from './files.js';

/** Every problem with the signal models, one line each; empty when all load and fit. */
export function checkSignalModels(configDir: string, config: ClassificationConfig): { models: Map<string, LinearTextModel>; problems: string[] } {
  const models = new Map<string, LinearTextModel>();
  const problems: string[] = [];
  config.priority.signals.forEach((signal, index) => {
    const spec = signal.model;
    if (!spec) return;
    const where = `classification.yaml priority.signals[${index}] (${signal.id}): model.file ${spec.file}`;
    let model = models.get(spec.file);
    if (!model) {
      const path = nodePath.resolve(configDir, spec.file);
      if (!existsSync(path)) {
        problems.push(`${where}: no such file ${path} (train it with casebridge classify train --label impact --out ${path})`);
        return;
      }
      try {
        model = readModelFile(path);
      } catch (error) {
        problems.push(`${where}: ${(error as Error).message}`);
        return;
      }
      models.set(spec.file, model);
    }
    if (!model.labels.includes(spec.label)) problems.push(`${where}: unknown label "${spec.label}" (the model's labels: ${model.labels.join(', ')})`);
  });
  return { models, problems };
}

/** The signal models, keyed by `model.file` as written; throws InvalidInputError listing every problem. */
export function readSignalModels(configDir: string, config: ClassificationConfig): SignalModels {
  const { models, problems } = checkSignalModels(configDir, config);
  if (problems.length > 0) throw new InvalidInputError(problems.join('\n'));
  return models;
}
