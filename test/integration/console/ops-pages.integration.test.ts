/**
 * The operations pages over HTTP against seeded data: what incidents and sync health show (case
 * numbers and keys, not record ids), and the operator actions — Retry takes a dead letter off the
 * list and queues what it named; a viewer's POST and a POST without the CSRF token are refused and
 * change nothing; acknowledge stops the escalation walk; re-sync queues a case by number.
 */
import assert from 'node:assert/strict';
import type { Database } from '../../../src/adapters/store/database.js';
import { getIncidentByKey } from '../../../src/adapters/store/incident-tracking.js';
import { dropTestDatabase, givenMigratedDatabase } from '../../helpers/database.js';
import { AS, startOpsConsole, TEST_CSRF } from '../../helpers/ops-console.js';
import type { OpsConsole } from '../../helpers/ops-console.js';
import { CASES, seedOpsData } from '../../helpers/ops-seed.js';
import type { Seeded } from '../../helpers/ops-seed.js';

const NOW = new Date('2026-12-02T08:00:00Z');
const HTML = { accept: 'text/html' };

/** The page's text without tags, spaces squeezed, for plain assertions. */
function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ');
}

describe('console operations pages (HTTP)', function () {
  this.timeout(60_000);
  let db: Database;
  let ops: OpsConsole;
  let seeded: Seeded;

  const get = async (path: string, as: 'operator' | 'viewer' = 'viewer') => {
    const res = await fetch(`${ops.baseUrl}${path}`, { headers: { ...HTML, [AS]: as } });
    return { status: res.status, html: await res.text() };
  };
  const post = (path: string, form: Record<string, string>, as: 'operator' | 'viewer' = 'operator') =>
    fetch(`${ops.baseUrl}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...HTML, [AS]: as, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });

  before(async () => {
    db = await givenMigratedDatabase('console_ops_pages');
    seeded = await seedOpsData(db.knex, NOW);
    ops = await startOpsConsole(db.knex, { now: () => NOW });
  });
  after(async () => {
    await ops?.close();
    await dropTestDatabase(db);
  });

  it('lists incidents with owner, escalation step, RCA progress and the close gate', async () => {
    const { status, html } = await get('/incidents');
    assert.equal(status, 200);
    const text = textOf(html);
    // Open incidents first.
    assert.ok(text.indexOf('INC-20') < text.indexOf('INC-7'), 'the open incident comes first');
    assert.match(text, /INC-20 since 2026-12-02 07:30 UTC rider-app Rider Experience SEV1 Open Olga Smirnova step 2 of 3 \(Olga Smirnova\) Olga Smirnova 6 min ago 0 — — open/);
    assert.match(text, /INC-7 .* driver-app Driver Experience SEV2 Investigating \(resolved\) Noam Levi acknowledged .* 2 1 ?: Volga Freight 0\/2 done, 1 overdue holds/);
    // Corporate customers by name, their account ids only in tooltips.
    assert.match(html, /<span dir="auto" title="Account 001Dn000000CORPAAA">Volga Freight<\/span>/);
    assert.ok(!text.includes('001Dn000000CORPAAA'));
  });

  it('shows one incident: who was notified, RCA stages with the overdue one marked, actions, cases by number', async () => {
    const { status, html } = await get(`/incidents/${seeded.incidentKey}`);
    assert.equal(status, 200);
    const text = textOf(html);
    assert.match(text, /close gate holds: closing is moved back — RCA stage Initial RCA \(INC-8\) is open; RCA stage R&D RCA \(INC-10\) is open; action INC-9 is open/);
    assert.match(html, /<tr class="overdue"><td>Initial RCA<\/td><td><a href="https:\/\/acme\.atlassian\.net\/browse\/INC-8">INC-8<\/a>/);
    assert.match(text, /R&D RCA INC-10 Noam Levi 2026-12-03 06:00 UTC \(in 22 h 00 min\) open/);
    assert.match(html, /<a href="\/tickets\/00001002" title="500Dn0000002AAAAA2">00001002<\/a><\/td><td><a href="https:\/\/acme\.atlassian\.net\/browse\/DRV-202">DRV-202<\/a>/);
    assert.match(text, /Linked cases \(2\) · corporate accounts \(1\)/);
    assert.match(text, /Linked cases \(2\) · corporate accounts \(1\) Volga Freight/);
    assert.match(text, /00001002 DRV-202 Private Dan Mizrahi/);
    assert.match(text, /00001003 — Corporate \(corporate\) Volga Freight/);
    // Record ids only in tooltips: cases, accounts.
    for (const id of ['500Dn0000002AAAAA2', '001Dn000000CORPAAA', '001Dn000000PRIVAAA']) assert.ok(!text.includes(id), `${id} only in a tooltip`);
    const open = textOf((await get(`/incidents/${seeded.openIncidentKey}`)).html);
    assert.match(open, /2026-12-02 07:36 UTC Mobile on-call on-call step 1 sent .* #mobile-oncall slack sent .* Olga Smirnova on-call step 2 sent/);
    assert.equal((await get('/incidents/NOPE-1')).status, 404);
  });

  it('shows sync health: feeds, API budget, problems and dead letters by case number and issue key', async () => {
    const { status, html } = await get('/health');
    assert.equal(status, 200);
    const text = textOf(html);
    assert.match(text, /Salesforce cases \(SOQL poll on SystemModstamp\) 2026-12-02 07:45 UTC 15 min 1 min ago 30 s/);
    assert.match(text, /Jira issues \(JQL poll on updated\) 2026-12-02 07:00 UTC 1 h 00 min 1 min ago 60 s/);
    assert.match(text, /Salesforce 81,234 \/ 100,000 \(81\.2 %\) — 40 0 — 1 min ago/);
    assert.match(text, /Jira no daily allowance .* 0 of 100 left 12 2 1 min ago \(asked to wait 1 min\)/);
    assert.match(text, /UNMAPPED_STATUS 1 .* case status "On Hold" has no Jira status/);
    assert.match(html, /<a href="\/tickets\/00001001" title="500Dn0000001AAAAA1">00001001<\/a> · <a href="https:\/\/acme\.atlassian\.net\/browse\/PAY-101">PAY-101<\/a>/);
    assert.match(html, /issue <a href="https:\/\/acme\.atlassian\.net\/browse\/DRV-202">DRV-202<\/a>/);
    assert.match(text, /Dead letters \( 2 waiting\)/);
    // A viewer sees no Retry button; an operator does.
    assert.ok(!html.includes('class="retry"'));
    assert.equal(((await get('/health', 'operator')).html.match(/class="retry"/g) ?? []).length, 2);
  });

  it('refuses a viewer (403) and a POST without the CSRF token (403); the letter stays', async () => {
    const id = seeded.deadLetterIds.caseLetter;
    assert.equal((await post(`/dead-letters/${id}/retry`, { _csrf: TEST_CSRF }, 'viewer')).status, 403);
    assert.equal((await post(`/dead-letters/${id}/retry`, {})).status, 403);
    assert.equal((await post(`/dead-letters/${id}/retry`, { _csrf: 'forged' })).status, 403);
    assert.deepEqual(ops.enqueued.cases, []);
    assert.match((await get('/health')).html, new RegExp(`id="dead-letter-${id}"`));
  });

  it('retries a dead letter: it leaves the list and what it named is queued', async () => {
    const id = seeded.deadLetterIds.caseLetter;
    const res = await post(`/dead-letters/${id}/retry`, { _csrf: TEST_CSRF });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), `/health?retried=${id}`);
    assert.deepEqual(ops.enqueued.cases, [CASES.payments.id]);
    const { html } = await get(`/health?retried=${id}`);
    assert.ok(!html.includes(`id="dead-letter-${id}"`));
    assert.match(textOf(html), new RegExp(`Dead letter ${id} was handed back to its queue\\..*Dead letters \\( 1 waiting\\)`));
    // Twice is no error and queues nothing again.
    assert.equal((await post(`/dead-letters/${id}/retry`, { _csrf: TEST_CSRF })).headers.get('location'), `/health?gone=${id}`);
    assert.deepEqual(ops.enqueued.cases, [CASES.payments.id]);
    // A script gets JSON.
    const json = await fetch(`${ops.baseUrl}/dead-letters/${seeded.deadLetterIds.issueLetter}/retry`, { method: 'POST', headers: { accept: 'application/json', 'x-csrf-token': TEST_CSRF } });
    assert.deepEqual(await json.json(), { retried: [seeded.deadLetterIds.issueLetter], caseIds: [], issueKeys: ['DRV-202'] });
  });

  it('re-syncs a case by its number; a number never seen or not a number is said so', async () => {
    const queued = await post('/cases/resync', { _csrf: TEST_CSRF, caseNumber: '1002' });
    assert.equal(queued.headers.get('location'), '/health?resynced=1002');
    assert.deepEqual(ops.enqueued.cases.at(-1), CASES.driver.id);
    assert.equal((await post('/cases/resync', { _csrf: TEST_CSRF, caseNumber: '99999' })).headers.get('location'), '/health?unknownCase=99999');
    assert.equal((await post('/cases/resync', { _csrf: TEST_CSRF, caseNumber: 'DROP TABLE' })).headers.get('location'), '/health?invalidCase=1');
    assert.equal((await post('/cases/resync', { _csrf: TEST_CSRF, caseNumber: '1002' }, 'viewer')).status, 403);
    assert.match(textOf((await get('/health?unknownCase=99999')).html), /casebridge has not seen case 99999/);
  });

  it('acknowledges an incident: the escalation walk stops, audited with who did it; a viewer cannot', async () => {
    const key = seeded.openIncidentKey;
    assert.equal((await post(`/incidents/${key}/acknowledge`, { _csrf: TEST_CSRF }, 'viewer')).status, 403);
    assert.equal((await getIncidentByKey(db.knex, key))?.escalationStopped, null);
    const res = await post(`/incidents/${key}/acknowledge`, { _csrf: TEST_CSRF });
    assert.equal(res.headers.get('location'), `/incidents/${key}?acknowledged=1`);
    const incident = await getIncidentByKey(db.knex, key);
    assert.equal(incident?.escalationStopped, 'acknowledged');
    assert.equal(incident?.acknowledgedAt?.toISOString(), NOW.toISOString());
    const audit = await db.knex('audit_log').where({ object_id: key, action: 'escalation-acknowledged' });
    assert.equal(audit.length, 1);
    assert.match(String(audit[0].note), /by Dana Operator/);
    const page = await get(`/incidents/${key}?acknowledged=1`, 'operator');
    assert.match(textOf(page.html), /Acknowledged: the on-call chain is not walked any further\. .* escalation acknowledged · acknowledged 2026-12-02 08:00 UTC/);
    assert.ok(!page.html.includes('id="acknowledge"'));
    assert.equal((await post(`/incidents/${key}/acknowledge`, { _csrf: TEST_CSRF })).headers.get('location'), `/incidents/${key}?already=1`);
  });
});
