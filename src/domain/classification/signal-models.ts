/**
 * Learned impact signals: a signal that names a model (`priority.signals[].model`) fires when that
 * model gives the signal's label at least the signal's `minConfidence`. Keyword lists catch an
 * outage told the way their writer foresaw; a model trained on the corpus's `impact` column also
 * catches "nobody on my street can get a car" and its like.
 */
import type { ClassificationConfig } from '../../config/schemas/classification.js';
import { predictTokens, prepareModel, toProbabilities } from './model.js';
import type { LinearTextModel, PreparedModel } from './model.js';
import { isFieldConditionMet } from './text-match.js';
import type { CaseFieldValues, PreparedText } from './text-match.js';

/** The models signals name, keyed by `model.file` exactly as written in classification.yaml. */
export type SignalModels = ReadonlyMap<string, LinearTextModel>;

/** What a model signal found on one case; `fired` when `confidence` reaches the threshold. */
export interface ModelSignalOutcome {
  fired: boolean;
  label: string;
  /** The label's softmax confidence, rounded to 4 places; undefined when the model was not loaded. */
  confidence: number | undefined;
  minConfidence: number;
  file: string;
}

type SignalSpec = ClassificationConfig['priority']['signals'][number];

const preparedModels = new WeakMap<LinearTextModel, PreparedModel>();

function prepared(model: LinearTextModel): PreparedModel {
  let found = preparedModels.get(model);
  if (!found) {
    found = prepareModel(model);
    preparedModels.set(model, found);
  }
  return found;
}

/**
 * Scores one case with every model its signals name. Each model runs once per case however many
 * signals read it (outage and injury signals share one impact model), and only if some signal's
 * fields allow it: scoring costs about as much as the topic model does.
 */
export function evaluateModelSignals(config: ClassificationConfig, models: SignalModels | undefined, text: PreparedText, fields: CaseFieldValues): Map<number, ModelSignalOutcome> {
  const outcomes = new Map<number, ModelSignalOutcome>();
  const probabilitiesByFile = new Map<string, Float64Array>();
  config.priority.signals.forEach((signal: SignalSpec, index) => {
    const spec = signal.model;
    if (!spec) return;
    if (signal.fields && !signal.fields.every((condition) => isFieldConditionMet(condition, fields))) return;
    const model = models?.get(spec.file);
    const base = { label: spec.label, minConfidence: spec.minConfidence, file: spec.file };
    const labelIndex = model ? model.labels.indexOf(spec.label) : -1;
    if (!model || labelIndex < 0) {
      // The loader refuses a missing file or label; reaching here means the caller passed no models.
      outcomes.set(index, { ...base, fired: false, confidence: undefined });
      return;
    }
    let probabilities = probabilitiesByFile.get(spec.file);
    if (!probabilities) {
      const prediction = predictTokens(prepared(model), text.tokens, 0, text.infos);
      probabilities = toProbabilities(prediction.scores, model.confidenceScale);
      probabilitiesByFile.set(spec.file, probabilities);
    }
    const confidence = probabilities[labelIndex] as number;
    outcomes.set(index, { ...base, fired: confidence >= spec.minConfidence, confidence: Math.round(confidence * 1e4) / 1e4 });
  });
  return outcomes;
}

/** The reason line, e.g. `impact model: wide_outage 0.83 (minConfidence 0.4, models/impact.json)`. */
export function describeModelSignal(outcome: ModelSignalOutcome): string {
  if (outcome.confidence === undefined) return `impact model ${outcome.file} not loaded: label ${outcome.label} not scored`;
  return `impact model: ${outcome.label} ${outcome.confidence} (minConfidence ${outcome.minConfidence}, ${outcome.file})`;
}
