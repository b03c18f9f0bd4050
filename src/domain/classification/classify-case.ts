/**
 * `classifyCase`: the one function the sync engine calls for each new or changed case. It finds
 * the topic (rules and/or trained model, per the configured policy), the impact signals and the
 * priority, keeps a priority a person set, and explains every decision in `reasons`.
 */
import type { ClassificationConfig } from '../../config/schemas/classification.js';
import { chooseTopic } from './choose-topic.js';
import { compileRules, runMatchers } from './compile-rules.js';
import type { LinearTextModel, TermContribution } from './model.js';
import { choosePriority, describePriorityRule } from './priority.js';
import type { Priority, PriorityDecision } from './priority.js';
import type { PriorityOrigin } from './priority-origin.js';
import { findImpactSignals } from './impact-signals.js';
import type { SignalModels } from './signal-models.js';
import { prepareText } from './text-match.js';
import type { CaseFieldValues } from './text-match.js';
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

function detectLanguage(text: string, hint: string | undefined): string {
  if (hint && hint.trim() !== '') return hint.trim().toLowerCase();
  return { cyrillic: 'ru', hebrew: 'he', latin: 'en', other: 'und' }[detectScript(text)];
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
