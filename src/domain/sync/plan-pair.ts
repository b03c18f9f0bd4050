/**
 * Plans what to write for one case and the Jira issue it is linked to. Pure: reads both sides'
 * current values and the snapshots of what was last synced, returns the writes and the new
 * snapshots. Running it again on the result plans nothing: that is what stops echo loops.
 *
 * Ownership:
 *  - `toJira` fields: the case owns them; Jira is made to match (only for the case that created
 *    the issue: cases linked to an existing issue never overwrite it).
 *  - `toSalesforce` fields: Jira owns them; every linked case is made to match.
 *  - `both` fields and the status pair: whichever side changed since the last sync wins; when
 *    both changed, the later change by source timestamp wins and the loser is reported.
 */
import type { SyncConfig } from '../../config/schemas/sync.js';
import type { CaseRecord, IssueRecord } from './records.js';
import { jiraValueOfCase, readIssueField, sameCaseValue, sameValue, toCaseValue } from './field-values.js';

export interface PairSnapshots {
  /** Last synced case values by Salesforce field name. */
  salesforce: ReadonlyMap<string, unknown>;
  /** Last synced issue values by Jira field id (kept per pair: many cases share one issue). */
  jira: ReadonlyMap<string, unknown>;
}

export interface PairInput {
  case: CaseRecord;
  issue: IssueRecord;
  /** `created`: this case's issue (it drives it); `linked`: an existing issue the case follows. */
  origin: 'created' | 'linked';
  snapshots: PairSnapshots;
}

export interface Overwrite {
  field: string;
  winner: 'salesforce' | 'jira';
  keptValue: unknown;
  overwrittenValue: unknown;
}

export interface PairProblem {
  code: 'UNMAPPED_JIRA_STATUS' | 'UNMAPPED_CASE_STATUS';
  message: string;
}

export interface PairPlan {
  caseId: string;
  issueKey: string;
  /** Case fields to write (Salesforce API names → values). */
  caseUpdates: Record<string, unknown>;
  /** Issue fields to write (Jira field ids → plain values; the engine shapes them for REST). */
  issueUpdates: Record<string, unknown>;
  /** Jira status to reach through the workflow, when the case status moved it. */
  transitionTo?: string;
  /** Snapshot values to store once the writes succeeded. */
  nextSnapshots: PairSnapshots;
  overwrites: Overwrite[];
  problems: PairProblem[];
}

export function planPair(config: SyncConfig, input: PairInput): PairPlan {
  const { case: record, issue, origin, snapshots } = input;
  const caseUpdates: Record<string, unknown> = {};
  const issueUpdates: Record<string, unknown> = {};
  const nextSalesforce = new Map(snapshots.salesforce);
  const nextJira = new Map(snapshots.jira);
  const overwrites: Overwrite[] = [];
  const problems: PairProblem[] = [];
  const caseIsNewer = Date.parse(record.systemModstamp) >= Date.parse(issue.updated);

  for (const mapping of config.fields) {
    const caseValue = record.fields[mapping.salesforce] ?? null;
    if (mapping.direction === 'toJira') {
      if (origin !== 'created') continue;
      const desired = jiraValueOfCase(mapping, record);
      if (!sameValue(readIssueField(issue, mapping.jira, config.statusMap), desired)) issueUpdates[mapping.jira] = desired;
      nextJira.set(mapping.jira, desired);
      nextSalesforce.set(mapping.salesforce, caseValue);
      continue;
    }
    // An unmapped status is reported below; the display keeps its last good value, never a guess.
    if (mapping.jira === 'status' && !config.statusMap.toSalesforce[issue.status]) continue;
    const jiraValue = readIssueField(issue, mapping.jira, config.statusMap);
    if (mapping.direction === 'toSalesforce') {
      const desired = toCaseValue(mapping, jiraValue);
      // Neither side moved since the last sync, which left this difference on purpose (an instant
      // that only casebridge's own Jira write moved): nothing to copy.
      const kept = snapshots.salesforce.has(mapping.salesforce) && sameCaseValue(snapshots.salesforce.get(mapping.salesforce), caseValue) && isUnmoved(snapshots.jira, mapping.jira, jiraValue);
      if (!kept && !sameCaseValue(caseValue, desired)) caseUpdates[mapping.salesforce] = desired;
      nextSalesforce.set(mapping.salesforce, kept ? caseValue : desired);
      nextJira.set(mapping.jira, jiraValue);
      continue;
    }
    // both: decide by which side moved away from the last synced value.
    const caseAsJira = jiraValueOfCase(mapping, record);
    if (sameValue(caseAsJira, jiraValue)) {
      nextSalesforce.set(mapping.salesforce, caseValue);
      nextJira.set(mapping.jira, jiraValue);
      continue;
    }
    const caseMoved = !sameValue(snapshots.salesforce.get(mapping.salesforce), caseValue);
    const jiraMoved = !sameValue(snapshots.jira.get(mapping.jira), jiraValue);
    // A case linked to an existing issue never writes it; its own edit stays on the case (as a
    // status change does) until Jira changes the field. Neither side moved: that difference was kept.
    if ((origin !== 'created' && caseMoved && !jiraMoved) || (!caseMoved && !jiraMoved)) {
      nextSalesforce.set(mapping.salesforce, caseValue);
      nextJira.set(mapping.jira, jiraValue);
      continue;
    }
    const caseWins = origin === 'created' && (caseMoved && !jiraMoved ? true : jiraMoved && !caseMoved ? false : caseIsNewer);
    // A conflict needs a last synced value on both sides: a first sync has nothing to overwrite.
    const synced = snapshots.salesforce.has(mapping.salesforce) && snapshots.jira.has(mapping.jira);
    if (synced && caseMoved && jiraMoved) {
      overwrites.push({ field: mapping.salesforce, winner: caseWins ? 'salesforce' : 'jira', keptValue: caseWins ? caseValue : jiraValue, overwrittenValue: caseWins ? jiraValue : caseValue });
    }
    if (caseWins) {
      issueUpdates[mapping.jira] = caseAsJira;
      nextSalesforce.set(mapping.salesforce, caseValue);
      nextJira.set(mapping.jira, caseAsJira);
    } else {
      const asCase = toCaseValue(mapping, jiraValue);
      caseUpdates[mapping.salesforce] = asCase;
      nextSalesforce.set(mapping.salesforce, asCase);
      nextJira.set(mapping.jira, jiraValue);
    }
  }

  const status = planStatus(config, input, caseIsNewer);
  Object.assign(caseUpdates, status.caseUpdates);
  problems.push(...status.problems);
  overwrites.push(...status.overwrites);
  nextSalesforce.set(STATUS_SNAPSHOT, status.nextCaseStatus);
  nextJira.set(STATUS_SNAPSHOT, status.nextJiraStatus);

  return {
    caseId: record.id,
    issueKey: issue.key,
    caseUpdates,
    issueUpdates,
    transitionTo: status.transitionTo,
    nextSnapshots: { salesforce: nextSalesforce, jira: nextJira },
    overwrites,
    problems,
  };
}

/** A snapshot exists for the field and the value is still the one it holds. */
function isUnmoved(snapshot: ReadonlyMap<string, unknown>, field: string, value: unknown): boolean {
  return snapshot.has(field) && sameValue(snapshot.get(field), value);
}

/** Snapshot key of the status pair on both sides. */
export const STATUS_SNAPSHOT = '$status';

function planStatus(config: SyncConfig, input: PairInput, caseIsNewer: boolean) {
  const { case: record, issue, origin, snapshots } = input;
  const caseStatus = (record.fields.Status as string | null | undefined) ?? null;
  const jiraStatus = issue.status;
  const caseUpdates: Record<string, unknown> = {};
  const problems: PairProblem[] = [];
  const overwrites: Overwrite[] = [];
  let transitionTo: string | undefined;
  let nextCaseStatus: unknown = caseStatus;
  let nextJiraStatus: unknown = jiraStatus;

  const jiraMapping = config.statusMap.toSalesforce[jiraStatus];
  if (!jiraMapping) {
    problems.push({ code: 'UNMAPPED_JIRA_STATUS', message: `Jira status "${jiraStatus}" of ${issue.key} has no entry in statusMap.toSalesforce` });
  }
  const caseMapping = caseStatus === null ? undefined : config.statusMap.toJira[caseStatus];
  if (caseStatus !== null && !caseMapping) {
    problems.push({ code: 'UNMAPPED_CASE_STATUS', message: `case status "${caseStatus}" has no entry in statusMap.toJira` });
  }

  // A first sync (no snapshot) counts as "moved" on the case side only for the issue's own case.
  const caseMoved = snapshots.salesforce.has(STATUS_SNAPSHOT) ? snapshots.salesforce.get(STATUS_SNAPSHOT) !== caseStatus : false;
  const jiraMoved = snapshots.jira.has(STATUS_SNAPSHOT) ? snapshots.jira.get(STATUS_SNAPSHOT) !== jiraStatus : true;
  const caseTarget = caseMapping && caseMapping !== 'ignore' && origin === 'created' ? caseMapping.jiraStatus : undefined;
  const jiraTarget = jiraMapping?.caseStatus;

  // Already consistent (e.g. our own transition landed but its snapshot did not): move nothing.
  const consistent = caseTarget === jiraStatus || jiraTarget === caseStatus;
  // When both sides moved since the last sync, the later change wins even if it maps to nothing on
  // the other side: an older change must not undo a newer one.
  let caseWins = caseMoved && !jiraMoved;
  let jiraWins = jiraMoved && !caseMoved;
  if (caseMoved && jiraMoved) {
    caseWins = caseIsNewer;
    jiraWins = !caseIsNewer;
  }
  if (!consistent && caseWins && caseTarget !== undefined) {
    transitionTo = caseTarget;
    nextJiraStatus = caseTarget;
  } else if (!consistent && jiraWins && jiraTarget !== undefined) {
    caseUpdates.Status = jiraTarget;
    nextCaseStatus = jiraTarget;
  }
  const loserWanted = caseWins ? jiraTarget !== undefined : caseTarget !== undefined && origin === 'created';
  if (!consistent && caseMoved && jiraMoved && loserWanted) {
    overwrites.push({ field: 'Status', winner: caseWins ? 'salesforce' : 'jira', keptValue: caseWins ? caseStatus : jiraStatus, overwrittenValue: caseWins ? jiraStatus : caseStatus });
  }
  return { caseUpdates, problems, overwrites, transitionTo, nextCaseStatus, nextJiraStatus };
}
