/**
 * Retries re-send one request, never a batch. With every request allowed only 2 attempts, 40 % of
 * bulk creates answered 429 (Retry-After: 1) make some chunks of a pass refused for now: the chunks
 * already created must be linked, and only the refused drafts tried again later, so every case has
 * exactly one issue. The same for more than 200 Jira comments mirrored to cases in one pass (two
 * collections) under 429s and dropped connections on CaseComment creation: each comment exactly once.
 * Mutants this catches: the engine sending the whole batch again when any chunk was refused
 * (duplicate issues / comments), and a request retry wrapped around the whole multi-chunk call.
 */
import assert from 'node:assert/strict';
import { givenSyncHarness } from '../../helpers/sync-harness.js';
import type { SyncHarness } from '../../helpers/sync-harness.js';
import { givenSyncConfig } from '../../unit/sync/given.js';

const BULK = 'POST /rest/api/3/issue/bulk';
const COMMENT_CREATE = 'POST /services/data/*/composite/sobjects';

describe('retries re-send one request, never a batch', function () {
  this.timeout(120_000);
  let h: SyncHarness;

  beforeEach(async function () {
    const config = { ...givenSyncConfig(), retries: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 100 } };
    // Waits are recorded, not slept; limit-refused work comes back after 50 ms; a short lease lets an
    // unknown comment write be looked at again soon.
    h = await givenSyncHarness(`sync_retry_once_${String(this.currentTest?.title.length)}`, { fakeSleep: true, config, rateLimitDeferMs: 50, intentLeaseMs: 200 });
  });
  afterEach(() => h?.close());

  const setFaults = async (body: unknown) => {
    const response = await fetch(`${h.running.url}/__sandbox/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal(response.status, 200, await response.text());
  };

  /** Drains until every case shows what `done` wants, waiting out the deferrals between rounds. */
  async function drainUntil(done: () => Promise<boolean>, rounds = 40): Promise<void> {
    for (let round = 0; round < rounds; round++) {
      await h.engine.drain();
      if (await done()) return;
      await new Promise((resolve) => setTimeout(resolve, 120));
    }
  }

  it('creates one issue per case when later chunks of a pass are refused by 429s', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 180; i++) {
      ids.push((await h.actSalesforce({ action: 'createCase', fields: { Subject: `Chunked ${i}`, Status: 'Escalated', Priority: 'P2', Escalate_to_Jira__c: true, Topic__c: 'driver_app' } })).id);
    }
    await setFaults({ seed: 2, rules: [{ system: 'jira', route: BULK, errorRate: 0.4, status: 429, retryAfterSeconds: 1 }] });
    await h.engine.enqueueCases(ids);
    await drainUntil(async () => (await casesWithKeys(h, ids)) === ids.length);

    await setFaults({ rules: [] });
    assert.equal(await casesWithKeys(h, ids), ids.length, 'every case got its key');
    const perCase = await issuesPerCase(h, ids);
    assert.deepEqual(
      ids.filter((id) => perCase.get(id) !== 1),
      [],
      'exactly one issue per case',
    );
    const stats = await sandboxStats(h);
    assert.ok((stats.jira.rejectedCalls[BULK] ?? 0) >= 2, `429s were injected on bulk create (${stats.jira.rejectedCalls[BULK]})`);
    assert.ok((stats.jira.calls[BULK] ?? 0) >= 4, 'the creates went out in several chunks');
    assert.ok(h.engine.stats.deferredForLimits > 0, 'some drafts were refused for now and kept for later');
    for (const wait of h.waits.filter((w) => w.operation === 'jira.createIssues')) assert.ok(wait.waitMs >= 1000, `a create retry waited ${wait.waitMs} ms < Retry-After`);
  });

  it('mirrors more than 200 Jira comments in one pass exactly once under 429s and dropped connections', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      ids.push((await h.actSalesforce({ action: 'createCase', fields: { Subject: `Commented ${i}`, Status: 'Escalated', Priority: 'P2', Escalate_to_Jira__c: true, Topic__c: 'driver_app' } })).id);
    }
    await h.engine.enqueueCases(ids);
    await h.engine.drain();
    const keys = await caseKeys(h, ids);
    assert.equal(keys.size, ids.length);
    for (const key of keys.values()) {
      for (let c = 0; c < 8; c++) await h.actJira({ type: 'comment', issueKey: key, body: `#customer update ${c} on ${key}` });
    }
    await setFaults({
      seed: 2,
      rules: [
        { system: 'salesforce', route: COMMENT_CREATE, errorRate: 0.4, status: 429, retryAfterSeconds: 1 },
        { system: 'salesforce', route: COMMENT_CREATE, dropRate: 0.15 },
      ],
    });
    // One pass over all 30 cases: 240 comments to create, two collections.
    await h.engine.enqueueCases(ids);
    await drainUntil(async () => (await mirroredCommentCount(h, ids)) >= ids.length * 8);
    await setFaults({ rules: [] });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await h.engine.drain();

    const stats = await sandboxStats(h);
    assert.ok((stats.salesforce.rejectedCalls['POST /services/data/v62.0/composite/sobjects'] ?? 0) >= 2, 'faults were injected on comment creation');
    assert.ok(h.engine.stats.deferredForLimits > 0, 'a collection of comments was refused for now and kept for later');
    const footers = await mirroredFooters(h, ids);
    const counts = new Map<string, number>();
    for (const footer of footers) counts.set(footer, (counts.get(footer) ?? 0) + 1);
    assert.equal(counts.size, ids.length * 8, 'every Jira comment reached its case');
    assert.deepEqual(
      [...counts].filter(([, n]) => n !== 1),
      [],
      'no Jira comment reached its case twice',
    );
  });
});

type Stats = Record<'salesforce' | 'jira', { calls: Record<string, number>; rejectedCalls: Record<string, number> }>;

async function sandboxStats(h: SyncHarness): Promise<Stats> {
  return (await (await fetch(`${h.running.url}/__sandbox/stats`)).json()) as Stats;
}

async function soql<T>(h: SyncHarness, query: string): Promise<T[]> {
  // Read beside the faults (the control reader is a separate client; faults match casebridge's routes too, so repeat).
  for (;;) {
    const response = await fetch(`${h.running.url}/services/data/v62.0/query?q=${encodeURIComponent(query)}`, { headers: { authorization: 'Bearer reader' } }).catch(() => undefined);
    if (response?.ok) return ((await response.json()) as { records: T[] }).records;
  }
}

const idList = (ids: readonly string[]) => ids.map((id) => `'${id}'`).join(',');

async function caseKeys(h: SyncHarness, ids: readonly string[]): Promise<Map<string, string>> {
  const rows = await soql<{ Id: string; Jira_Key__c: string | null }>(h, `SELECT Id, Jira_Key__c FROM Case WHERE Id IN (${idList(ids)})`);
  return new Map(rows.flatMap((r) => (r.Jira_Key__c ? [[r.Id, r.Jira_Key__c] as [string, string]] : [])));
}

async function casesWithKeys(h: SyncHarness, ids: readonly string[]): Promise<number> {
  return (await caseKeys(h, ids)).size;
}

/** The "— Jira KEY, comment ID" footers of the comments casebridge mirrored onto these cases. */
async function mirroredFooters(h: SyncHarness, ids: readonly string[]): Promise<string[]> {
  const rows = await soql<{ ParentId: string; CommentBody: string }>(h, `SELECT ParentId, CommentBody FROM CaseComment WHERE ParentId IN (${idList(ids)})`);
  return rows.flatMap((r) => {
    const footer = /— Jira ([A-Z][A-Z0-9_]*-\d+), comment (\d+)$/.exec(r.CommentBody);
    return footer ? [`${r.ParentId} ${footer[1]}#${footer[2]}`] : [];
  });
}

async function mirroredCommentCount(h: SyncHarness, ids: readonly string[]): Promise<number> {
  return new Set(await mirroredFooters(h, ids)).size;
}

async function issuesPerCase(h: SyncHarness, ids: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const wanted = new Set(ids);
  let nextPageToken: string | undefined;
  do {
    const response = await fetch(`${h.running.url}/rest/api/3/search/jql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic eDp5' },
      body: JSON.stringify({ jql: 'labels is not EMPTY ORDER BY key ASC', fields: ['labels'], maxResults: 100, nextPageToken }),
    });
    const page = (await response.json()) as { issues: Array<{ fields: { labels: string[] } }>; nextPageToken?: string };
    for (const issue of page.issues) {
      for (const label of issue.fields.labels) {
        const caseId = label.startsWith('sfcase-') ? label.slice('sfcase-'.length) : undefined;
        if (caseId && wanted.has(caseId)) counts.set(caseId, (counts.get(caseId) ?? 0) + 1);
      }
    }
    nextPageToken = page.nextPageToken;
  } while (nextPageToken);
  return counts;
}
