/**
 * Classification in the sync pass: a case without a topic is classified before routing; its topic
 * (and its priority, unless a person chose it) is written to the case with the other updates. A
 * priority a person chose is kept; when casebridge would have chosen another, the audit log says so.
 * Whether a person chose it comes from the case (creator, last writer, the org's default) and from
 * the audit log (the priority casebridge last set), see domain/classification/priority-origin.ts.
 */
import { classifyCase } from '../domain/classification/classify-case.js';
import { findPriorityOrigin } from '../domain/classification/priority-origin.js';
import type { CaseRecord } from '../domain/sync/records.js';
import { listAuditForObjects } from '../adapters/store/audit-log.js';
import type { AuditEntry } from '../adapters/store/audit-log.js';
import type { EngineContext } from './context.js';
import { findSalesforceUserId } from './identities.js';

/** Case fields classification needs besides the ones the sync reads anyway. */
export const CLASSIFICATION_FIELDS = ['Origin', 'Type', 'Customer_Tier__c', 'Region__c', 'Priority_Source__c', 'Language__c', 'Topic__c', 'CreatedById'] as const;

const AUDIT_TYPE = 'classification';
const asText = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** Case id → the priority casebridge's classification last set on it (not one it kept). */
async function findPrioritiesSetByCasebridge(ctx: EngineContext, caseIds: readonly string[]): Promise<Map<string, string>> {
  const set = new Map<string, string>();
  for (const entry of await listAuditForObjects(ctx.db, AUDIT_TYPE, caseIds)) {
    const priority = asText(entry.after?.priority);
    if (entry.objectId && !set.has(entry.objectId) && entry.after?.prioritySource !== 'human' && priority) set.set(entry.objectId, priority);
  }
  return set;
}

export interface ClassificationUpdates {
  /** Case id → fields to write (Topic__c, Priority, Priority_Source__c). */
  updates: Map<string, Record<string, unknown>>;
  audit: AuditEntry[];
}

/** Classifies the cases that have no topic yet; updates `record.fields` in place so routing sees the topic. */
export async function classifyNewCases(ctx: EngineContext, cases: readonly CaseRecord[], meta: { correlationId: string; jobId?: string }): Promise<ClassificationUpdates> {
  const result: ClassificationUpdates = { updates: new Map(), audit: [] };
  const classification = ctx.classification;
  const pending = cases.filter((record) => !record.fields.Topic__c);
  if (!classification || pending.length === 0) return result;
  const [integrationUserId, setBefore] = await Promise.all([
    findSalesforceUserId(ctx),
    findPrioritiesSetByCasebridge(
      ctx,
      pending.map((c) => c.id),
    ),
  ]);
  for (const record of pending) {
    const priorityOrigin = findPriorityOrigin({
      current: asText(record.fields.Priority),
      sourceField: asText(record.fields.Priority_Source__c),
      orgDefault: classification.config.priority.orgDefault,
      lastSetByCasebridge: setBefore.get(record.id),
      createdById: asText(record.fields.CreatedById),
      lastModifiedById: record.lastModifiedById || undefined,
      integrationUserId,
    });
    const outcome = classifyCase(
      {
        subject: String(record.fields.Subject ?? ''),
        description: String(record.fields.Description ?? ''),
        fields: record.fields as Record<string, string | null>,
        languageHint: (record.fields.Language__c as string | null | undefined) ?? undefined,
        priorityOrigin,
      },
      classification.config,
      classification.model,
      classification.signalModels,
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
      objectType: AUDIT_TYPE,
      objectId: record.id,
      action: outcome.differsFromHuman ? 'classify-kept-human-priority' : 'classify',
      after: {
        topic: outcome.topic,
        priority: outcome.priority,
        computedPriority: outcome.computedPriority,
        confidence: outcome.confidence,
        source: outcome.source,
        prioritySource: outcome.prioritySource,
      },
      note: outcome.reasons
        .map((r) => r.text)
        .join('; ')
        .slice(0, 2000),
      correlationId: meta.correlationId,
      jobId: meta.jobId,
    });
  }
  return result;
}
