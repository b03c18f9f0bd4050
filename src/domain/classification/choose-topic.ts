/**
 * The topic of one case: the rule topics ranked (precedence, then score, then config order), the
 * model's topic if it is confident enough, and the configured policy between them
 * (`rules-first` or `model-first`; a rule of higher precedence beats a confident model), else
 * the fallback topic. Every step leaves its reason.
 */
import type { ClassificationConfig } from '../../config/schemas/classification.js';
import type { ClassificationReason, ClassificationResult } from './classify-case.js';
import { compileRules, describeHit } from './compile-rules.js';
import type { MatcherHit } from './compile-rules.js';
import { getPreparedModel, predictTokens } from './model.js';
import type { LinearTextModel } from './model.js';
import type { PreparedText } from './text-match.js';

export type TopicChoice = Pick<ClassificationResult, 'topic' | 'confidence' | 'source'>;

/** The winning rule topic, its precedence and the reasons to give if it is used. */
interface RuleRanking {
  topic: string;
  precedence: number;
  reasons: ClassificationReason[];
}

/** Rule candidates: highest precedence first, then highest score, then config order. */
function rankRuleTopics(config: ClassificationConfig, hits: ReadonlyArray<MatcherHit | null>): RuleRanking | undefined {
  const rules = compileRules(config);
  const candidates: Array<{ topic: string; precedence: number; score: number; order: number; lines: ClassificationReason[] }> = [];
  config.topics.forEach((topic, order) => {
    let score = 0;
    const lines: ClassificationReason[] = [];
    for (const { matcher, weight } of rules.topicRules[order] ?? []) {
      const hit = hits[matcher];
      if (!hit) continue;
      score += weight;
      const ref = rules.matchers[matcher]?.ref ?? topic.id;
      lines.push({ kind: 'topic-rule', ref, text: `${ref} (weight ${weight}): ${describeHit(hit)}` });
    }
    if (score > 0) candidates.push({ topic: topic.id, precedence: topic.precedence, score, order, lines });
  });
  candidates.sort((a, b) => b.precedence - a.precedence || b.score - a.score || a.order - b.order);
  const [winner, ...others] = candidates;
  if (!winner) return undefined;
  const reasons = [...winner.lines];
  for (const other of others) {
    const refs = other.lines.map((l) => l.ref).join(', ');
    reasons.push({
      kind: 'topic-rule-outranked',
      ref: refs,
      text: `${other.topic} also matched (precedence ${other.precedence}, score ${other.score}) but ${winner.topic} ranks first (precedence ${winner.precedence}, score ${winner.score})`,
    });
  }
  return { topic: winner.topic, precedence: winner.precedence, reasons };
}

function tryModel(config: ClassificationConfig, model: LinearTextModel | undefined, text: PreparedText, reasons: ClassificationReason[]): TopicChoice | undefined {
  if (!model) return undefined;
  const prediction = predictTokens(getPreparedModel(model), text.tokens, config.model.topTerms, text.infos);
  const confidence = Math.round(prediction.confidence * 1e4) / 1e4;
  if (!config.topics.some((t) => t.id === prediction.label)) {
    reasons.push({ kind: 'model-not-used', ref: 'model', text: `model predicted "${prediction.label}", which is not a configured topic` });
    return undefined;
  }
  if (prediction.confidence < config.model.minConfidence) {
    reasons.push({ kind: 'model-not-used', ref: 'model', text: `model predicted ${prediction.label} with confidence ${confidence}, below model.minConfidence ${config.model.minConfidence}` });
    return undefined;
  }
  reasons.push({ kind: 'model', ref: 'model', text: `model predicted ${prediction.label} with confidence ${confidence}`, terms: prediction.topTerms });
  return { topic: prediction.label, confidence, source: 'model' };
}

const precedenceOf = (config: ClassificationConfig, topic: string): number => config.topics.find((t) => t.id === topic)?.precedence ?? 0;

/** The topic of a case and where it came from; its reasons are appended to `reasons`. */
export function chooseTopic(
  config: ClassificationConfig,
  model: LinearTextModel | undefined,
  text: PreparedText,
  hits: ReadonlyArray<MatcherHit | null>,
  reasons: ClassificationReason[],
): TopicChoice {
  const ranking = rankRuleTopics(config, hits);
  const fromRules = (): TopicChoice | undefined => {
    if (!ranking) return undefined;
    reasons.push(...ranking.reasons);
    return { topic: ranking.topic, confidence: 1, source: 'rule' };
  };
  let choice: TopicChoice | undefined;
  if (config.policy === 'model-first') {
    choice = tryModel(config, model, text, reasons);
    // Precedence holds against the model too: a safety rule hit is never filed under the app it happened in.
    if (choice && ranking && ranking.precedence > precedenceOf(config, choice.topic)) {
      reasons.push({ kind: 'model-not-used', ref: 'precedence', text: `rule topic ${ranking.topic} (precedence ${ranking.precedence}) outranks the model's ${choice.topic}` });
      choice = fromRules();
    }
    choice ??= fromRules();
  } else choice = fromRules() ?? tryModel(config, model, text, reasons);
  if (choice) return choice;
  reasons.push({ kind: 'fallback', ref: 'fallbackTopic', text: `no rule matched and no confident model topic: ${config.fallbackTopic}` });
  return { topic: config.fallbackTopic, confidence: 0, source: 'fallback' };
}
