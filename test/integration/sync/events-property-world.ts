/**
 * What the events property (events.property.test.ts) acts on and checks: linked pairs of fresh
 * escalated cases and their issues, the human actions on them (each timestamped in order, so the
 * later change on a pair is known), the replay of a recorded delivery to the casebridge app, and
 * the oracle that every pair a sync pass ran over must match (`expectStatuses` for the status pair).
 */
import assert from 'node:assert/strict';
import type { Connection } from 'jsforce';
import { STATUS_SNAPSHOT } from '../../../src/domain/sync/plan-pair.js';
import type { SyncConfig } from '../../../src/config/schemas/sync.js';
import type { SyncHarness } from '../../helpers/sync-harness.js';
import type { WebhookApp } from '../../helpers/webhook-app.js';
import type { RecordedDelivery } from '../../helpers/push-recorder.js';

export const PAIRS = 2;

export type Step =
  | { t: 'case'; pair: number; status: string }
  | { t: 'transition'; pair: number; choice: number }
  | { t: 'assign'; pair: number; accountId: string | null }
  | { t: 'fixVersion'; pair: number; version: string }
  | { t: 'deliver'; pick: number }
  | { t: 'drain' }
  | { t: 'poll' };

/** One pair's statuses as last synced, and the human changes since (the open window). */
export interface Pair {
  caseId: string;
  key: string;
  baseline: { case: string; jira: string };
  /** Human status values set in the window, with the order of the last change on each record. */
  window: { case?: string; jira?: string; lastCaseAt: number; lastJiraAt: number; log: string[] };
  /** updated_at of the pair's status snapshot: a new value means a pass ran over the pair. */
  syncedAt: string | null;
}

export interface EventsWorld {
  /** Creates PAIRS escalated cases for run `run` and settles until each has its issue. */
  givenPairs(run: number): Promise<Pair[]>;
  /** Performs one human action; changes the system refuses or that change nothing are skipped. */
  act(step: Exclude<Step, { t: 'deliver' | 'drain' | 'poll' }>, pair: Pair): Promise<void>;
  /** After engine work: every pair a pass ran over must match the oracle; its window closes. */
  checkSyncedPairs(pairs: readonly Pair[], when: string, final?: boolean): Promise<void>;
  /** Posts a recorded delivery to the casebridge app, which must accept it. */
  deliver(delivery: RecordedDelivery): Promise<void>;
  jiraGet<T>(path: string): Promise<T>;
}

/** One world per harness, for every run: only the order of changes within one pair's window is compared. */
export function givenEventsWorld(h: SyncHarness, web: WebhookApp, sf: Connection): EventsWorld {
  let order = 0;

  const jiraGet = async <T>(path: string): Promise<T> => (await (await fetch(`${h.running.url}/rest/api/3/${path}`, { headers: { authorization: 'Basic eDp5' } })).json()) as T;
  const readCase = async (id: string) => (await sf.sobject('Case').retrieve(id)) as unknown as Record<string, any>;
  const readIssue = (key: string) =>
    jiraGet<{ fields: { status: { name: string }; assignee: { displayName: string } | null; fixVersions: Array<{ name: string }> } }>(`issue/${key}?fields=status,assignee,fixVersions`);
  /** Distinct millisecond timestamps on both sides, so "later" is never a tie. */
  const tick = () => new Promise((resolve) => setTimeout(resolve, 3));
  const syncedAtOf = async (caseId: string): Promise<string | null> => {
    // As text: microseconds, so two passes within one millisecond still differ.
    const row = (await h.db.knex('snapshots').where({ system: 'salesforce', object_id: caseId, field: STATUS_SNAPSHOT }).first(h.db.knex.raw('updated_at::text as at'))) as { at: string } | undefined;
    return row?.at ?? null;
  };
  const openWindow = () => ({ lastCaseAt: -1, lastJiraAt: -1, log: [] as string[] });

  const givenPairs = async (run: number): Promise<Pair[]> => {
    const ids: string[] = [];
    for (let i = 0; i < PAIRS; i++) {
      ids.push(
        (
          await h.actSalesforce({
            action: 'createCase',
            fields: { Subject: `Run ${run} case ${i}: app "freezes" — נהג 🚕`, Status: 'Escalated', Priority: 'P2', Topic__c: 'driver_app', Escalate_to_Jira__c: true },
          })
        ).id,
      );
    }
    await h.settle();
    const pairs: Pair[] = [];
    for (const caseId of ids) {
      const record = await readCase(caseId);
      const key = record.Jira_Key__c as string;
      assert.match(key ?? '', /^DRV-\d+$/, 'the escalated case got its issue');
      pairs.push({ caseId, key, baseline: { case: record.Status as string, jira: (await readIssue(key)).fields.status.name }, window: openWindow(), syncedAt: await syncedAtOf(caseId) });
    }
    return pairs;
  };

  const act = async (step: Exclude<Step, { t: 'deliver' | 'drain' | 'poll' }>, pair: Pair): Promise<void> => {
    await tick();
    const w = pair.window;
    switch (step.t) {
      case 'case': {
        if ((w.case ?? pair.baseline.case) === step.status) return;
        await h.actSalesforce({ action: 'editCase', caseId: pair.caseId, fields: { Status: step.status } });
        w.case = step.status;
        w.lastCaseAt = order++;
        w.log.push(`case→${step.status}`);
        break;
      }
      case 'transition': {
        const { transitions } = await jiraGet<{ transitions: Array<{ to: { name: string } }> }>(`issue/${pair.key}/transitions`);
        const target = transitions[step.choice % transitions.length]?.to.name;
        if (!target) return;
        await h.actJira({ type: 'transition', issueKey: pair.key, toStatus: target });
        w.jira = target;
        w.lastJiraAt = order++;
        w.log.push(`jira→${target}`);
        break;
      }
      case 'assign':
        await h.actJira({ type: 'assign', issueKey: pair.key, accountId: step.accountId });
        w.lastJiraAt = order++;
        w.log.push(`assign ${step.accountId}`);
        break;
      case 'fixVersion':
        await h.actJira({ type: 'setFixVersion', issueKey: pair.key, version: step.version });
        w.lastJiraAt = order++;
        w.log.push(`fixVersion ${step.version}`);
        break;
    }
    await tick();
  };

  const checkSyncedPairs = async (pairs: readonly Pair[], when: string, final = false) => {
    for (const pair of pairs) {
      const syncedAt = await syncedAtOf(pair.caseId);
      if (syncedAt === pair.syncedAt && !final) continue;
      const [record, issue] = await Promise.all([readCase(pair.caseId), readIssue(pair.key)]);
      const jiraStatus = issue.fields.status.name;
      const context = `${when}: case ${pair.caseId} / ${pair.key}; synced ${JSON.stringify(pair.baseline)}, then ${JSON.stringify(pair.window.log)}`;
      const expected = expectStatuses(h.config.statusMap, pair.baseline, pair.window);
      assert.deepEqual({ case: record.Status, jira: jiraStatus }, expected, `status pair: ${context}`);
      // Also right after a pass that moved Jira itself: the pass re-reads the issues it moved.
      assert.equal(record.Jira_Status__c, h.config.statusMap.toSalesforce[jiraStatus]?.display, `Jira_Status__c shows the issue's status: ${context}`);
      assert.equal(record.Jira_Assignee__c ?? null, issue.fields.assignee?.displayName ?? null, `Jira_Assignee__c: ${context}`);
      const versions = issue.fields.fixVersions.map((v) => v.name).join(', ');
      assert.equal(record.Jira_Fix_Version__c ?? null, versions === '' ? null : versions, `Jira_Fix_Version__c: ${context}`);
      pair.baseline = expected;
      pair.window = openWindow();
      pair.syncedAt = syncedAt;
    }
  };

  const deliver = async (delivery: RecordedDelivery) => {
    if (delivery.kind === 'jira') {
      const response = await web.postJira(delivery.body, { 'x-hub-signature': delivery.signature ?? '' });
      assert.ok(response.status === 202 || response.status === 204, `Jira delivery answered ${response.status}: ${response.text}`);
    } else {
      const response = await web.postSalesforce(delivery.body);
      assert.equal(response.status, 200, response.text);
      assert.match(response.text, /<Ack>true<\/Ack>/);
    }
  };

  return { givenPairs, act, checkSyncedPairs, deliver, jiraGet };
}

/**
 * The status pair a pass must leave, from the last synced pair and the human changes since:
 * the side whose status changed wins; when both changed, the one whose record changed later;
 * the winner's status maps onto the other side unless that side already agrees with it.
 */
function expectStatuses(
  statusMap: SyncConfig['statusMap'],
  baseline: { case: string; jira: string },
  window: { case?: string; jira?: string; lastCaseAt: number; lastJiraAt: number },
): { case: string; jira: string } {
  const jiraTargetOf = (caseStatus: string) => {
    const target = statusMap.toJira[caseStatus];
    return target && target !== 'ignore' ? target.jiraStatus : undefined;
  };
  const caseTargetOf = (jiraStatus: string) => statusMap.toSalesforce[jiraStatus]?.caseStatus;
  const caseStatus = window.case ?? baseline.case;
  const jiraStatus = window.jira ?? baseline.jira;
  const caseMoved = caseStatus !== baseline.case;
  const jiraMoved = jiraStatus !== baseline.jira;
  const agree = jiraTargetOf(caseStatus) === jiraStatus || caseTargetOf(jiraStatus) === caseStatus;
  if (agree) return { case: caseStatus, jira: jiraStatus };
  if (caseMoved && (!jiraMoved || window.lastCaseAt > window.lastJiraAt)) return { case: caseStatus, jira: jiraTargetOf(caseStatus) ?? jiraStatus };
  if (jiraMoved) return { case: caseTargetOf(jiraStatus) ?? caseStatus, jira: jiraStatus };
  return { case: caseStatus, jira: jiraStatus };
}
