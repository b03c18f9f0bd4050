/**
 * Learned impact signals: a signal that names a model (`priority.signals[].model`) fires when that
 * model gives the signal's label at least the signal's `minConfidence`. Keyword lists catch an
 * outage told the way their writer foresaw; a model trained on the corpus's `impact` column also
 * catches "nobody on my street can get a car" and its like.
 */
import type { ClassificationConfig } from '../../config/schemas/classification.js';
import { getPreparedModel, predictTokens } from './model.js';
import type { LinearTextModel } from './model.js';
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

/** The config's model signals with their place in `priority.signals`, worked out once per config. */
const modelSignalsByConfig = new WeakMap<ClassificationConfig, Array<{ index: number; signal: SignalSpec }>>();

function listModelSignals(config: ClassificationConfig): Array<{ index: number; signal: SignalSpec }> {
  let found = modelSignalsByConfig.get(config);
  if (!found) {
    found = config.priority.signals.flatMap((signal, index) => (signal.model ? [{ index, signal }] : []));
    modelSignalsByConfig.set(config, found);
  }
  return found;
}

const NO_OUTCOMES: ReadonlyMap<number, ModelSignalOutcome> = new Map();

/**
 * Scores one case with every model its signals name, keyed by the signal's index. Each model runs
 * once per case however many signals read it (outage and injury signals may share one impact
 * model), and only if some signal's fields allow it. Runs for every case the sync classifies, so
 * it does no work for a config without model signals.
 */
export function evaluateModelSignals(config: ClassificationConfig, models: SignalModels | undefined, text: PreparedText, fields: CaseFieldValues): ReadonlyMap<number, ModelSignalOutcome> {
  const modelSignals = listModelSignals(config);
  if (modelSignals.length === 0) return NO_OUTCOMES;
  const outcomes = new Map<number, ModelSignalOutcome>();
  let probabilitiesByFile: Map<string, Float64Array> | undefined;
  for (const { index, signal } of modelSignals) {
    const spec = signal.model as NonNullable<SignalSpec['model']>;
    if (signal.fields && !signal.fields.every((condition) => isFieldConditionMet(condition, fields))) continue;
    const model = models?.get(spec.file);
    const labelIndex = model ? model.labels.indexOf(spec.label) : -1;
    if (!model || labelIndex < 0) {
      // The loader refuses a missing file or label; reaching here means the caller passed no models.
      outcomes.set(index, { fired: false, label: spec.label, confidence: undefined, minConfidence: spec.minConfidence, file: spec.file });
      continue;
    }
    probabilitiesByFile ??= new Map();
    let probabilities = probabilitiesByFile.get(spec.file);
    if (!probabilities) {
      probabilities = predictTokens(getPreparedModel(model), text.tokens, 0, text.infos).probabilities;
      probabilitiesByFile.set(spec.file, probabilities);
    }
    const confidence = probabilities[labelIndex] as number;
    outcomes.set(index, { fired: confidence >= spec.minConfidence, label: spec.label, confidence: Math.round(confidence * 1e4) / 1e4, minConfidence: spec.minConfidence, file: spec.file });
  }
  return outcomes;
}

/** The reason line, e.g. `impact model: wide_outage 0.83 (minConfidence 0.4, models/impact.json)`. */
export function describeModelSignal(outcome: ModelSignalOutcome): string {
  if (outcome.confidence === undefined) return `impact model ${outcome.file} not loaded: label ${outcome.label} not scored`;
  return `impact model: ${outcome.label} ${outcome.confidence} (minConfidence ${outcome.minConfidence}, ${outcome.file})`;
}
