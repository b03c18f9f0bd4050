/**
 * Under 20 % injected 5xx/429 (with Retry-After) and 5 % dropped connections on both systems,
 * the sync converges: every escalated case gets exactly one issue and every status change
 * arrives; every wait before a retry is at least the Retry-After the server asked for.
 */
import assert from 'node:assert/strict';
import { givenSyncHarness } from '../../helpers/sync-harness.js';
import type { SyncHarness } from '../../helpers/sync-harness.js';

const CASES = 120;

describe('sync under injected faults', function () {
  this.timeout(180_000);
  let h: SyncHarness;

  before(async () => {
    // Waits are recorded, not slept; a lease of 0 lets the next pass take over an interrupted create at once.
    h = await givenSyncHarness('sync_faults', { fakeSleep: true, intentLeaseMs: 0, batchSize: 10 });
  });
  after(() => h?.close());

  async function setFaults(rules: unknown[]): Promise<void> {
    const response = await fetch(`${h.running.url}/__sandbox/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seed: 7, rules }) });
    assert.equal(response.status, 200, await response.text());
  }

  /** Polls and drains until every case shows `expected` or the rounds run out; jobs in retry wait their delay. */
  async function converge(ids: string[], expected: (row: CaseRow) => boolean): Promise<CaseRow[]> {
    for (let round = 0; round < 40; round++) {
      try {
        await h.settle(3);
      } catch {
        // A poll itself may fail under faults; the next round polls again.
      }
      const rows = await readCases(h, ids);
      if (rows.length === ids.length && rows.every(expected)) return rows;
      await new Promise((r) => setTimeout(r, 500));
    }
    return readCases(h, ids);
  }

  it('converges with no duplicate issue and honours Retry-After', async () => {
    const ids: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const { id } = await h.actSalesforce({
        action: 'createCase',
        fields: { Subject: `Faulty day ${i}`, Status: 'Escalated', Priority: 'P2', Escalate_to_Jira__c: true, Topic__c: i % 2 ? 'driver_app' : 'payments_billing' },
      });
      ids.push(id);
    }
    const rules = (system: 'salesforce' | 'jira') => [
      { system, errorRate: 0.1, status: 429, retryAfterSeconds: 2 },
      { system, errorRate: 0.1, status: system === 'jira' ? 500 : 503, retryAfterSeconds: 1 },
      { system, dropRate: 0.05 },
    ];
    await setFaults([...rules('salesforce'), ...rules('jira')]);

    const mirrored = await converge(ids, (row) => Boolean(row.Jira_Key__c));
    assert.equal(mirrored.filter((r) => r.Jira_Key__c).length, CASES, 'every case got its issue key');

    // Developers move every issue while the faults continue.
    for (const row of mirrored) await h.actJira({ type: 'transition', issueKey: row.Jira_Key__c, toStatus: 'In Progress' });
    const moved = await converge(ids, (row) => row.Jira_Status__c === 'In development');
    assert.equal(moved.filter((r) => r.Jira_Status__c === 'In development').length, CASES, 'every status change arrived');

    await setFaults([]);
    const perCase = await issuesPerCase(h);
    assert.deepEqual(
      ids.filter((id) => (perCase.get(id) ?? 0) !== 1),
      [],
      'exactly one issue per case',
    );

    const stats = (await (await fetch(`${h.running.url}/__sandbox/stats`)).json()) as Record<'salesforce' | 'jira', { rejected: number; accepted: number }>;
    console.log(
      `    faults: refused ${stats.salesforce.rejected}/${stats.salesforce.accepted + stats.salesforce.rejected} Salesforce and ${stats.jira.rejected}/${stats.jira.accepted + stats.jira.rejected} Jira calls; ${h.waits.length} retries`,
    );
    assert.ok(stats.salesforce.rejected >= 10 && stats.jira.rejected >= 10, 'faults were actually injected on both systems');
    const rateLimited = h.waits.filter((w) => w.retryAfterMs !== undefined);
    assert.ok(rateLimited.length > 0, 'some retries followed a Retry-After');
    for (const wait of rateLimited) assert.ok(wait.waitMs >= wait.retryAfterMs!, `${wait.operation} waited ${wait.waitMs} ms < Retry-After ${wait.retryAfterMs} ms`);
  });
});

interface CaseRow {
  Id: string;
  Jira_Key__c: string | null;
  Jira_Status__c: string | null;
}

async function readCases(h: SyncHarness, ids: string[]): Promise<CaseRow[]> {
  const query = `SELECT Id, Jira_Key__c, Jira_Status__c FROM Case WHERE Id IN (${ids.map((id) => `'${id}'`).join(',')})`;
  // The faults hit this reader too: refused and dropped reads are simply repeated.
  for (;;) {
    const response = await fetch(`${h.running.url}/services/data/v62.0/query?q=${encodeURIComponent(query)}`, { headers: { authorization: 'Bearer reader' } }).catch(() => undefined);
    if (response?.ok) return ((await response.json()) as { records: CaseRow[] }).records;
  }
}

async function issuesPerCase(h: SyncHarness): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  let nextPageToken: string | undefined;
  do {
    const response = await fetch(`${h.running.url}/rest/api/3/search/jql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic eDp5' },
      body: JSON.stringify({ jql: 'project in (DRV, PAY) ORDER BY key ASC', fields: ['labels'], maxResults: 100, nextPageToken }),
    });
    const page = (await response.json()) as { issues: Array<{ fields: { labels: string[] } }>; nextPageToken?: string };
    for (const issue of page.issues) for (const label of issue.fields.labels) if (label.startsWith('sfcase-')) counts.set(label.slice(7), (counts.get(label.slice(7)) ?? 0) + 1);
    nextPageToken = page.nextPageToken;
  } while (nextPageToken);
  return counts;
}
