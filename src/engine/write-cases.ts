/**
 * The Salesforce writes of a sync pass: the pair plans' case fields and the classification results,
 * one collection entry per case, sent in one `updateCases`. Each case written gets the fingerprint of
 * its synced fields as an own-write snapshot (the Salesforce poll skips our own write by it) and an
 * audit entry; a pair whose case write failed or was kept for later no longer counts as succeeded.
 */
import type { CaseRecord } from '../domain/sync/records.js';
import type { PairPlan } from '../domain/sync/plan-pair.js';
import type { AuditEntry } from '../adapters/store/audit-log.js';
import type { Snapshot } from '../adapters/store/snapshots.js';
import type { EngineContext } from './context.js';
import { fingerprintFields } from './read-fields.js';
import { OWN_WRITE_SNAPSHOT } from './feeds/salesforce-poll.js';
import type { PlannedPair } from './plan-pairs.js';
import { keepForLater, pickValues } from './sync-outcome.js';
import type { PassMeta, SyncOutcome } from './sync-outcome.js';

/** Case id → the fields to write, their values before, and the pair plan they come from (if any). */
export type CaseWrites = Map<string, { fields: Record<string, unknown>; before: Record<string, unknown>; plan?: PairPlan }>;

/** Classification results first, then each pair's case updates over them. */
export function collectCaseWrites(classified: ReadonlyMap<string, Record<string, unknown>>, originalFields: ReadonlyMap<string, Record<string, unknown>>, plans: readonly PlannedPair[]): CaseWrites {
  const caseWrites: CaseWrites = new Map();
  for (const [caseId, fields] of classified) caseWrites.set(caseId, { fields: { ...fields }, before: pickValues(originalFields.get(caseId) ?? {}, fields) });
  for (const { plan, record } of plans) {
    if (Object.keys(plan.caseUpdates).length === 0) continue;
    const entry = caseWrites.get(plan.caseId) ?? { fields: {}, before: {} };
    Object.assign(entry.fields, plan.caseUpdates);
    Object.assign(entry.before, pickValues(record.fields, plan.caseUpdates));
    caseWrites.set(plan.caseId, { ...entry, plan });
  }
  return caseWrites;
}

export interface CaseWriteContext {
  outcome: SyncOutcome;
  audit: AuditEntry[];
  /** Plans whose writes all succeeded so far; a failed case write takes its plan out. */
  succeeded: Set<PairPlan>;
  /** Own-write snapshots of the cases written, for the pass to record. */
  ownWrites: Snapshot[];
  /** The cases as read, before and after classification, and the fields the pass fingerprints. */
  originalFields: ReadonlyMap<string, Record<string, unknown>>;
  caseById: ReadonlyMap<string, CaseRecord>;
  passFields: readonly string[];
  meta: PassMeta;
}

/** Sends the case writes (nothing when there are none) and books each case's outcome. */
export async function writeCases(ctx: EngineContext, caseWrites: CaseWrites, pass: CaseWriteContext): Promise<void> {
  if (caseWrites.size === 0) return;
  const entries = [...caseWrites.entries()];
  const results = await ctx.cases.updateCases(entries.map(([id, { fields }]) => ({ id, fields })));
  entries.forEach(([caseId, { fields, before, plan }], index) => {
    const result = results[index];
    if (result && !result.ok && result.error.disposition === 'refusedForNow') {
      if (plan) pass.succeeded.delete(plan);
      keepForLater(pass.outcome, caseId, result.error);
    } else if (result?.ok) {
      pass.outcome.caseUpdates++;
      const after = { ...pass.originalFields.get(caseId), ...pass.caseById.get(caseId)?.fields, ...fields };
      pass.ownWrites.push({ system: 'salesforce', objectId: caseId, field: OWN_WRITE_SNAPSHOT, value: fingerprintFields(after, pass.passFields), sourceUpdatedAt: null, writtenByUs: true });
      pass.audit.push({ system: 'salesforce', objectType: 'Case', objectId: caseId, action: 'update', before, after: fields, ...pass.meta });
    } else {
      if (plan) pass.succeeded.delete(plan);
      pass.outcome.problems.push({ caseId, code: result?.error.code ?? 'SALESFORCE_UPDATE_FAILED', message: `updating case: ${result?.error.message ?? 'no result'}` });
    }
  });
}
