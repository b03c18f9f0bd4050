/**
 * The SLA board in headless Chromium: it shows the seeded tickets with the states the SLA engine
 * computed, in the browser's time zone; a filter narrows the list and survives a reload; a clock
 * that breaches while the page is open changes state without a reload (server-sent events). The
 * board, a filtered board and a ticket page are saved as screenshots under test-artifacts/screenshots/.
 */
import assert from 'node:assert/strict';
import type { Database } from '../../../src/adapters/store/database.js';
import { dropTestDatabase, givenMigratedDatabase } from '../../helpers/database.js';
import { launchBrowser, screenshot } from '../../helpers/browser.js';
import type { TestBrowser } from '../../helpers/browser.js';
import { MINUTE_MS, givenBoardSla, seedClassification, seedIssue, seedTickets, startBoardRig, SEED_NOW } from '../../helpers/console-board.js';
import type { BoardRig, SeededTicket } from '../../helpers/console-board.js';

const id = (n: number) => `500Dn${String(n).padStart(9, '0')}IAA`;
const TICKETS: SeededTicket[] = [
  { caseNumber: '00000001', caseId: id(1), createdMinutesAgo: 600, subject: 'Charged twice for one ride', topic: 'payments_billing' },
  { caseNumber: '00000003', caseId: id(3), createdMinutesAgo: 50, region: 'IL', subject: 'Driver took a longer route' },
  { caseNumber: '00000004', caseId: id(4), createdMinutesAgo: 10, subject: 'App crashes on booking' },
  { caseNumber: '00000005', caseId: id(5), createdMinutesAgo: 30, events: [[20, 'Waiting on Customer']], subject: 'Receipt missing' },
  { caseNumber: '00000006', caseId: id(6), createdMinutesAgo: 120, events: [[110, 'reply']], subject: 'Promo code not applied' },
];

describe('console SLA board (browser)', function () {
  this.timeout(90_000);
  let db: Database;
  let rig: BoardRig;
  let browser: TestBrowser;
  const stateOf = (page: import('playwright-core').Page, caseNumber: string) => page.getAttribute(`tr[data-case="${caseNumber}"]`, 'data-state');

  before(async () => {
    db = await givenMigratedDatabase('console_board_browser');
    const sla = givenBoardSla();
    await seedTickets(db.knex, sla, TICKETS);
    await seedIssue(db.knex, id(1), 'PAY-7', 'In Progress');
    await seedClassification(db.knex, id(1), new Date(SEED_NOW - 599 * MINUTE_MS));
    rig = await startBoardRig(db.knex, sla, { livePollMs: 200 });
    browser = await launchBrowser({ timezoneId: 'Asia/Jerusalem' });
  });
  after(async () => {
    await browser?.close();
    await rig?.close();
    await dropTestDatabase(db);
  });

  it('shows the seeded tickets with the states the SLA engine computed, due times in the browser’s zone', async () => {
    const page = await browser.newPage();
    await page.goto(`${rig.baseUrl}/`);
    assert.deepEqual(await page.$$eval('tbody tr[data-case]', (rows) => rows.map((r) => [r.getAttribute('data-case'), r.getAttribute('data-state')])), [
      ['00000001', 'breached'],
      ['00000003', 'at_risk'],
      ['00000004', 'running'],
      ['00000006', 'running'],
      ['00000005', 'paused'],
    ]);
    // The script tells the server the browser's zone and redraws: due 12:50 UTC is 14:50 in Jerusalem.
    await page.waitForSelector('tr[data-case="00000004"] time:has-text("14:50")');
    assert.equal(await page.textContent('.count[data-state="breached"] .count-value'), '1');
    await page.waitForSelector('#live-status.on');
    await screenshot(page, 'sla-board');
    await page.close();
  });

  it('a filter narrows the list and survives a reload', async () => {
    const page = await browser.newPage();
    await page.goto(`${rig.baseUrl}/`);
    await page.selectOption('select[name="region"]', 'IL');
    await Promise.all([page.waitForURL(/region=IL/), page.click('#board-filters button[type="submit"]')]);
    const caseNumbers = () => page.$$eval('tbody tr[data-case]', (rows) => rows.map((r) => r.getAttribute('data-case')));
    assert.deepEqual(await caseNumbers(), ['00000003']);
    await page.reload();
    assert.deepEqual(await caseNumbers(), ['00000003']);
    assert.equal(await page.inputValue('select[name="region"]'), 'IL');
    await screenshot(page, 'sla-board-filtered');
    await page.close();
  });

  it('a clock that breaches while the page is open changes state without a reload', async () => {
    const page = await browser.newPage();
    await page.goto(`${rig.baseUrl}/`);
    await page.waitForSelector('#live-status.on');
    await page.evaluate(() => ((globalThis as unknown as { notReloaded: boolean }).notReloaded = true));
    assert.equal(await stateOf(page, '00000003'), 'at_risk');
    // 15 minutes on, 00000003 has used 65 of its 60 minutes: breached (the scan's evaluation writes it).
    await rig.advance(15 * MINUTE_MS);
    await page.waitForSelector('tr[data-case="00000003"][data-state="breached"]', { timeout: 10_000 });
    assert.equal(await page.textContent('.count[data-state="breached"] .count-value'), '2');
    assert.equal(await page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded), true, 'the same page, not a reload');
    await page.close();
  });

  it('opens a ticket page from the board', async () => {
    const page = await browser.newPage();
    await page.goto(`${rig.baseUrl}/`);
    await Promise.all([page.waitForURL(/\/tickets\/00000001$/), page.click('tr[data-case="00000001"] a[href="/tickets/00000001"]')]);
    assert.equal(await page.getAttribute('#salesforce-link', 'href'), `https://acme.my.salesforce.com/lightning/r/Case/${id(1)}/view`);
    assert.equal(await page.getAttribute('#jira-link', 'href'), 'https://acme.atlassian.net/browse/PAY-7');
    assert.ok((await page.$$('section.clock-explained')).length === 2);
    await screenshot(page, 'ticket-page');
    await page.close();
  });
});
