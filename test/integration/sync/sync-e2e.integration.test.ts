import assert from 'node:assert/strict';
import type { Connection } from 'jsforce';
import { connectSalesforce } from '../../../src/adapters/salesforce/connect.js';
import { listAudit } from '../../../src/adapters/store/audit-log.js';
import { givenSyncHarness } from '../../helpers/sync-harness.js';
import type { SyncHarness } from '../../helpers/sync-harness.js';
import { sandboxFieldId } from '../../helpers/jira-fields.js';

const CASE_NUMBER = sandboxFieldId('Case Number');

interface CaseRow {
  Id: string;
  Status: string;
  Jira_Key__c: string | null;
  Jira_Status__c: string | null;
  Jira_URL__c: string | null;
  Jira_Assignee__c: string | null;
  Jira_Fix_Version__c: string | null;
}

describe('sync engine end to end (sandbox over HTTP, real jsforce and jira.js)', function () {
  this.timeout(60_000);
  let h: SyncHarness;
  let sf: Connection;

  before(async () => {
    h = await givenSyncHarness('sync_e2e');
    sf = await connectSalesforce({ kind: 'token', instanceUrl: h.running.url, accessToken: 'reader' });
  });
  after(() => h?.close());

  const readCase = async (id: string) => (await sf.sobject('Case').retrieve(id)) as unknown as CaseRow;
  const jiraSearch = async (jql: string) => {
    const response = await fetch(`${h.running.url}/rest/api/3/search/jql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Basic eDp5' },
      body: JSON.stringify({ jql, fields: ['summary', 'status', 'labels', 'priority', CASE_NUMBER], maxResults: 100 }),
    });
    return ((await response.json()) as { issues: Array<{ key: string; fields: Record<string, any> }> }).issues;
  };
  const escalate = (fields: Record<string, unknown>) =>
    h.actSalesforce({
      action: 'createCase',
      fields: {
        Subject: 'Driver app freezes when accepting a ride',
        Description: 'All drivers in Haifa since 08:00',
        Status: 'Escalated',
        Priority: 'P2',
        Origin: 'Phone',
        Topic__c: 'driver_app',
        Escalate_to_Jira__c: true,
        ...fields,
      },
    });

  it('mirrors an escalated case to one issue with the mapped fields and writes the key back', async () => {
    const { id } = await escalate({});
    await h.settle();
    const issues = await jiraSearch(`labels = "sfcase-${id}"`);
    assert.equal(issues.length, 1);
    const issue = issues[0]!;
    assert.match(issue.key, /^DRV-\d+$/);
    assert.equal(issue.fields.summary, 'Driver app freezes when accepting a ride');
    assert.equal(issue.fields.priority.name, 'High');
    assert.ok(issue.fields.labels.includes('from-support'));
    const record = await readCase(id);
    assert.equal(record.Jira_Key__c, issue.key);
    assert.equal(record.Jira_Status__c, 'Escalated: queued in Jira');
    assert.match(record.Jira_URL__c ?? '', new RegExp(`/browse/${issue.key}$`));
    // A second settle does nothing at all: no create, no write.
    const before = h.engine.stats.created;
    await h.settle();
    assert.equal(h.engine.stats.created, before);
    assert.equal((await jiraSearch(`labels = "sfcase-${id}"`)).length, 1);
  });

  it('follows Jira: transitions, assignee and fix version reach the case; Done resolves it', async () => {
    const { id } = await escalate({ Subject: 'Refund not received', Topic__c: 'payments_billing' });
    await h.settle();
    const key = (await readCase(id)).Jira_Key__c!;
    assert.match(key, /^PAY-/);
    await h.actJira({ type: 'transition', issueKey: key, toStatus: 'In Progress' });
    const version = await firstVersion(h, 'PAY');
    await h.actJira({ type: 'setFixVersion', issueKey: key, version });
    const developer = await someDeveloper(h);
    await h.actJira({ type: 'assign', issueKey: key, accountId: developer.accountId });
    await h.settle();
    let record = await readCase(id);
    assert.equal(record.Jira_Status__c, 'In development');
    assert.equal(record.Jira_Fix_Version__c, version);
    assert.equal(record.Jira_Assignee__c, developer.displayName);
    await h.actJira({ type: 'transition', issueKey: key, toStatus: 'In Review' });
    await h.actJira({ type: 'transition', issueKey: key, toStatus: 'Done' });
    await h.settle();
    record = await readCase(id);
    assert.equal(record.Jira_Status__c, 'Fixed');
    assert.equal(record.Status, 'Resolved');
  });

  it('moves Jira when the agent closes and reopens the case (multi-step transitions)', async () => {
    const { id } = await escalate({ Subject: 'Corporate report export fails', Topic__c: 'corporate_portal' });
    await h.settle();
    const key = (await readCase(id)).Jira_Key__c!;
    await h.actSalesforce({ action: 'closeCase', caseId: id, status: 'Closed' });
    await h.settle();
    assert.equal((await jiraSearch(`key = ${key}`))[0]!.fields.status.name, 'Done', 'To Do → In Progress → Done');
    assert.equal((await readCase(id)).Status, 'Closed', 'the case keeps the status the agent chose');
    await h.actSalesforce({ action: 'reopenCase', caseId: id, status: 'Escalated' });
    await h.settle();
    assert.equal((await jiraSearch(`key = ${key}`))[0]!.fields.status.name, 'To Do');
  });

  it('links a case to an issue an agent typed, and many cases to one issue', async () => {
    const { id: first } = await escalate({ Subject: 'Promo code rejected', Topic__c: 'rider_app' });
    await h.settle();
    const key = (await readCase(first)).Jira_Key__c!;
    const { id: second } = await h.actSalesforce({ action: 'createCase', fields: { Subject: 'Same promo problem', Status: 'Working', Priority: 'P3', Jira_Key__c: key } });
    const { id: third } = await h.actSalesforce({ action: 'createCase', fields: { Subject: 'Promo again', Status: 'Working', Priority: 'P3', Jira_Key__c: key } });
    await h.settle();
    for (const id of [second, third]) {
      const record = await readCase(id);
      assert.equal(record.Jira_Key__c, key);
      assert.equal(record.Jira_Status__c, 'Escalated: queued in Jira');
    }
    await h.actJira({ type: 'transition', issueKey: key, toStatus: 'In Progress' });
    await h.settle();
    for (const id of [first, second, third]) assert.equal((await readCase(id)).Jira_Status__c, 'In development');
    // The linked cases do not overwrite the issue: it keeps the first case's summary.
    assert.equal((await jiraSearch(`key = ${key}`))[0]!.fields.summary, 'Promo code rejected');
  });

  it('settles into silence after one human change: a bounded number of writes, then none', async () => {
    const { id } = await escalate({ Subject: 'Surge price shown twice', Topic__c: 'dispatch_pricing' });
    await h.settle();
    const key = (await readCase(id)).Jira_Key__c!;
    await fetch(`${h.running.url}/__sandbox/stats`, { method: 'DELETE' });
    await h.actJira({ type: 'transition', issueKey: key, toStatus: 'In Progress' });
    // One job: the Jira change. The case write-back it causes is recognised by the next poll as
    // casebridge's own (integration user, fields as written) and queues nothing.
    assert.equal(await h.settle(), 1, 'jobs processed for one human change');
    const writes = await countWrites(h);
    assert.ok(writes.salesforce >= 1 && writes.salesforce <= 2, `case writes after one Jira change: ${writes.salesforce}`);
    assert.equal(writes.jira, 0, 'nothing is written back to Jira');
    await fetch(`${h.running.url}/__sandbox/stats`, { method: 'DELETE' });
    await h.settle();
    await h.settle();
    assert.deepEqual(await countWrites(h), { salesforce: 0, jira: 0 }, 'silence');
    // A quiet poll is one query per system.
    await fetch(`${h.running.url}/__sandbox/stats`, { method: 'DELETE' });
    assert.equal(await h.settle(), 0, 'no job queued');
    assert.deepEqual(await countCalls(h), { salesforce: 1, jira: 1 });
  });

  it('mirrors comments both ways once, with their origin, and never back again', async () => {
    const { id } = await escalate({ Subject: 'Invoice PDF is empty', Topic__c: 'corporate_portal' });
    await h.settle();
    const key = (await readCase(id)).Jira_Key__c!;
    await h.actSalesforce({ action: 'addComment', caseId: id, body: 'Customer says it started after the 3.2 release', isPublished: true });
    await h.actSalesforce({ action: 'addComment', caseId: id, body: 'internal note: VIP account', isPublished: false });
    await h.actJira({ type: 'comment', issueKey: key, body: '#customer A fix is being deployed tonight' });
    await h.actJira({ type: 'comment', issueKey: key, body: 'dev-only: root cause is the template cache' });
    await h.settle();
    await h.settle();
    const jiraComments = await issueComments(h, key);
    // In creation order: the developers' two comments, then the case comment casebridge mirrored.
    assert.deepEqual(
      jiraComments.map((c) => c.split('\n')[0]),
      ['#customer A fix is being deployed tonight', 'dev-only: root cause is the template cache', '[Salesforce] Customer says it started after the 3.2 release'],
    );
    assert.match(jiraComments[2]!, /— Salesforce case \d+, comment \w+$/);
    const caseComments = (await sf.query<{ CommentBody: string }>(`SELECT CommentBody FROM CaseComment WHERE ParentId = '${id}' ORDER BY CreatedDate`)).records.map((r) => r.CommentBody);
    assert.equal(caseComments.length, 3, caseComments.join(' | '));
    assert.match(caseComments[2]!, new RegExp(`^A fix is being deployed tonight\n\n— Jira ${key}, comment \\d+$`));
    assert.ok(!caseComments.some((c) => c.includes('template cache')), 'comments not matching the rule stay in Jira');
  });

  it('classifies a case without a topic, routes it by the topic and keeps a priority a person set', async () => {
    // Created with the org's default priority (P3): nobody chose it, so casebridge sets its own.
    const { id } = await h.actSalesforce({
      action: 'createCase',
      fields: { Subject: 'Деньги списали дважды за одну поездку', Description: 'Клиент видит два списания с карты', Status: 'Escalated', Priority: 'P3', Escalate_to_Jira__c: true },
    });
    const { id: humanId } = await h.actSalesforce({
      action: 'createCase',
      fields: { Subject: 'Charged twice for one ride', Status: 'Escalated', Priority: 'P4', Priority_Source__c: 'human', Escalate_to_Jira__c: true },
    });
    // An agent picks P1 on create and ticks nothing: still the agent's choice.
    const { id: agentId } = await h.actSalesforce({ action: 'createCase', fields: { Subject: 'Refund for a cancelled ride', Status: 'Escalated', Priority: 'P1', Escalate_to_Jira__c: true } });
    await h.settle();
    const record = (await sf.sobject('Case').retrieve(id)) as unknown as CaseRow & { Topic__c: string; Priority: string; Priority_Source__c: string };
    assert.equal(record.Topic__c, 'payments_billing');
    assert.match(record.Jira_Key__c ?? '', /^PAY-/);
    assert.equal(record.Priority_Source__c, 'casebridge');
    assert.notEqual(record.Priority, 'P3', 'casebridge set the priority it derived');
    const human = (await sf.sobject('Case').retrieve(humanId)) as unknown as { Priority: string; Topic__c: string };
    assert.equal(human.Priority, 'P4', 'a priority a person set is kept');
    assert.equal(human.Topic__c, 'payments_billing');
    const [entry] = await listAudit(h.db.knex, { objectId: humanId, system: 'casebridge' });
    assert.equal(entry?.action, 'classify-kept-human-priority');
    assert.equal(((await sf.sobject('Case').retrieve(agentId)) as unknown as { Priority: string }).Priority, 'P1', "an agent's P1 on create is kept");
  });

  it('round-trips hostile subjects unchanged and never breaks a query', async () => {
    const subjects = [`He said "it's broken" \\ again`, `' OR Id != null -- ; DROP`, `project = DRV OR key in (x) ORDER BY`, 'נהג לא מקבל נסיעות 🚕', 'Водитель не может войти — ошибка «500»'];
    const ids: string[] = [];
    for (const subject of subjects) ids.push((await escalate({ Subject: subject })).id);
    await h.settle();
    for (const [index, id] of ids.entries()) {
      const key = (await readCase(id)).Jira_Key__c;
      assert.ok(key, `case ${index} got an issue`);
      assert.equal((await jiraSearch(`key = ${key}`))[0]!.fields.summary, subjects[index]);
    }
  });
});

async function issueComments(h: SyncHarness, key: string): Promise<string[]> {
  const response = await fetch(`${h.running.url}/rest/api/3/issue/${key}/comment`, { headers: { authorization: 'Basic eDp5' } });
  const { comments } = (await response.json()) as { comments: Array<{ body: unknown }> };
  const { toPlainText } = await import('../../../src/domain/sync/adf.js');
  return comments.map((c) => toPlainText(c.body));
}

async function someDeveloper(h: SyncHarness): Promise<{ accountId: string; displayName: string }> {
  const response = await fetch(`${h.running.url}/rest/api/3/user/assignable/search?project=PAY`, { headers: { authorization: 'Basic eDp5' } });
  const users = (await response.json()) as Array<{ accountId: string; displayName: string; accountType?: string }>;
  return users.find((u) => u.accountId !== 'integration-casebridge')!;
}

async function firstVersion(h: SyncHarness, project: string): Promise<string> {
  const response = await fetch(`${h.running.url}/rest/api/3/project/${project}/versions`, { headers: { authorization: 'Basic eDp5' } });
  const versions = (await response.json()) as Array<{ name: string }>;
  return versions[0]!.name;
}

/** Every API call each system received since the stats were last cleared. */
async function countCalls(h: SyncHarness): Promise<{ salesforce: number; jira: number }> {
  const stats = (await (await fetch(`${h.running.url}/__sandbox/stats`)).json()) as Record<'salesforce' | 'jira', { accepted: number }>;
  return { salesforce: stats.salesforce.accepted, jira: stats.jira.accepted };
}

/** Writes (not reads) each system received since the stats were last cleared. */
async function countWrites(h: SyncHarness): Promise<{ salesforce: number; jira: number }> {
  const stats = (await (await fetch(`${h.running.url}/__sandbox/stats`)).json()) as Record<'salesforce' | 'jira', { calls: Record<string, number> }>;
  const isWrite = (route: string) => !route.startsWith('GET ') && !/\/query|\/search\/jql/.test(route);
  const sum = (system: 'salesforce' | 'jira') =>
    Object.entries(stats[system].calls)
      .filter(([route]) => isWrite(route))
      .reduce((n, [, count]) => n + count, 0);
  return { salesforce: sum('salesforce'), jira: sum('jira') };
}
