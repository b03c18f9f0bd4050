/**
 * Classification in the sync pass: a case without a topic is classified before routing; its topic
 * (and its priority, unless a person set it) is written to the case with the other updates. A
 * priority a person chose is kept; when casebridge would have chosen another, the audit log says so.
 */
import { classifyCase } from '../domain/classification/classify-case.js';
import type { CaseRecord } from '../domain/sync/records.js';
import type { AuditEntry } from '../adapters/store/audit-log.js';
import type { EngineContext } from './context.js';

/** Case fields classification needs besides the ones the sync reads anyway. */
export const CLASSIFICATION_FIELDS = ['Origin', 'Type', 'Customer_Tier__c', 'Region__c', 'Priority_Source__c', 'Language__c', 'Topic__c'] as const;

export interface ClassificationUpdates {
  /** Case id → fields to write (Topic__c, Priority, Priority_Source__c). */
  updates: Map<string, Record<string, unknown>>;
  audit: AuditEntry[];
}

/** Classifies the cases that have no topic yet; updates `record.fields` in place so routing sees the topic. */
export function classifyNewCases(ctx: EngineContext, cases: readonly CaseRecord[], meta: { correlationId: string; jobId?: string }): ClassificationUpdates {
  const result: ClassificationUpdates = { updates: new Map(), audit: [] };
  const classification = ctx.classification;
  if (!classification) return result;
  for (const record of cases) {
    if (record.fields.Topic__c) continue;
    const outcome = classifyCase(
      {
        subject: String(record.fields.Subject ?? ''),
        description: String(record.fields.Description ?? ''),
        fields: record.fields as Record<string, string | null>,
        languageHint: (record.fields.Language__c as string | null | undefined) ?? undefined,
      },
      classification.config,
      classification.model,
    );
    const updates: Record<string, unknown> = { Topic__c: outcome.topic };
    if (outcome.prioritySource !== 'human' && outcome.priority !== record.fields.Priority) {
      updates.Priority = outcome.priority;
      updates.Priority_Source__c = 'casebridge';
    }
    Object.assign(record.fields, updates);
    result.updates.set(record.id, updates);
    result.audit.push({
      system: 'casebridge',
      objectType: 'classification',
      objectId: record.id,
      action: outcome.differsFromHuman ? 'classify-kept-human-priority' : 'classify',
      after: { topic: outcome.topic, priority: outcome.priority, computedPriority: outcome.computedPriority, confidence: outcome.confidence, source: outcome.source, prioritySource: outcome.prioritySource },
      note: outcome.reasons.map((r) => r.text).join('; ').slice(0, 2000),
      correlationId: meta.correlationId,
      jobId: meta.jobId,
    });
  }
  return result;
}
