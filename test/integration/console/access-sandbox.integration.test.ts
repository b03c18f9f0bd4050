/** Sandbox access: open as the sandbox operator, CSRF still issued and checked, helmet headers. */
import { strict as assert } from 'node:assert';
import type { Server } from 'node:http';
import express from 'express';
import { pino } from 'pino';
import { createConsoleAccess } from '../../../src/console/access/index.js';
import type { ConsoleLocals } from '../../../src/console/access/index.js';
import { closeServer, listen } from '../../../src/http/serve.js';
import { launchBrowser, screenshot } from '../../helpers/browser.js';

describe('console access in sandbox mode', () => {
  let server: Server;
  let baseUrl: string;
  let retries = 0;

  before(async () => {
    const access = createConsoleAccess({ mode: 'sandbox', logger: pino({ level: 'silent' }) });
    const app = express();
    app.use(access.router);
    app.get('/', access.requireViewer, (_req, res) => {
      const locals = res.locals as unknown as ConsoleLocals;
      res
        .type('html')
        .send(
          `<!doctype html><title>board</title><p id="who">${locals.viewer.name} (${locals.viewer.role}) sandbox=${locals.sandbox}</p>` +
            `<form method="post" action="/retry"><input type="hidden" name="_csrf" value="${locals.csrfToken}"><button>Retry</button></form>`,
        );
    });
    app.post('/retry', access.requireOperator, (_req, res) => {
      retries += 1;
      res.redirect(303, '/');
    });
    server = await listen(app, 0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(() => closeServer(server, 0));

  it('opens a page as the sandbox operator with a session cookie and a CSRF token', async () => {
    const res = await fetch(`${baseUrl}/`, { headers: { accept: 'text/html' } });
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /Sandbox operator \(operator\) sandbox=true/);
    assert.match(html, /name="_csrf" value="[\w-]{43}"/);
    const cookie = res.headers.get('set-cookie') ?? '';
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Lax/i);
    assert.doesNotMatch(cookie, /Secure/i, 'plain HTTP on loopback: no Secure flag');
    assert.match(res.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  });

  it('refuses a POST without the CSRF token even in the sandbox, and changes nothing', async () => {
    const page = await fetch(`${baseUrl}/`, { headers: { accept: 'text/html' } });
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0]!;
    const before = retries;
    const res = await fetch(`${baseUrl}/retry`, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: '_csrf=wrong', redirect: 'manual' });
    assert.equal(res.status, 403);
    assert.equal(retries, before);
  });

  it('lets the sandbox operator POST from the page in a real browser', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(`${baseUrl}/`);
      const before = retries;
      await Promise.all([page.waitForResponse((r) => r.url().endsWith('/retry')), page.click('button')]);
      assert.equal(retries, before + 1);
      assert.match((await page.textContent('#who')) ?? '', /Sandbox operator/);
      await screenshot(page, 'console-access-sandbox');
    } finally {
      await browser.close();
    }
  });
});
