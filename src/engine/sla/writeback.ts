/**
 * Writes each ticket's SLA summary (state and due time) onto its case and onto the linked Jira
 * issue. Only changes are written: the case against what the pass read on it (or, in the scan,
 * what was last written), the issue against what was last written. Cases go in one batched
 * collection update; an issue shared by several cases shows the most urgent of their clocks.
 */
import { DateTime } from 'luxon';
import { isSameSummary, summarizeClocks } from '../../domain/sla/case-summary.js';
import type { SlaSummary, SummaryClock } from '../../domain/sla/case-summary.js';
import type { CompiledSla } from '../../domain/sla/engine.js';
import { listLinksForCases, listLinksForIssues } from '../../adapters/store/links.js';
import { getSlaResults } from '../../adapters/store/sla-results.js';
import { getWritebacks, recordWritebacks } from '../../adapters/store/sla-writebacks.js';
import type { SlaWriteback } from '../../adapters/store/sla-writebacks.js';
import type { EngineContext } from '../context.js';
import type { Problem } from '../problems.js';
import type { TicketEvaluation } from './evaluate.js';
import { CASE_SLA_FIELDS } from './runtime.js';
import type { JiraSlaFields } from './runtime.js';
import { ISSUE_WRITE_CONCURRENCY, mapAtMost } from '../bounded-concurrency.js';

export interface WritebackOutcome {
  caseWrites: number;
  issueWrites: number;
  problems: Problem[];
}

/**
 * @param caseValues What the pass read on each case (SLA_Status__c / SLA_Due__c as a summary);
 *   absent for the scheduled scan, which compares against the last write instead.
 */
export async function writeBackSla(
  ctx: EngineContext,
  sla: CompiledSla,
  evaluations: readonly TicketEvaluation[],
  caseValues: ReadonlyMap<string, SlaSummary> | undefined,
  jiraFields: JiraSlaFields,
): Promise<WritebackOutcome> {
  const outcome: WritebackOutcome = { caseWrites: 0, issueWrites: 0, problems: [] };
  if (evaluations.length === 0) return outcome;
  const caseIds = evaluations.map((e) => e.ticket.caseId);
  const summaries = new Map(evaluations.map((e) => [e.ticket.caseId, toWholeSeconds(summarizeClocks(e.result.metrics))]));

  // Cases.
  const lastCaseWrites = caseValues ? undefined : await getWritebacks(ctx.db, 'case', caseIds);
  const caseUpdates: Array<{ id: string; fields: Record<string, unknown>; summary: SlaSummary }> = [];
  for (const [caseId, summary] of summaries) {
    const shown = caseValues?.get(caseId) ?? fromWriteback(lastCaseWrites?.get(caseId));
    if (isSameSummary(shown, summary)) continue;
    caseUpdates.push({ id: caseId, summary, fields: { [CASE_SLA_FIELDS.state]: summary.state, [CASE_SLA_FIELDS.dueAt]: toIso(summary.dueAtMs) } });
  }
  if (caseUpdates.length > 0) {
    const results = await ctx.cases.updateCases(caseUpdates.map(({ id, fields }) => ({ id, fields })));
    const written: SlaWriteback[] = [];
    caseUpdates.forEach((update, index) => {
      const result = results[index];
      if (result?.ok) written.push({ target: 'case', objectId: update.id, state: update.summary.state, dueAt: toDate(update.summary.dueAtMs) });
      else outcome.problems.push({ caseId: update.id, code: result?.error.code ?? 'SALESFORCE_UPDATE_FAILED', message: `writing SLA onto the case: ${result?.error.message ?? 'no result'}` });
    });
    outcome.caseWrites = written.length;
    await recordWritebacks(ctx.db, written);
  }

  // Issues: every live linked case of each issue counts, not only the ones evaluated now.
  const links = (await listLinksForCases(ctx.db, caseIds)).filter((l) => l.state === 'linked' && l.issueKey);
  const issueKeys = [...new Set(links.map((l) => l.issueKey!))];
  if (issueKeys.length === 0) return outcome;
  const issueLinks = (await listLinksForIssues(ctx.db, issueKeys)).filter((l) => l.state === 'linked' && l.kind === 'mirror');
  const others = [...new Set(issueLinks.map((l) => l.caseId).filter((id) => !summaries.has(id)))];
  const otherClocks = new Map<string, Array<SummaryClock & { calendar: string }>>();
  for (const row of await getSlaResults(ctx.db, others)) {
    otherClocks.set(row.caseId, [...(otherClocks.get(row.caseId) ?? []), { state: row.state, dueAtMs: row.dueAt?.getTime() ?? null, calendar: row.calendar }]);
  }
  const calendarOf = new Map(evaluations.map((e) => [e.ticket.caseId, e.result.calendar]));
  const lastIssueWrites = await getWritebacks(ctx.db, 'issue', issueKeys);
  const edits: Array<{ key: string; fields: Record<string, unknown>; summary: SlaSummary }> = [];
  for (const key of issueKeys) {
    const clocks: Array<SummaryClock & { calendar: string | null }> = [];
    for (const link of issueLinks.filter((l) => l.issueKey === key)) {
      const evaluation = evaluations.find((e) => e.ticket.caseId === link.caseId);
      if (evaluation) clocks.push(...evaluation.result.metrics.map((m) => ({ state: m.state, dueAtMs: m.dueAtMs, calendar: calendarOf.get(link.caseId) ?? null })));
      else clocks.push(...(otherClocks.get(link.caseId) ?? []));
    }
    const summary = toWholeSeconds(summarizeClocks(clocks));
    if (isSameSummary(fromWriteback(lastIssueWrites.get(key)), summary)) continue;
    const dueClock = clocks.find((c) => c.dueAtMs !== null && Math.floor(c.dueAtMs / 1000) * 1000 === summary.dueAtMs);
    const timeZone = (dueClock?.calendar && sla.calendars.get(dueClock.calendar)?.calendar.timezone) || 'UTC';
    const fields: Record<string, unknown> = {};
    if (jiraFields.dueDate) fields[jiraFields.dueDate] = summary.dueAtMs === null ? null : DateTime.fromMillis(summary.dueAtMs, { zone: timeZone }).toISODate();
    if (jiraFields.dueAt) fields[jiraFields.dueAt] = toIso(summary.dueAtMs);
    if (jiraFields.state) fields[jiraFields.state] = summary.state;
    edits.push({ key, fields, summary });
  }
  // One edit per issue (each its own values): a few at a time, not one after another.
  const results = await mapAtMost(edits, ISSUE_WRITE_CONCURRENCY, (edit) => ctx.issues.updateIssue(edit.key, edit.fields));
  const written: SlaWriteback[] = [];
  edits.forEach(({ key, summary }, index) => {
    const result = results[index]!;
    if (result.ok) {
      written.push({ target: 'issue', objectId: key, state: summary.state, dueAt: toDate(summary.dueAtMs) });
      return;
    }
    const caseId = issueLinks.find((l) => l.issueKey === key)!.caseId;
    outcome.problems.push({ caseId, code: result.error.code, message: `writing SLA onto ${key}: ${result.error.message}` });
  });
  outcome.issueWrites = written.length;
  await recordWritebacks(ctx.db, written);
  return outcome;
}

/** SLA_Status__c / SLA_Due__c as read from a case, as a summary (a due value Salesforce formats its own way is parsed). */
export function readCaseSummary(fields: Readonly<Record<string, unknown>>): SlaSummary {
  const state = fields[CASE_SLA_FIELDS.state];
  const due = fields[CASE_SLA_FIELDS.dueAt];
  const dueAtMs = typeof due === 'string' && due !== '' ? Date.parse(due.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : null;
  return toWholeSeconds({ state: typeof state === 'string' && state !== '' ? (state as SlaSummary['state']) : null, dueAtMs: Number.isNaN(dueAtMs) ? null : dueAtMs });
}

/** Both systems keep datetimes to the second: comparing milliseconds would rewrite the same value forever. */
function toWholeSeconds(summary: SlaSummary): SlaSummary {
  return { state: summary.state, dueAtMs: summary.dueAtMs === null ? null : Math.floor(summary.dueAtMs / 1000) * 1000 };
}

function fromWriteback(writeback: SlaWriteback | undefined): SlaSummary {
  return { state: (writeback?.state as SlaSummary['state']) ?? null, dueAtMs: writeback?.dueAt?.getTime() ?? null };
}

function toIso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function toDate(ms: number | null): Date | null {
  return ms === null ? null : new Date(ms);
}
