/**
 * `/__sandbox/actors` and `/__sandbox/reset`: agents write as themselves (not the integration
 * user) and their writes produce outbound messages; Jira actions are forwarded; reset returns to
 * the same seeded state; the seed is deterministic and multilingual.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { givenRunningSandbox, type StartedSandbox } from './salesforce-test-helpers.js';

const JIRA_AUTH = { authorization: `Basic ${Buffer.from('dev@example.com:token').toString('base64')}` };
const ACK =
  '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound"><Ack>true</Ack></notificationsResponse></soapenv:Body></soapenv:Envelope>';

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('sandbox controls: actors and reset', () => {
  let started: StartedSandbox;
  const bodies: string[] = [];
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      bodies.push(body);
      res.writeHead(200, { 'content-type': 'text/xml' }).end(ACK);
    });
  });

  before(async () => {
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.address() as AddressInfo;
    started = await givenRunningSandbox({ seed: 30, jiraSeed: 3, randomSeed: 11, outboundUrl: `http://127.0.0.1:${port}/om`, outbound: { batchDelayMs: 5 } });
  });
  after(async () => {
    await started.running.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  });

  const actor = (body: Record<string, unknown>) => started.call('POST', '/__sandbox/actors', body);
  const firstOpenCaseId = async (): Promise<string> =>
    (await started.connect().query<{ Id: string }>('SELECT Id FROM Case WHERE IsClosed = false ORDER BY CaseNumber LIMIT 1')).records[0]?.Id as string;

  it('edits, closes and reopens a case as a human agent, producing outbound messages', async () => {
    const caseId = await firstOpenCaseId();
    const agent = started.sandbox.salesforce.people().agents.find((a) => a.username === 'noa.levi@support.example');
    bodies.length = 0;
    const edited = await actor({ system: 'salesforce', action: 'editCase', caseId, fields: { Priority: 'P1' }, actor: 'noa.levi@support.example' });
    assert.equal(edited.status, 200);
    const conn = started.connect();
    const row = (await conn.query<{ Priority: string; LastModifiedById: string }>(`SELECT Priority, LastModifiedById FROM Case WHERE Id = '${caseId}'`)).records[0];
    assert.equal(row?.Priority, 'P1');
    assert.equal(row?.LastModifiedById, agent?.id);
    assert.notEqual(row?.LastModifiedById, started.sandbox.salesforce.people().integrationUserId);
    await waitFor(() => bodies.length > 0);
    assert.ok(bodies.some((b) => b.includes(`<sf:Id>${caseId}</sf:Id>`) && b.includes(`<sf:LastModifiedById>${agent?.id}</sf:LastModifiedById>`)));

    assert.equal((await actor({ system: 'salesforce', action: 'closeCase', caseId })).status, 200);
    const closed = (await conn.query<{ IsClosed: boolean; ClosedDate: string | null }>(`SELECT IsClosed, ClosedDate FROM Case WHERE Id = '${caseId}'`)).records[0];
    assert.equal(closed?.IsClosed, true);
    assert.notEqual(closed?.ClosedDate, null);
    assert.equal((await actor({ system: 'salesforce', action: 'reopenCase', caseId })).status, 200);
    const reopened = (await conn.query<{ Status: string; ClosedDate: string | null }>(`SELECT Status, ClosedDate FROM Case WHERE Id = '${caseId}'`)).records[0];
    assert.equal(reopened?.Status, 'Working');
    assert.equal(reopened?.ClosedDate, null);
  });

  it('adds a public comment as the agent', async () => {
    const caseId = await firstOpenCaseId();
    const response = await actor({ system: 'salesforce', action: 'addComment', caseId, body: 'Мы вернули деньги 💳' });
    assert.equal(response.status, 200);
    const comments = await started
      .connect()
      .query<{ CommentBody: string; IsPublished: boolean; CreatedById: string }>(
        `SELECT CommentBody, IsPublished, CreatedById FROM CaseComment WHERE ParentId = '${caseId}' ORDER BY CreatedDate DESC LIMIT 1`,
      );
    assert.equal(comments.records[0]?.CommentBody, 'Мы вернули деньги 💳');
    assert.equal(comments.records[0]?.IsPublished, true);
    assert.ok(started.sandbox.salesforce.people().agents.some((a) => a.id === comments.records[0]?.CreatedById));
  });

  it('refuses bad actor bodies with a message and forwards Jira actions', async () => {
    const bad = await actor({ system: 'salesforce', action: 'teleport', caseId: 'x' });
    assert.equal(bad.status, 400);
    assert.equal((bad.body as { ok: boolean }).ok, false);
    assert.match((bad.body as { error: string }).error, /action/);
    const invalidValue = await actor({ system: 'salesforce', action: 'editCase', caseId: await firstOpenCaseId(), fields: { Jira_Key__c: 'nope' } });
    assert.match((invalidValue.body as { error: string }).error, /FIELD_CUSTOM_VALIDATION_EXCEPTION/);

    const projects = (await started.call('GET', '/rest/api/3/project', undefined, JIRA_AUTH)).body as { key: string }[];
    const issueKey = `${projects[0]?.key}-1`;
    const jira = await actor({ system: 'jira', type: 'comment', issueKey, body: 'Looking into it' });
    assert.equal(jira.status, 200, JSON.stringify(jira.body));
    const comments = (await started.call('GET', `/rest/api/3/issue/${issueKey}/comment`, undefined, JIRA_AUTH)).body as { total: number };
    assert.ok(comments.total >= 1);
    const missing = await actor({ system: 'jira', type: 'comment', issueKey: 'NOPE-999', body: 'x' });
    assert.equal(missing.status, 400);
  });

  it('resets to the same seeded state and clears stats', async () => {
    const subjects = async (): Promise<string[]> => (await started.connect().query<{ Subject: string }>('SELECT Subject FROM Case ORDER BY CaseNumber')).records.map((r) => r.Subject);
    await started.connect().sobject('Case').create({ Subject: 'extra' });
    const response = await started.call('POST', '/__sandbox/reset', {});
    assert.deepEqual(response.body, { ok: true, cases: 30, jiraIssues: 3 });
    const afterReset = await subjects();
    assert.equal(afterReset.length, 30);
    assert.ok(!afterReset.includes('extra'));
    const stats = (await started.call('GET', '/__sandbox/stats')).body as { salesforce: { accepted: number } };
    assert.equal(stats.salesforce.accepted, 1, 'only the query after the reset');

    const twin = await givenRunningSandbox({ seed: 30, randomSeed: 11 });
    const other = await givenRunningSandbox({ seed: 30, randomSeed: 12 });
    try {
      const twinSubjects = (await twin.connect().query<{ Subject: string }>('SELECT Subject FROM Case ORDER BY CaseNumber')).records.map((r) => r.Subject);
      const otherSubjects = (await other.connect().query<{ Subject: string }>('SELECT Subject FROM Case ORDER BY CaseNumber')).records.map((r) => r.Subject);
      assert.deepEqual(twinSubjects, afterReset);
      assert.notDeepEqual(otherSubjects, afterReset);
    } finally {
      await twin.running.close();
      await other.running.close();
    }
    assert.equal((await started.call('POST', '/__sandbox/reset', { seed: 'many' })).status, 400);
  });

  it('runs the demo activity simulator when asked, writing as agents', async () => {
    const demo = await givenRunningSandbox({ seed: 20, jiraSeed: 3, simulator: { intervalMs: 15 } });
    try {
      const startIso = new Date().toISOString();
      const agentIds = new Set(demo.sandbox.salesforce.people().agents.map((a) => a.id));
      await new Promise((resolve) => setTimeout(resolve, 400));
      const changed = (await demo.connect().query<{ LastModifiedById: string }>(`SELECT LastModifiedById FROM Case WHERE SystemModstamp >= ${startIso}`)).records;
      assert.ok(changed.length > 0, 'the simulator changed some cases');
      assert.ok(changed.every((c) => agentIds.has(c.LastModifiedById)));
    } finally {
      await demo.running.close();
    }
  });

  it('seeds realistic cases in English, Russian and Hebrew across regions, tiers and topics', async () => {
    const big = await givenRunningSandbox({ seed: 300, randomSeed: 3 });
    try {
      const rows = (
        await big
          .connect()
          .query<{ Language__c: string; Region__c: string; Customer_Tier__c: string; Topic__c: string; Subject: string; Account: { Name: string } }>(
            'SELECT Language__c, Region__c, Customer_Tier__c, Topic__c, Subject, Account.Name FROM Case',
          )
      ).records;
      assert.deepEqual([...new Set(rows.map((r) => r.Language__c))].sort(), ['en', 'he', 'ru']);
      assert.deepEqual([...new Set(rows.map((r) => r.Region__c))].sort(), ['GB', 'IL', 'RU']);
      assert.deepEqual([...new Set(rows.map((r) => r.Customer_Tier__c))].sort(), ['Corporate', 'Private', 'VIP']);
      assert.ok(new Set(rows.map((r) => r.Topic__c)).size >= 8);
      assert.ok(rows.some((r) => r.Language__c === 'he' && /[\u0590-\u05FF]/.test(r.Subject)));
      assert.ok(rows.some((r) => r.Language__c === 'ru' && /[\u0400-\u04FF]/.test(r.Subject)));
      const vipShare = rows.filter((r) => r.Customer_Tier__c === 'VIP').length / rows.length;
      assert.ok(vipShare > 0 && vipShare < 0.15, `a few VIP cases, got ${vipShare}`);
    } finally {
      await big.running.close();
    }
  });
});
