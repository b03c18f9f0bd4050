/**
 * No lost update when a person changes an issue while a pass writes it: the pass re-reads each
 * issue it wrote to record its own echo as seen, and a person's change that landed between the
 * pass's write and that re-read must not be taken for the echo. The next poll queues the issue, so
 * a person's comment reaches the case and `Jira_Last_Updated__c` is not older than the change.
 */
import assert from 'node:assert/strict';
import type { Connection } from 'jsforce';
import { connectSalesforce } from '../../../src/adapters/salesforce/connect.js';
import type { IssueSystem } from '../../../src/engine/ports.js';
import { givenSyncHarness } from '../../helpers/sync-harness.js';
import type { SyncHarness } from '../../helpers/sync-harness.js';

interface IssueHistory {
  fields: { labels: string[]; comment: { comments: Array<{ created: string; author: { accountId: string } }> } };
  changelog: { histories: Array<{ created: string; author?: { accountId: string } }> };
}

describe("a person's change made while a pass writes the issue is not taken for the pass's echo", function () {
  this.timeout(60_000);
  let h: SyncHarness;
  let sf: Connection;

  before(async () => {
    h = await givenSyncHarness('sync_own_write_race');
    sf = await connectSalesforce({ kind: 'token', instanceUrl: h.running.url, accessToken: 'reader' });
  });
  after(() => h?.close());

  const readIssue = async (key: string) =>
    (await (await fetch(`${h.running.url}/rest/api/3/issue/${key}?fields=labels,comment&expand=changelog`, { headers: { authorization: 'Basic eDp5' } })).json()) as IssueHistory;
  const readCase = async (id: string) => (await sf.sobject('Case').retrieve(id)) as unknown as Record<string, unknown>;

  /** Mirrors a new case, then renames it; `person` acts right after the pass's edit of the issue, before its re-read. */
  async function raceWithPass(subject: string, person: (key: string) => Promise<void>): Promise<{ id: string; key: string }> {
    const { id } = await h.actSalesforce({
      action: 'createCase',
      fields: { Subject: subject, Description: 'before', Status: 'Escalated', Priority: 'P2', Customer_Tier__c: 'Corporate', Region__c: 'GB', Topic__c: 'payments_billing', Escalate_to_Jira__c: true },
    });
    await h.engine.pollOnce();
    await h.engine.drain();
    const key = String((await readCase(id)).Jira_Key__c);
    assert.match(key, /^[A-Z]+-\d+$/);

    const original = h.context.issues;
    let acted = false;
    h.context.issues = Object.assign(Object.create(original) as IssueSystem, {
      updateIssue: async (issueKey: string, fields: Record<string, unknown>) => {
        const outcome = await original.updateIssue(issueKey, fields);
        if (outcome.ok && issueKey === key && !acted) {
          acted = true;
          await person(key);
        }
        return outcome;
      },
    });
    // A second later than the mirror, so a change shown at the whole second tells the two apart.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    try {
      await h.actSalesforce({ action: 'editCase', caseId: id, fields: { Subject: `${subject}, renamed` } });
      await h.engine.pollOnce();
      await h.engine.drain();
    } finally {
      h.context.issues = original;
    }
    assert.ok(acted, 'the pass edited the issue');
    // The next poll, as the next cron run or the running service makes it.
    await h.engine.pollOnce();
    await h.engine.drain();
    return { id, key };
  }

  /** `Jira_Last_Updated__c` is not before the last change a person made (changelog and comments), at the whole second. */
  async function assertLastUpdatedShowsPerson(id: string, key: string): Promise<void> {
    const ours = await h.context.issues.getIntegrationAccountId();
    const issue = await readIssue(key);
    const at = (s: string) => Date.parse(s.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    const byPerson = [...issue.changelog.histories, ...issue.fields.comment.comments].filter((c) => c.author?.accountId !== ours).map((c) => at(c.created));
    const lastByPerson = Math.max(...byPerson);
    const shown = Date.parse(String((await readCase(id)).Jira_Last_Updated__c));
    assert.ok(
      Math.floor(shown / 1000) >= Math.floor(lastByPerson / 1000),
      `Jira_Last_Updated__c ${new Date(shown).toISOString()} is before the person's change at ${new Date(lastByPerson).toISOString()}`,
    );
  }

  it('a comment made right after the pass edited the issue reaches the case, and Jira_Last_Updated__c is not older than it', async () => {
    const { id, key } = await raceWithPass('Race with a comment', async (issueKey) => {
      await h.actJira({ type: 'comment', issueKey, body: '#customer Found the cause, fixing it now' });
    });
    const comments = (await sf.query<{ CommentBody: string }>(`SELECT CommentBody FROM CaseComment WHERE ParentId = '${id}'`)).records.map((r) => r.CommentBody);
    assert.ok(
      comments.some((body) => body.includes('Found the cause, fixing it now')),
      `the comment is on the case: ${JSON.stringify(comments)}`,
    );
    await assertLastUpdatedShowsPerson(id, key);
  });

  it('an edit of a field casebridge does not map, made right after the pass edited the issue, moves Jira_Last_Updated__c', async () => {
    const { id, key } = await raceWithPass('Race with a label', async (issueKey) => {
      const labels = (await readIssue(issueKey)).fields.labels;
      await h.actJira({ type: 'editField', issueKey, field: 'labels', value: [...labels, 'needs-customer-reply'] });
    });
    assert.ok((await readIssue(key)).fields.labels.includes('needs-customer-reply'));
    await assertLastUpdatedShowsPerson(id, key);
  });
});
