/**
 * The operations pages in headless Chromium: an operator retries a dead letter and sees it leave the
 * list; a viewer's POST of the same form is refused (403); the reports page draws its charts with
 * chart.js; screenshots of incidents, an incident, sync health and reports go to
 * test-artifacts/screenshots/.
 */
import assert from 'node:assert/strict';
import type { Database } from '../../../src/adapters/store/database.js';
import { dropTestDatabase, givenMigratedDatabase } from '../../helpers/database.js';
import { launchBrowser, screenshot } from '../../helpers/browser.js';
import type { TestBrowser } from '../../helpers/browser.js';
import { AS, startOpsConsole, TEST_CSRF } from '../../helpers/ops-console.js';
import type { OpsConsole } from '../../helpers/ops-console.js';
import { CASES, seedOpsData } from '../../helpers/ops-seed.js';
import type { Seeded } from '../../helpers/ops-seed.js';

const NOW = new Date('2026-12-02T08:00:00Z');

describe('console operations pages (browser)', function () {
  this.timeout(90_000);
  let db: Database;
  let ops: OpsConsole;
  let seeded: Seeded;
  let browser: TestBrowser;

  before(async () => {
    db = await givenMigratedDatabase('console_ops_browser');
    seeded = await seedOpsData(db.knex, NOW);
    ops = await startOpsConsole(db.knex, { now: () => NOW });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await ops?.close();
    await dropTestDatabase(db);
  });

  it('an operator retries a dead letter and sees it leave the list', async () => {
    const page = await browser.newPage();
    const id = seeded.deadLetterIds.caseLetter;
    await page.goto(`${ops.baseUrl}/health`);
    await screenshot(page, 'ops-health');
    const row = page.locator(`#dead-letter-${id}`);
    assert.equal(await row.count(), 1);
    assert.match(await row.innerText(), /00001001 · PAY-101/);
    await Promise.all([page.waitForURL(/retried=/), row.locator('button.retry').click()]);
    assert.equal(await page.locator(`#dead-letter-${id}`).count(), 0);
    assert.equal(await page.locator('#dead-letter-count').innerText(), '1');
    assert.match(await page.locator('.notice.ok').innerText(), new RegExp(`Dead letter ${id} was handed back`));
    assert.deepEqual(ops.enqueued.cases, [CASES.payments.id]);
    await screenshot(page, 'ops-health-after-retry');
    await page.close();
  });

  it('a viewer sees no Retry button, and the same POST from the viewer is refused with 403', async () => {
    const page = await browser.newPage();
    await page.setExtraHTTPHeaders({ [AS]: 'viewer' });
    await page.goto(`${ops.baseUrl}/health`);
    assert.equal(await page.locator('button.retry').count(), 0);
    const status = await page.evaluate(
      async ([path, csrf]) => (await fetch(path!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `_csrf=${csrf}` })).status,
      [`/dead-letters/${seeded.deadLetterIds.issueLetter}/retry`, TEST_CSRF],
    );
    assert.equal(status, 403);
    assert.equal(await page.locator(`#dead-letter-${seeded.deadLetterIds.issueLetter}`).count(), 1);
    await page.close();
  });

  it('shows incidents and one incident with its overdue RCA stage', async () => {
    const page = await browser.newPage();
    await page.goto(`${ops.baseUrl}/incidents`);
    assert.equal(await page.locator('#incidents tbody tr').count(), 2);
    await screenshot(page, 'ops-incidents');
    await page.click(`a[href="/incidents/${seeded.incidentKey}"]`);
    await page.waitForURL(new RegExp(`/incidents/${seeded.incidentKey}$`));
    assert.equal(await page.locator('#rca tr.overdue').count(), 1);
    // Overdue stages are red.
    const colour = await page
      .locator('#rca tr.overdue td')
      .first()
      // Runs in the page (the tests' tsconfig has no DOM types).
      .evaluate((td) => (globalThis as unknown as { getComputedStyle(element: unknown): { color: string } }).getComputedStyle(td).color);
    assert.notEqual(colour, 'rgb(29, 35, 48)');
    // Customers by name; the account id is the tooltip.
    assert.equal(await page.locator('#corporate-accounts span').innerText(), 'Volga Freight');
    assert.equal(await page.locator('#corporate-accounts span').getAttribute('title'), 'Account 001Dn000000CORPAAA');
    await screenshot(page, 'ops-incident');
    await page.close();
  });

  it('draws the report charts with chart.js, served by the app', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(`${ops.baseUrl}/reports?window=7d`);
    await page.waitForSelector('#chart-priority.enhanced canvas');
    assert.equal(await page.locator('figure.enhanced canvas').count(), 2);
    assert.deepEqual(errors, []);
    await screenshot(page, 'ops-reports');
    await page.close();
  });
});
