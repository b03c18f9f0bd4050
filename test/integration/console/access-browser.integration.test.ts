/**
 * Console access in a real headless Chromium, in front of the console's real pages: a signed-out
 * visitor is sent to sign in; sign-in through the local OpenID Connect provider lands on the SLA
 * board asked for; a viewer's operator POST is refused with 403; token sign-in and sign-out work.
 * Screenshots of each step go to test-artifacts/screenshots/.
 */
import { strict as assert } from 'node:assert';
import type { Database } from '../../../src/adapters/store/database.js';
import { loadConfig } from '../../../src/config/index.js';
import type { Config } from '../../../src/config/index.js';
import type { ConsoleAccess } from '../../../src/console/access/index.js';
import { createConsoleRouter } from '../../../src/console/app.js';
import { addDeadLetter } from '../../../src/adapters/store/dead-letters.js';
import { pino } from 'pino';
import { launchBrowser, screenshot, signInWithToken } from '../../helpers/browser.js';
import type { TestBrowser } from '../../helpers/browser.js';
import { startAccessRig } from '../../helpers/console-access-rig.js';
import type { AccessRig } from '../../helpers/console-access-rig.js';
import { dropTestDatabase, givenMigratedDatabase } from '../../helpers/database.js';
import { boundServer, consoleYamlFor, startOidcProvider, TEST_ACCOUNTS } from '../../helpers/oidc-provider.js';
import type { TestOidcProvider } from '../../helpers/oidc-provider.js';

const OPERATOR_TOKEN = 'browser-operator-token-7c2e9f41';
const VIEWER_TOKEN = 'browser-viewer-token-3b8d6a05';

describe('console access in headless Chromium', function () {
  this.timeout(120_000);
  let db: Database;
  let provider: TestOidcProvider;
  let oidcConsole: AccessRig;
  let tokenConsole: AccessRig;
  let browser: TestBrowser;

  before(async () => {
    db = await givenMigratedDatabase('console_access_browser');
    const loaded = loadConfig({ configDir: 'config', env: { LOG_LEVEL: 'silent' } });
    if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
    const config: Config = loaded.config;
    const pages = (access: ConsoleAccess) =>
      createConsoleRouter(
        {
          db: db.knex,
          config,
          logger: pino({ level: 'silent' }),
          now: () => new Date(),
          links: { salesforceInstanceUrl: 'https://acme.my.salesforce.com', jiraSiteUrl: 'https://acme.atlassian.net' },
        },
        access,
      );
    const server = await boundServer();
    const consoleBaseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    provider = await startOidcProvider({ redirectUri: `${consoleBaseUrl}/signin/callback`, accounts: TEST_ACCOUNTS });
    oidcConsole = await startAccessRig({ db, server, pages, consoleYaml: consoleYamlFor(provider, consoleBaseUrl), secrets: { oidcClientSecret: provider.clientSecret } });
    tokenConsole = await startAccessRig({ db, pages, secrets: { operatorToken: OPERATOR_TOKEN, viewerToken: VIEWER_TOKEN } });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await oidcConsole?.close();
    await tokenConsole?.close();
    await provider?.close();
    await dropTestDatabase(db);
  });
  beforeEach(() => browser.context.clearCookies());

  async function signInAtProvider(login: string, next: string): Promise<import('playwright-core').Page> {
    const page = await browser.newPage();
    await page.goto(`${oidcConsole.baseUrl}${next}`);
    assert.equal(new URL(page.url()).pathname, '/signin', 'a signed-out visitor is sent to sign in');
    assert.equal(new URL(page.url()).searchParams.get('next'), next);
    await screenshot(page, 'console-signin-oidc');
    await page.click('#signin-oidc');
    await page.waitForSelector('input[name="login"]');
    await page.fill('input[name="login"]', login);
    await page.fill('input[name="password"]', 'any password');
    await screenshot(page, 'console-signin-oidc-provider-login');
    await Promise.all([page.waitForURL((url) => url.pathname.startsWith('/interaction/')), page.click('button[type="submit"]')]);
    await page.click('button[type="submit"]'); // consent: "Continue"
    await page.waitForURL((url) => url.origin === oidcConsole.baseUrl && !url.pathname.startsWith('/signin'));
    return page;
  }

  it('sends a signed-out visitor to sign in, and sign-in at the OpenID Connect provider lands on the board asked for', async () => {
    const page = await signInAtProvider('ana', '/?priority=P1');
    assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, '/?priority=P1');
    assert.equal(await page.textContent('h1'), 'SLA board');
    assert.equal((await page.textContent('.viewer-name'))?.trim(), 'Ana Lima');
    assert.equal((await page.textContent('.viewer-role'))?.trim(), 'operator');
    assert.equal(await page.locator('.sandbox-banner').count(), 0, 'production: no sandbox banner');
    await screenshot(page, 'console-board-after-oidc-sign-in');
    await page.close();
  });

  it('refuses a viewer’s operator POST with 403 (valid CSRF token, wrong role)', async () => {
    const letter = await addDeadLetter(db.knex, {
      queue: 'case-to-jira',
      jobId: 'job-403',
      payload: { caseIds: ['500Dn0000009AAAAA9'] },
      errorCode: 'UNMAPPED_STATUS',
      errorMessage: 'no Jira status',
      attempts: 4,
    });
    const page = await signInAtProvider('ben', '/');
    assert.equal((await page.textContent('.viewer-role'))?.trim(), 'viewer');
    // The form a retry button would submit, with the page's own CSRF token (as B's pages send it).
    const response = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/dead-letters/${letter}/retry`)),
      // A string, run in the page (the test's TypeScript has no DOM types).
      page.evaluate(`(() => {
        const form = document.createElement('form');
        form.method = 'post';
        form.action = '/dead-letters/${letter}/retry';
        form.append(document.querySelector('form.signout input[name="_csrf"]').cloneNode());
        document.body.append(form);
        form.submit();
      })()`),
    ]).then(([r]) => r);
    assert.equal(response.status(), 403);
    await page.waitForSelector('.refusal');
    assert.match((await page.textContent('.refusal')) ?? '', /needs the operator role; Ben Okafor is a viewer/);
    const [stored] = (await db.knex('dead_letters').where({ id: letter }).select('retried_at')) as Array<{ retried_at: Date | null }>;
    assert.equal(stored?.retried_at, null, 'the letter still waits for an operator');
    await screenshot(page, 'console-viewer-refused-403');
    await page.close();
  });

  it('signs in with a token, and signs out back to the sign-in page', async () => {
    const page = await browser.newPage();
    await page.goto(`${tokenConsole.baseUrl}/signin?next=%2F`);
    await screenshot(page, 'console-signin-token');
    await signInWithToken(page, tokenConsole.baseUrl, OPERATOR_TOKEN, '/');
    assert.equal(await page.textContent('h1'), 'SLA board');
    assert.equal((await page.textContent('.viewer-role'))?.trim(), 'operator');
    await screenshot(page, 'console-board-after-token-sign-in');
    await Promise.all([page.waitForURL((url) => url.pathname === '/signin'), page.click('form.signout button')]);
    await page.goto(`${tokenConsole.baseUrl}/`);
    assert.equal(new URL(page.url()).pathname, '/signin', 'signed out: the board asks to sign in again');
    await page.close();
  });
});
