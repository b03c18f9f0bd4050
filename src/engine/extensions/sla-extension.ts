/**
 * SLA in the sync pass: records what each pass saw (ticket attributes, status changes, public
 * agent replies) in tickets / status_history, then re-evaluates those tickets from the stored
 * history and writes back only what changed. Writing SLA fields moves the case's SystemModstamp
 * and so brings it back in another pass; that pass finds the same values and writes nothing.
 */
import type { CaseCommentRecord, CaseRecord } from '../../domain/sync/records.js';
import { appendHistory } from '../../adapters/store/status-history.js';
import type { HistoryEvent } from '../../adapters/store/status-history.js';
import { getTickets, upsertTickets } from '../../adapters/store/tickets.js';
import type { Ticket } from '../../adapters/store/tickets.js';
import type { EngineContext, PassData, PassExtension } from '../context.js';
import { refreshSla } from '../sla/refresh.js';
import type { SlaRefreshOutcome } from '../sla/refresh.js';
import { CASE_SLA_FIELDS } from '../sla/runtime.js';
import type { SlaRuntime } from '../sla/runtime.js';
import { readCaseSummary } from '../sla/writeback.js';

/** Case fields the SLA needs from every pass. */
export const SLA_CASE_FIELDS = ['CaseNumber', 'CreatedDate', 'Priority', 'Customer_Tier__c', 'Region__c', 'Topic__c', 'Status', CASE_SLA_FIELDS.state, CASE_SLA_FIELDS.dueAt] as const;

/**
 * What the console's board shows of a ticket besides its SLA attributes. Standard fields of every
 * org (Owner.Name also names a queue owner; Account.Name is the customer company), so `doctor` has
 * nothing to check for them. The query resource returns a relationship as a nested object, null
 * when the case has no account (SOQL and SOSL Reference, "Understanding Query Results" and "null
 * Values in Lookup Relationships"); readFieldPath gives null for both.
 */
export const BOARD_CASE_FIELDS = ['Subject', 'OwnerId', 'Owner.Name', 'AccountId', 'Account.Name'] as const;

export interface SlaExtension extends PassExtension {
  /** The outcome of the latest pass (for tests and metrics). */
  lastOutcome(): SlaRefreshOutcome | undefined;
}

export function createSlaExtension(deps: SlaRuntime): SlaExtension {
  let integrationUserId: string | undefined;
  let last: SlaRefreshOutcome | undefined;
  return {
    name: 'sla',
    caseFields: [...SLA_CASE_FIELDS, ...BOARD_CASE_FIELDS],
    lastOutcome: () => last,
    async afterPass(ctx: EngineContext, pass: PassData): Promise<void> {
      if (pass.cases.length === 0) return;
      integrationUserId ??= await ctx.cases.getIntegrationUserId();
      const caseIds = pass.cases.map((c) => c.id);
      const known = new Map((await getTickets(ctx.db, caseIds)).map((t) => [t.caseId, t]));
      const replied = await listCasesWithReply(ctx, caseIds);
      const comments = await readComments(ctx, pass, replied);
      await upsertTickets(ctx.db, pass.cases.map(toTicket));
      await appendHistory(ctx.db, [...toStatusEvents(pass.cases, known), ...toReplyEvents(comments, integrationUserId)]);
      last = await refreshSla(ctx, deps, caseIds, { caseValues: new Map(pass.cases.map((c) => [c.id, readCaseSummary(c.fields)])) });
    },
  };
}

export function toTicket(record: CaseRecord): Ticket {
  const text = (field: string) => (typeof record.fields[field] === 'string' && record.fields[field] !== '' ? (record.fields[field] as string) : null);
  const created = text('CreatedDate');
  return {
    caseId: record.id,
    caseNumber: text('CaseNumber'),
    // Salesforce always has CreatedDate; the modstamp is a floor if a fake org leaves it out.
    createdAt: new Date(parseSalesforceDate(created ?? record.systemModstamp)),
    priority: text('Priority'),
    tier: text('Customer_Tier__c'),
    region: text('Region__c'),
    topic: text('Topic__c'),
    status: text('Status'),
    subject: text('Subject'),
    ownerId: text('OwnerId'),
    ownerName: text('Owner.Name'),
    accountId: text('AccountId'),
    accountName: text('Account.Name'),
  };
}

/**
 * A status event when the case's status differs from the last one stored, at the case's
 * SystemModstamp: the feed sees states, not transitions, so that is the earliest instant the new
 * status is known to hold.
 */
export function toStatusEvents(cases: readonly CaseRecord[], known: ReadonlyMap<string, Ticket>): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  for (const record of cases) {
    const status = typeof record.fields.Status === 'string' ? record.fields.Status : null;
    if (status === null || known.get(record.id)?.status === status) continue;
    events.push({ caseId: record.id, at: new Date(parseSalesforceDate(record.systemModstamp)), type: 'status', value: status });
  }
  return events;
}

/** Public comments by anyone but the integration user (casebridge's own copies of Jira comments are not replies). */
export function toReplyEvents(comments: readonly CaseCommentRecord[], integrationUserId: string): HistoryEvent[] {
  return comments
    .filter((c) => c.isPublished && c.createdById !== integrationUserId)
    .map((c) => ({ caseId: c.caseId, at: new Date(parseSalesforceDate(c.createdAt)), type: 'agentReply' as const, value: null }));
}

/** Salesforce writes `+0000` offsets, which Date.parse does not read everywhere. */
function parseSalesforceDate(text: string): number {
  return Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
}

/** Cases that already have a recorded reply: later comments cannot change first_response, so they are not read. */
async function listCasesWithReply(ctx: EngineContext, caseIds: readonly string[]): Promise<Set<string>> {
  const rows = await ctx
    .db('status_history')
    .distinct('case_id')
    .whereIn('case_id', [...caseIds])
    .andWhere({ type: 'agentReply' });
  return new Set(rows.map((r: { case_id: string }) => r.case_id));
}

/** The comments the pass read (linked cases) plus one read per 200 of the cases it did not, skipping cases already replied to. */
async function readComments(ctx: EngineContext, pass: PassData, replied: ReadonlySet<string>): Promise<CaseCommentRecord[]> {
  const fromPass = pass.caseComments ?? [];
  const covered = new Set<string>();
  if (pass.caseComments) {
    const issueKeys = new Set(pass.issues.map((i) => i.key));
    for (const link of pass.links) if (link.issueKey && issueKeys.has(link.issueKey)) covered.add(link.caseId);
  }
  const missing = pass.cases.map((c) => c.id).filter((id) => !covered.has(id) && !replied.has(id));
  if (missing.length === 0) return [...fromPass];
  const read = await ctx.cases.listComments(missing);
  return [...fromPass, ...read];
}
