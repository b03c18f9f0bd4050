/**
 * Cases read with their comments in one query (a CaseComments child subquery), against the sandbox:
 * the emulator answers the subquery in the REST shape (nested query results, null without
 * comments), and the adapter reads 200 cases per query and their comments with them.
 */
import assert from 'node:assert/strict';
import type { Connection } from 'jsforce';
import { createSandbox, type RunningSandbox, type Sandbox } from '../../../src/sandbox/server.js';
import { connectSalesforce, createSalesforceCaseSystem } from '../../../src/adapters/salesforce/index.js';
import type { CaseSystem } from '../../../src/engine/ports.js';
import { getStats } from './adapter-test-helpers.js';

describe('Salesforce cases with their comments, one query per 200 cases', function () {
  let sandbox: Sandbox;
  let running: RunningSandbox;
  let connection: Connection;
  let cases: CaseSystem;

  before(async () => {
    sandbox = createSandbox();
    running = await sandbox.listen(0);
    connection = await connectSalesforce({ kind: 'token', instanceUrl: running.url, accessToken: 'integration-token' });
    cases = createSalesforceCaseSystem({ connection });
  });
  after(async () => running.close());
  beforeEach(() => sandbox.reset({ seed: 0 }));

  async function givenCases(count: number): Promise<string[]> {
    const records = Array.from({ length: count }, (_, i) => ({ Subject: `Case ${i}`, Origin: 'Web' }));
    const results = await connection.sobject('Case').create(records, { allOrNone: true, allowRecursive: true });
    return results.map((r) => r.id!);
  }

  it('the emulator nests each case comments as a query result under CaseComments, null for a case without any', async () => {
    const [withComments, without] = await givenCases(2);
    await cases.createComments([
      { caseId: withComments!, body: 'first', isPublished: true },
      { caseId: withComments!, body: 'second', isPublished: false },
    ]);
    const soql = `SELECT Id, (SELECT Id, CommentBody FROM CaseComments ORDER BY CreatedDate ASC, Id ASC) FROM Case WHERE Id IN ('${withComments}', '${without}') ORDER BY Id ASC`;
    const response = await fetch(`${running.url}/services/data/v62.0/query?q=${encodeURIComponent(soql)}`, { headers: { authorization: 'Bearer reader' } });
    const body = (await response.json()) as {
      records: Array<{ Id: string; CaseComments: { totalSize: number; done: boolean; records: Array<{ attributes: { type: string }; CommentBody: string }> } | null }>;
    };
    const byId = new Map(body.records.map((r) => [r.Id, r.CaseComments]));
    const nested = byId.get(withComments!);
    assert.ok(nested, JSON.stringify(body));
    assert.equal(nested.totalSize, 2);
    assert.equal(nested.done, true);
    assert.deepEqual(
      nested.records.map((c) => [c.attributes.type, c.CommentBody]),
      [
        ['CaseComment', 'first'],
        ['CaseComment', 'second'],
      ],
    );
    assert.equal(byId.get(without!), null);
  });

  it('reads 250 cases and their comments in 2 queries, comments oldest first, as listComments answers them', async () => {
    const ids = await givenCases(250);
    await cases.createComments([
      { caseId: ids[249]!, body: 'on the last case', isPublished: true },
      { caseId: ids[0]!, body: 'on the first case', isPublished: true },
      { caseId: ids[0]!, body: 'again on the first', isPublished: false },
    ]);
    await fetch(`${running.url}/__sandbox/stats`, { method: 'DELETE' });
    const read = await cases.getCasesWithComments!(ids, ['Subject']);
    const stats = await getStats(running.url);
    assert.equal(stats.salesforce.accepted, 2, JSON.stringify(stats.salesforce.calls));
    assert.equal(read.cases.length, 250);
    assert.deepEqual(read.cases.find((c) => c.id === ids[7])?.fields, { Subject: 'Case 7' });
    assert.deepEqual(read.comments, await cases.listComments(ids));
    assert.deepEqual(
      read.comments.map((c) => c.body),
      ['on the last case', 'on the first case', 'again on the first'],
    );
  });
});
