/**
 * The SLA board and the ticket page over real HTTP, against SLA state the engine computed: urgency
 * order, counts per state, filters in the URL, pages, the viewer's time zone, the live stream, and
 * the ticket page's links, arithmetic and timeline.
 */
import { strict as assert } from 'node:assert';
import type { Database } from '../../../src/adapters/store/database.js';
import { dropTestDatabase, givenMigratedDatabase } from '../../helpers/database.js';
import { MINUTE_MS, SEED_NOW, givenBoardSla, seedClassification, seedIssue, seedTickets, startBoardRig } from '../../helpers/console-board.js';
import type { BoardRig, SeededTicket } from '../../helpers/console-board.js';

const id = (n: number) => `500Dn${String(n).padStart(9, '0')}IAA`;
const FILLERS: SeededTicket[] = Array.from({ length: 60 }, (_, i) => ({ caseNumber: `0000${1000 + i}`, caseId: id(1000 + i), createdMinutesAgo: 5, region: 'RU' }));
const TICKETS: SeededTicket[] = [
  { caseNumber: '00000001', caseId: id(1), createdMinutesAgo: 600, subject: 'Charged twice for one ride', account: ['001Dn000000ACMEAAA', 'Acme Logistics'] },
  { caseNumber: '00000002', caseId: id(2), createdMinutesAgo: 120 },
  { caseNumber: '00000003', caseId: id(3), createdMinutesAgo: 50, region: 'IL', topic: 'payments_billing' },
  { caseNumber: '00000004', caseId: id(4), createdMinutesAgo: 10 },
  { caseNumber: '00000005', caseId: id(5), createdMinutesAgo: 30, events: [[20, 'Waiting on Customer']] },
  { caseNumber: '00000006', caseId: id(6), createdMinutesAgo: 120, events: [[110, 'reply']] },
  { caseNumber: '00000007', caseId: id(7), createdMinutesAgo: 600, events: [[500, 'Closed']] },
  ...FILLERS,
];

/** `[case number, board state]` of each row, in page order. */
function rowsOf(html: string): Array<[string, string]> {
  return [...html.matchAll(/<tr data-case="([^"]*)" data-state="([^"]*)">/g)].map((m) => [m[1]!, m[2]!]);
}

function countsOf(html: string): Record<string, number> {
  return Object.fromEntries([...html.matchAll(/data-state="(\w+)"[^>]*>\s*<strong class="count-value">(\d+)<\/strong>/g)].map((m) => [m[1]!, Number(m[2])]));
}

describe('console SLA board and ticket page (HTTP)', function () {
  this.timeout(120_000);
  let db: Database;
  let rig: BoardRig;
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${rig.baseUrl}${path}`, { headers });
    return { status: response.status, html: await response.text() };
  };

  before(async () => {
    db = await givenMigratedDatabase('console_board');
    const sla = givenBoardSla();
    await seedTickets(db.knex, sla, TICKETS);
    await seedIssue(db.knex, id(1), 'PAY-7', 'In Progress');
    await seedClassification(db.knex, id(1), new Date(SEED_NOW - 599 * MINUTE_MS));
    rig = await startBoardRig(db.knex, sla);
  });
  after(async () => {
    await rig?.close();
    await dropTestDatabase(db);
  });

  it('lists every open ticket most urgent first, with the counts per state the engine computed', async () => {
    const { status, html } = await get('/');
    assert.equal(status, 200);
    assert.deepEqual(countsOf(html), { breached: 2, at_risk: 1, running: 62, paused: 1, met: 0, none: 0 });
    const rows = rowsOf(html);
    assert.equal(rows.length, 50);
    // Longest breached first, then at risk, then running by due time (00000004 is due before the fillers).
    assert.deepEqual(rows.slice(0, 5), [
      ['00000001', 'breached'],
      ['00000002', 'breached'],
      ['00000003', 'at_risk'],
      ['00000004', 'running'],
      ['00001000', 'running'],
    ]);
    assert.ok(!rows.some(([n]) => n === '00000007'), 'a closed ticket is not on the board');
    assert.match(html, /Page 1 of 2 · 66 tickets/);
  });

  it('shows names, the Jira key and status, and each clock with time left and due time', async () => {
    const { html } = await get('/');
    const row = html.slice(html.indexOf('<tr data-case="00000001"'), html.indexOf('</tr>', html.indexOf('<tr data-case="00000001"')));
    assert.match(row, /Charged twice for one ride/);
    assert.match(row, />Rider app</);
    assert.match(row, /Rider Experience/);
    assert.match(row, /title="User 005Dn0000000001IAA">Harry Patel</);
    assert.match(row, /title="Account 001Dn000000ACMEAAA">Acme Logistics</, 'the customer by name, its id on hover');
    assert.match(row, /href="https:\/\/acme.atlassian.net\/browse\/PAY-7"[^>]*>PAY-7<\/a> <span class="muted">In Progress/);
    assert.match(row, /data-metric="first_response" data-clock-state="breached"/);
    assert.match(row, /over by 9h 00m/);
    assert.match(row, /over by 2h 00m/, 'resolution: 10 h counted of 8 h');
    assert.doesNotMatch(row, />(500|001)Dn/, 'record ids only in tooltips');
  });

  it('writes due times in the viewer’s zone, with the calendar’s zone on hover', async () => {
    const { html } = await get('/?state=running', { cookie: 'cb_tz=Asia%2FJerusalem' });
    const row = html.slice(html.indexOf('<tr data-case="00000004"'));
    // Due at 12:50 UTC: 14:50 in Jerusalem.
    assert.match(row, /<time datetime="2026-12-02T12:50:00.000Z" title="Wed 2 Dec 2026 12:50:00 UTC \(calendar always\)">due 2 Dec 14:50<\/time>/);
    assert.match(row, /50m left/);
    assert.match(html, /times in Asia\/Jerusalem/);
  });

  it('filters by region, team and state, keeps the filters in every link, and pages', async () => {
    assert.deepEqual(rowsOf((await get('/?region=IL')).html), [['00000003', 'at_risk']]);
    const team = await get(`/?team=${encodeURIComponent('Payments & Billing')}`);
    assert.deepEqual(rowsOf(team.html), [['00000003', 'at_risk']]);
    assert.deepEqual(countsOf(team.html), { breached: 0, at_risk: 1, running: 0, paused: 0, met: 0, none: 0 });
    const running = await get('/?state=running');
    assert.equal(rowsOf(running.html).length, 50);
    assert.ok(rowsOf(running.html).every(([, state]) => state === 'running'));
    assert.match(running.html, /<a rel="next" href="\/\?state=running&amp;page=2">/);
    assert.match(running.html, /<option value="running" selected>/);
    const second = await get('/?state=running&page=2');
    assert.equal(rowsOf(second.html).length, 12);
    assert.equal(rowsOf(second.html).at(-1)?.[0], '00000006', 'the latest due running ticket last');
    const lastPage = rowsOf((await get('/?page=2')).html);
    assert.deepEqual(lastPage.slice(-2), [
      ['00000006', 'running'],
      ['00000005', 'paused'],
    ]);
  });

  it('refuses a filter it does not know with 400 and says what is wrong', async () => {
    const bad = await get('/?state=late');
    assert.equal(bad.status, 400);
    assert.match(bad.html, /state:/);
    assert.equal((await get('/?page=0')).status, 400);
  });

  it('answers the rows alone as a fragment (what the live page swaps in)', async () => {
    const fragment = await get('/board/rows?region=IL');
    assert.equal(fragment.status, 200);
    assert.doesNotMatch(fragment.html, /<html/);
    assert.deepEqual(rowsOf(fragment.html), [['00000003', 'at_risk']]);
  });

  it('shows the ticket page: links, the clock arithmetic, the classification and its reasons', async () => {
    const { status, html } = await get('/tickets/00000001');
    assert.equal(status, 200);
    assert.match(html, /href="https:\/\/acme.my.salesforce.com\/lightning\/r\/Case\/500Dn000000001IAA\/view"/);
    assert.match(html, /href="https:\/\/acme.atlassian.net\/browse\/PAY-7"/);
    assert.match(html, /policy test/);
    assert.match(html, /data-metric="resolution" data-clock-state="breached"/);
    assert.match(html, /Target <strong>8h 00m<\/strong> of working time on calendar <strong>always<\/strong>/);
    assert.match(html, /<td>Wed 2026-12-02<\/td>\s*<td>24h<\/td>\s*<td class="num">10h 00m<\/td>/);
    assert.match(html, /Classified as Payments billing, priority P2 \(by rules, confidence 0.91\)/);
    assert.match(html, /because keyword &quot;charged twice&quot;/);
    assert.match(html, /data-kind="created"/);
    assert.match(html, /<dt>Account<\/dt><dd><span dir="auto" title="Account 001Dn000000ACMEAAA">Acme Logistics<\/span>/);
  });

  it('names pauses in the timeline and answers 404 for an unknown case number', async () => {
    const paused = await get('/tickets/00000005');
    assert.match(paused.html, /data-kind="pause"/);
    assert.match(paused.html, /Paused: status Waiting on Customer/);
    assert.match(paused.html, /left when resumed/);
    const missing = await get('/tickets/99999999');
    assert.equal(missing.status, 404);
    assert.match(missing.html, /No case 99999999/);
  });

  it('sends the current version once on connect, not again with the next polls', async () => {
    const controller = new AbortController();
    const response = await fetch(`${rig.baseUrl}/board/events`, { signal: controller.signal });
    const reader = response.body!.getReader();
    let text = '';
    // Several polls of the rig's 200 ms interval, with nothing changing meanwhile.
    const until = Date.now() + 1000;
    while (Date.now() < until) {
      const chunk = await Promise.race([reader.read(), new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), until - Date.now()))]);
      if (chunk?.value) text += new TextDecoder().decode(chunk.value);
    }
    controller.abort();
    assert.equal(text.match(/event: version\n/g)?.length, 1, text);
  });

  it('pushes a new version on the event stream when a clock changes state, and the board shows it', async () => {
    const controller = new AbortController();
    const response = await fetch(`${rig.baseUrl}/board/events`, { signal: controller.signal });
    assert.equal(response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    const reader = response.body!.getReader();
    const versions: string[] = [];
    const readVersion = async () => {
      let text = '';
      while (!/event: version\ndata: .+\n\n/.test(text)) text += new TextDecoder().decode((await reader.read()).value);
      const version = /event: version\ndata: (.+)\n\n/.exec(text)![1]!;
      versions.push(version);
      return version;
    };
    await readVersion();
    // 45 minutes on: 00000004 has 5 of its 60 minutes left and the fillers 10 (at risk, under 12); 00000003 breached.
    await rig.advance(45 * MINUTE_MS);
    await readVersion();
    controller.abort();
    assert.notEqual(versions[1], versions[0]);
    const { html } = await get('/');
    assert.deepEqual(countsOf(html), { breached: 3, at_risk: 61, running: 1, paused: 1, met: 0, none: 0 });
  });
});
