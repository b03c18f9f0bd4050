/**
 * Evaluates labelled cases the way `classify eval`, the retrain quality gate and the benchmark all
 * do: topics from the model alone, or from `classifyCase` (rules + model, as casebridge would write
 * them) when a config is given; figures overall, per language and per topic; with a config, P1
 * recall on the cases with an impact, given each case's customer tier.
 */
import type { ClassificationConfig } from '../../config/schemas/classification.js';
import { classifyCase } from './classify-case.js';
import { evaluateByGroup, measureP1Recall } from './evaluation.js';
import type { P1Recall, PriorityOutcome } from './evaluation.js';
import { evaluatePredictions } from './metrics.js';
import type { EvaluationReport } from './metrics.js';
import { predictLabel, prepareModel } from './model.js';
import type { LinearTextModel } from './model.js';
import type { SignalModels } from './signal-models.js';

/** One labelled case. */
export interface LabelledCase {
  id: string;
  /** Subject and description joined by a line break. */
  text: string;
  topic: string;
  /** Language code; `und` when unknown. */
  language: string;
  /** Customer tier, given to the priority rules (config `priority.tierField`). */
  tier?: string | undefined;
  /** Impact label (`none`, `wide_outage`, `safety_injury`, …); cases with another value than `none` must get P1. */
  impact?: string | undefined;
}

/** Everything `classify eval --json` prints. */
export interface CaseEvaluation extends EvaluationReport {
  /** `model`: the model's label alone; `classifyCase`: rules, model and fallback per the config's policy. */
  predictor: 'model' | 'classifyCase';
  perLanguage: Record<string, EvaluationReport>;
  /** With a config and impact labels only. */
  p1?: P1Recall;
}

/** Evaluates `cases`; needs a model, a config, or both. */
export function evaluateCases(
  cases: readonly LabelledCase[],
  using: { model?: LinearTextModel | undefined; config?: ClassificationConfig | undefined; signalModels?: SignalModels | undefined },
): CaseEvaluation {
  const { model, config, signalModels } = using;
  const truth = cases.map((c) => c.topic);
  const languages = cases.map((c) => c.language || 'und');
  if (!config) {
    if (!model) throw new RangeError('evaluateCases needs a model or a config');
    const prepared = prepareModel(model);
    const predicted = cases.map((c) => predictLabel(prepared, c.text));
    return { ...evaluatePredictions(truth, predicted), predictor: 'model', perLanguage: evaluateByGroup(truth, predicted, languages) };
  }
  const outcomes: PriorityOutcome[] = [];
  const predicted = cases.map((c) => {
    const fields = c.tier ? { [config.priority.tierField]: c.tier } : {};
    const result = classifyCase({ subject: c.text, description: '', fields, languageHint: c.language || undefined }, config, model, signalModels);
    outcomes.push({ id: c.id, impact: c.impact ?? '', priority: result.priority, topic: result.topic, signals: result.signals });
    return result.topic;
  });
  const hasImpact = cases.some((c) => c.impact !== undefined);
  return {
    ...evaluatePredictions(truth, predicted),
    predictor: 'classifyCase',
    perLanguage: evaluateByGroup(truth, predicted, languages),
    ...(hasImpact ? { p1: measureP1Recall(outcomes) } : {}),
  };
}
