/**
 * `classifyCase`: the one function the sync engine calls for each new or changed case. It finds
 * the topic (rules and/or trained model, per the configured policy), the impact signals and the
 * priority, keeps a priority a person set, and explains every decision in `reasons`.
 */
import type { ClassificationConfig } from '../../config/schemas/classification.js';
import { compileRules, describeHit, runMatchers } from './compile-rules.js';
import type { MatcherHit } from './compile-rules.js';
import { predictTokens, prepareModel } from './model.js';
import type { LinearTextModel, PreparedModel, TermContribution } from './model.js';
import { choosePriority, describePriorityRule } from './priority.js';
import type { Priority, PriorityDecision } from './priority.js';
import type { PriorityOrigin } from './priority-origin.js';
import { findImpactSignals } from './impact-signals.js';
import type { SignalModels } from './signal-models.js';
import { prepareText } from './text-match.js';
import type { CaseFieldValues, PreparedText } from './text-match.js';
import { detectScript } from './tokenize.js';

/** Case fields classification reads. Any other field may be given for field conditions. */
export interface CaseFields extends CaseFieldValues {
  Origin?: string | null;
  Type?: string | null;
  Customer_Tier__c?: string | null;
  Region__c?: string | null;
  /** Current priority, `P1`..`P4`. */
  Priority?: string | null;
  /** `human` when a person set Priority: it is kept, and the would-be priority is recorded. */
  Priority_Source__c?: string | null;
}

/** One case to classify. */
export interface CaseInput {
  subject: string;
  description: string;
  fields: CaseFields;
  /** Language code if known (e.g. from the case or contact); otherwise detected from the script. */
  languageHint?: string | undefined;
  /**
   * Whether `fields.Priority` is a person's choice, as the engine found from the case's history
   * (priority-origin.ts). Without it, only `Priority_Source__c = human` marks a person's priority.
   */
  priorityOrigin?: PriorityOrigin | undefined;
}

/** One line of explanation. `ref` names the rule, signal or model that decided. */
export interface ClassificationReason {
  kind: 'topic-rule' | 'topic-rule-outranked' | 'model' | 'model-not-used' | 'fallback' | 'signal' | 'signal-not-used' | 'priority-rule' | 'priority-default' | 'human-priority';
  ref: string;
  text: string;
  /** For `model`: the terms that weighed most for the chosen topic. */
  terms?: TermContribution[];
}

/** The outcome for one case. */
export interface ClassificationResult {
  topic: string;
  /** The priority to use: the person's when `prioritySource` is `human`, else casebridge's. */
  priority: string;
  /** 1 for a rule hit, the model's softmax confidence for a model topic, 0 for the fallback. */
  confidence: number;
  /** Where the topic came from. */
  source: 'rule' | 'model' | 'fallback';
  prioritySource: 'rule' | 'default' | 'human';
  /** What casebridge's rules chose; differs from `priority` only when a person's value was kept. */
  computedPriority: Priority;
  /** True when a person set the priority and casebridge would have chosen another one. */
  differsFromHuman: boolean;
  /** Impact signals found (ids from the config). */
  signals: string[];
  language: string;
  reasons: ClassificationReason[];
}

const preparedModels = new WeakMap<LinearTextModel, PreparedModel>();

function getPreparedModel(model: LinearTextModel): PreparedModel {
  let prepared = preparedModels.get(model);
  if (!prepared) {
    prepared = prepareModel(model);
    preparedModels.set(model, prepared);
  }
  return prepared;
}

function detectLanguage(text: string, hint: string | undefined): string {
  if (hint && hint.trim() !== '') return hint.trim().toLowerCase();
  return { cyrillic: 'ru', hebrew: 'he', latin: 'en', other: 'und' }[detectScript(text)];
}

type TopicChoice = Pick<ClassificationResult, 'topic' | 'confidence' | 'source'>;

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

function chooseTopic(config: ClassificationConfig, model: LinearTextModel | undefined, text: PreparedText, hits: ReadonlyArray<MatcherHit | null>, reasons: ClassificationReason[]): TopicChoice {
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

/** E.g. `priority rule wide-outage (signal in [outage, many_affected]) gives P1: signal many_affected fired`. */
function describePriorityDecision(config: ClassificationConfig, ruleId: string, decision: PriorityDecision): string {
  const base = `priority rule ${ruleId} (${describePriorityRule(config, ruleId)}) gives ${decision.priority}`;
  if (decision.firedSignals.length === 0) return base;
  return `${base}: signal${decision.firedSignals.length > 1 ? 's' : ''} ${decision.firedSignals.join(', ')} fired`;
}

/**
 * Classifies one case. Pure: the result depends only on the arguments (compiled rules and the
 * model's term index are cached per config/model object). `model` is optional; without it only
 * rules and the fallback decide the topic. `signalModels` holds the models signals name
 * (`readSignalModels`); a model signal whose model is not given does not fire, and says so.
 */
export function classifyCase(input: CaseInput, config: ClassificationConfig, model?: LinearTextModel, signalModels?: SignalModels): ClassificationResult {
  const text = `${input.subject}\n${input.description}`;
  const rules = compileRules(config);
  const prepared = prepareText(text);
  const hits = runMatchers(rules, prepared, input.fields);
  const reasons: ClassificationReason[] = [];
  const topicChoice = chooseTopic(config, model, prepared, hits, reasons);

  const signals = findImpactSignals(config, rules, hits, prepared, input.fields, signalModels, reasons);
  const decision = choosePriority(config, topicChoice.topic, new Set(signals), input.fields);
  reasons.push(
    decision.ruleId === undefined
      ? { kind: 'priority-default', ref: 'priority.default', text: `no priority rule matched: default ${decision.priority}` }
      : { kind: 'priority-rule', ref: `priority:${decision.ruleId}`, text: describePriorityDecision(config, decision.ruleId, decision) },
  );

  const humanPriority = input.fields.Priority?.trim();
  const origin = input.priorityOrigin;
  const isHuman = !!humanPriority && (origin ? origin.chosenByPerson : input.fields.Priority_Source__c?.trim().toLowerCase() === 'human');
  if (isHuman) {
    const differs = humanPriority !== decision.priority;
    const who = origin ? origin.why : `a person set ${humanPriority}`;
    reasons.push({
      kind: 'human-priority',
      ref: origin ? 'priority-origin' : 'Priority_Source__c',
      text: differs ? `${who}; kept (casebridge would have chosen ${decision.priority})` : `${who}; kept (casebridge agrees)`,
    });
  }
  // Named one by one, not spread from topicChoice: V8 copies a spread of objects whose confidence is
  // a whole number in some and a fraction in others on its generic slow path.
  return {
    topic: topicChoice.topic,
    confidence: topicChoice.confidence,
    source: topicChoice.source,
    priority: isHuman ? (humanPriority as string) : decision.priority,
    prioritySource: isHuman ? 'human' : decision.ruleId === undefined ? 'default' : 'rule',
    computedPriority: decision.priority,
    differsFromHuman: isHuman && humanPriority !== decision.priority,
    signals,
    language: detectLanguage(text, input.languageHint),
    reasons,
  };
}
