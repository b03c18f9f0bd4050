/**
 * The impact signals of one case (classification.yaml `priority.signals`): a signal fires when its
 * keywords or patterns hit (with its fields holding), or when its impact model is confident enough
 * (signal-models.ts). Each fired signal gets a reason line naming what fired it.
 */
import type { ClassificationConfig } from '../../config/schemas/classification.js';
import { describeHit } from './compile-rules.js';
import type { CompiledRules, MatcherHit } from './compile-rules.js';
import type { ClassificationReason } from './classify-case.js';
import { describeModelSignal, evaluateModelSignals } from './signal-models.js';
import type { SignalModels } from './signal-models.js';
import type { CaseFieldValues, PreparedText } from './text-match.js';

/** The ids of the signals that fired, in config order; their reasons are appended to `reasons`. */
export function findImpactSignals(
  config: ClassificationConfig,
  rules: CompiledRules,
  hits: ReadonlyArray<MatcherHit | null>,
  text: PreparedText,
  fields: CaseFieldValues,
  signalModels: SignalModels | undefined,
  reasons: ClassificationReason[],
): string[] {
  const signals: string[] = [];
  const modelOutcomes = evaluateModelSignals(config, signalModels, text, fields);
  config.priority.signals.forEach((signal, k) => {
    const matcher = rules.signalMatchers[k] as number;
    const hit = hits[matcher];
    // A model signal without keywords or patterns has fields only as a gate, not as a cue of its own.
    const textHit = hit && (rules.matchers[matcher]?.hasTextCondition || !signal.model) ? hit : null;
    const learned = modelOutcomes.get(k);
    if (learned && learned.confidence === undefined) reasons.push({ kind: 'signal-not-used', ref: `signal:${signal.id}`, text: `impact signal ${signal.id}: ${describeModelSignal(learned)}` });
    if (!textHit && !learned?.fired) return;
    const parts: string[] = [];
    if (textHit) parts.push(describeHit(textHit));
    if (learned?.fired) parts.push(describeModelSignal(learned));
    signals.push(signal.id);
    reasons.push({ kind: 'signal', ref: `signal:${signal.id}`, text: `impact signal ${signal.id}: ${parts.join('; ')}` });
  });
  return signals;
}
