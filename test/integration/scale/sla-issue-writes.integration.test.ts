/**
 * The SLA fields a pass writes onto its issues go a few at a time (one edit per issue: each has its
 * own due time, and Jira has no bulk edit with a value per issue). One after another, a batch of 50
 * new cases at 200 ms per call spent 10 s on them: most of its time, and the whole of one worker's
 * throughput limit in `bench scale`. Against the sandbox over HTTP, with latency on every Jira call.
 */
import assert from 'node:assert/strict';
import { createDateHolidaysProvider } from '../../../src/adapters/holidays/date-holidays-provider.js';
import { loadConfigDir } from '../../../src/config/load.js';
import type { SlaConfig } from '../../../src/config/schemas/sla.js';
import { compileSla } from '../../../src/domain/sla/engine.js';
import { ISSUE_WRITE_CONCURRENCY } from '../../../src/engine/bounded-concurrency.js';
import { createSlaExtension } from '../../../src/engine/extensions/sla-extension.js';
import type { IssueSystem } from '../../../src/engine/ports.js';
import { givenSyncHarness } from '../../helpers/sync-harness.js';
import type { SyncHarness } from '../../helpers/sync-harness.js';
import { sandboxFieldId, sandboxSlaFields } from '../../helpers/jira-fields.js';

const SLA_STATUS = sandboxFieldId('SLA Status');
const CASES = 12;

describe('SLA fields onto issues, a few at a time', function () {
  this.timeout(60_000);
  let h: SyncHarness;
  /** SLA edits in flight now, the most at once, and every key edited, in order. */
  const edits = { inFlight: 0, most: 0, keys: [] as string[] };
  /** Keys whose next SLA edit Jira refuses (a 429 the retries could not get past). */
  const refuseNext = new Set<string>();

  before(async () => {
    h = await givenSyncHarness('scale_sla_writes', { batchSize: 50 });
    const loaded = loadConfigDir('config', { only: ['sla'] });
    if (!loaded.ok) throw new Error('config/sla.yaml does not load');
    const sla = compileSla(loaded.config.sla as SlaConfig, createDateHolidaysProvider());
    const notifier = { sendSlaAlert: async () => undefined, sendReport: async () => undefined };
    const extension = createSlaExtension({ sla, notifier, nowMs: () => Date.now(), jiraFields: sandboxSlaFields() });
    h.context.extensions = [...(h.context.extensions ?? []).filter((e) => e.name !== 'sla'), extension];
    const inner = h.context.issues;
    h.context.issues = Object.assign(Object.create(inner) as IssueSystem, {
      updateIssue: async (key: string, fields: Record<string, unknown>) => {
        if (!(SLA_STATUS in fields)) return inner.updateIssue(key, fields);
        edits.keys.push(key);
        if (refuseNext.delete(key)) return { ok: false as const, error: { code: 'RATE_LIMITED', message: 'Jira answered 429 (test)', disposition: 'refusedForNow' as const } };
        edits.inFlight++;
        edits.most = Math.max(edits.most, edits.inFlight);
        try {
          return await inner.updateIssue(key, fields);
        } finally {
          edits.inFlight--;
        }
      },
    });
    // Every Jira call takes a while, so edits sent together really overlap.
    const rules = [{ system: 'jira', latencyMs: 40 }];
    await fetch(`${h.running.url}/__sandbox/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rules }) });
  });
  after(async () => h?.close());

  const slaStatusOf = async (key: string) => {
    const answer = await fetch(`${h.running.url}/rest/api/3/issue/${key}`, { headers: { authorization: `Basic ${Buffer.from('x:y').toString('base64')}` } });
    return ((await answer.json()) as { fields: Record<string, unknown> }).fields[SLA_STATUS];
  };

  it('writes every issue of a batch, at most ISSUE_WRITE_CONCURRENCY at once; a refused edit is written again by the next pass', async () => {
    const caseIds: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const fields = { Subject: `SLA writes ${i}`, Status: 'Escalated', Priority: 'P1', Customer_Tier__c: 'Corporate', Region__c: 'GB', Topic__c: 'payments_billing', Escalate_to_Jira__c: true };
      caseIds.push((await h.actSalesforce({ action: 'createCase', fields })).id);
    }
    // The first pass creates the issues; refuse the SLA edit of the one created for the fourth case.
    const keyOf = (id: string) => h.sandbox.salesforce.store.get('Case', id)?.Jira_Key__c as string | undefined;
    const original = h.context.issues.createIssues.bind(h.context.issues);
    h.context.issues.createIssues = async (drafts) => {
      const outcomes = await original(drafts);
      const fourth = outcomes[3];
      if (fourth?.ok) refuseNext.add(fourth.value.key);
      return outcomes;
    };
    await h.engine.enqueueCases(caseIds);
    await h.engine.drain();
    const keys = caseIds.map((id) => keyOf(id)!);
    assert.equal(new Set(keys).size, CASES, `every case has its own issue: ${keys.join(', ')}`);
    assert.equal(edits.keys.length, CASES, `one SLA edit per issue in the pass: ${edits.keys.join(', ')}`);
    assert.ok(edits.most > 1, `the SLA edits overlap (at most ${edits.most} at once): one after another, 50 of them hold a batch 50 calls long`);
    assert.ok(edits.most <= ISSUE_WRITE_CONCURRENCY, `at most ${ISSUE_WRITE_CONCURRENCY} SLA edits at once, saw ${edits.most}`);
    const refused = keys[3]!;
    for (const key of keys) {
      if (key === refused) assert.notEqual(await slaStatusOf(key), 'running', `no SLA status on ${key}: its edit was refused`);
      else assert.equal(await slaStatusOf(key), 'running', `SLA status on ${key}`);
    }

    // The refused edit was not recorded as written: the next pass over the case writes it, and only it.
    edits.keys.length = 0;
    await h.engine.enqueueCases(caseIds);
    await h.engine.drain();
    assert.deepEqual(edits.keys, [refused], 'only the refused issue is written again');
    assert.equal(await slaStatusOf(refused), 'running');
  });
});
