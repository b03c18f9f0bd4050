/**
 * Production access with token sign-in, over real HTTP: redirects and 401s for the signed-out, the
 * sign-in form, cookie flags (Secure only over TLS or a trusted proxy), CSRF, roles, expiry,
 * sign-out, helmet's headers, and no secret in any response or log line.
 */
import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import type { Database } from '../../../src/adapters/store/database.js';
import { SESSION_COOKIE } from '../../../src/console/access/index.js';
import { createCookieJar, hiddenField } from '../../helpers/cookie-jar.js';
import type { CookieJar } from '../../helpers/cookie-jar.js';
import { startAccessRig } from '../../helpers/console-access-rig.js';
import type { AccessRig } from '../../helpers/console-access-rig.js';
import { dropTestDatabase, givenMigratedDatabase } from '../../helpers/database.js';

const OPERATOR_TOKEN = 'op-token-5f1c9a7e2b4d8c6a';
const VIEWER_TOKEN = 'vw-token-0d3e6b9a1c7f4e2b';
const HTML = { accept: 'text/html' };

async function signIn(rig: AccessRig, token: string, next = '/'): Promise<{ jar: CookieJar; landed: Response }> {
  const jar = createCookieJar();
  const form = await jar.fetch(`${rig.baseUrl}/signin?next=${encodeURIComponent(next)}`, { headers: HTML });
  const html = await form.text();
  const landed = await jar.fetch(`${rig.baseUrl}/signin`, { method: 'POST', headers: HTML, form: { _csrf: hiddenField(html, '_csrf'), next: hiddenField(html, 'next'), token } });
  return { jar, landed };
}

async function csrfOf(jar: CookieJar, rig: AccessRig): Promise<string> {
  return hiddenField(await (await jar.fetch(`${rig.baseUrl}/`, { headers: HTML })).text(), '_csrf');
}

describe('console access in production with token sign-in', function () {
  this.timeout(60_000);
  let db: Database;
  let rig: AccessRig;
  const bodies: string[] = [];

  before(async () => {
    db = await givenMigratedDatabase('console_access_token');
    rig = await startAccessRig({ db, secrets: { operatorToken: OPERATOR_TOKEN, viewerToken: VIEWER_TOKEN } });
  });
  after(async () => {
    await rig?.close();
    await dropTestDatabase(db);
  });

  it('sends a signed-out page visitor to sign in and back; JSON and event streams get 401', async () => {
    const page = await fetch(`${rig.baseUrl}/board?region=EMEA&tier=gold`, { headers: HTML, redirect: 'manual' });
    assert.equal(page.status, 302);
    assert.equal(page.headers.get('location'), `/signin?next=${encodeURIComponent('/board?region=EMEA&tier=gold')}`);
    const json = await fetch(`${rig.baseUrl}/api/data`, { headers: { accept: 'application/json' } });
    assert.equal(json.status, 401);
    assert.equal(((await json.json()) as { error: { code: string } }).error.code, 'SIGN_IN_REQUIRED');
    const events = await fetch(`${rig.baseUrl}/events`, { headers: { accept: 'text/event-stream' } });
    assert.equal(events.status, 401);
  });

  it('signs an operator in with the token, lands on the page asked for, and lets them act', async () => {
    const { jar, landed } = await signIn(rig, OPERATOR_TOKEN, '/board?region=EMEA');
    assert.equal(landed.status, 303);
    assert.equal(landed.headers.get('location'), '/board?region=EMEA');
    const page = await (await jar.fetch(`${rig.baseUrl}/board?region=EMEA`, { headers: HTML })).text();
    assert.match(page, /Operator \(token sign-in\) \(operator\)/);
    const before = rig.actions;
    const act = await jar.fetch(`${rig.baseUrl}/act`, { method: 'POST', form: { _csrf: hiddenField(page, '_csrf') } });
    assert.equal(act.status, 303);
    assert.equal(rig.actions, before + 1);
  });

  it('sets the session cookie HttpOnly and SameSite=Lax, not Secure over plain HTTP, and stores only its hash', async () => {
    const { jar } = await signIn(rig, VIEWER_TOKEN);
    const header = jar.setCookieHeaders.find((h) => h.startsWith(`${SESSION_COOKIE}=`))!;
    assert.match(header, /; HttpOnly/i);
    assert.match(header, /; SameSite=Lax/i);
    assert.match(header, /; Path=\//);
    assert.doesNotMatch(header, /; Secure/i);
    const id = jar.cookies.get(SESSION_COOKIE)!;
    const rows = (await db.knex('console_sessions').select('id_hash')) as Array<{ id_hash: string }>;
    assert.ok(rows.some((r) => r.id_hash === createHash('sha256').update(id).digest('hex')));
    assert.ok(!rows.some((r) => r.id_hash === id), 'the raw id is never stored');
  });

  it('refuses a wrong token (no session) and a sign-in form without its CSRF token', async () => {
    const { jar, landed } = await signIn(rig, 'not-the-token-at-all-1234');
    assert.equal(landed.status, 401);
    assert.match(await landed.text(), /That token is not valid/);
    assert.equal(jar.cookies.get(SESSION_COOKIE), undefined);
    const forged = await fetch(`${rig.baseUrl}/signin`, {
      method: 'POST',
      headers: { ...HTML, 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${OPERATOR_TOKEN}`,
      redirect: 'manual',
    });
    assert.equal(forged.status, 403);
    assert.equal(forged.headers.getSetCookie().filter((h) => h.startsWith(SESSION_COOKIE)).length, 0);
  });

  it('answers 403 and changes nothing when the CSRF token is missing, wrong or another session’s', async () => {
    const { jar } = await signIn(rig, OPERATOR_TOKEN);
    const other = await signIn(rig, OPERATOR_TOKEN);
    const before = rig.actions;
    const forms: Array<Record<string, string>> = [{}, { _csrf: 'wrong' }, { _csrf: await csrfOf(other.jar, rig) }];
    for (const form of forms) {
      const res = await jar.fetch(`${rig.baseUrl}/act`, { method: 'POST', form });
      assert.equal(res.status, 403, JSON.stringify(form));
    }
    const viaHeader = await jar.fetch(`${rig.baseUrl}/act`, { method: 'POST', headers: { 'x-csrf-token': 'wrong' } });
    assert.equal(viaHeader.status, 403);
    assert.equal(rig.actions, before);
    const right = await jar.fetch(`${rig.baseUrl}/act`, { method: 'POST', headers: { 'x-csrf-token': await csrfOf(jar, rig) } });
    assert.equal(right.status, 303);
  });

  it('gives a viewer 403 on an operator POST, with a valid CSRF token', async () => {
    const { jar } = await signIn(rig, VIEWER_TOKEN);
    const before = rig.actions;
    const res = await jar.fetch(`${rig.baseUrl}/act`, { method: 'POST', headers: { accept: 'application/json' }, form: { _csrf: await csrfOf(jar, rig) } });
    assert.equal(res.status, 403);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'FORBIDDEN');
    assert.equal(rig.actions, before);
  });

  it('ends a session after sessionHours (12 by default)', async () => {
    const { jar } = await signIn(rig, OPERATOR_TOKEN);
    rig.advanceMs(11.9 * 3_600_000);
    assert.equal((await jar.fetch(`${rig.baseUrl}/`, { headers: HTML })).status, 200);
    rig.advanceMs(0.2 * 3_600_000);
    try {
      assert.equal((await jar.fetch(`${rig.baseUrl}/`, { headers: HTML })).status, 302);
      assert.equal((await jar.fetch(`${rig.baseUrl}/api/data`)).status, 401);
    } finally {
      rig.advanceMs(-12.1 * 3_600_000);
    }
  });

  it('signs out only with the CSRF token, deletes the session row, and the old cookie no longer works', async () => {
    const { jar } = await signIn(rig, OPERATOR_TOKEN);
    const cookie = jar.cookies.get(SESSION_COOKIE)!;
    const hash = createHash('sha256').update(cookie).digest('hex');
    const forged = await jar.fetch(`${rig.baseUrl}/signout`, { method: 'POST', form: {} });
    assert.equal(forged.status, 403);
    assert.equal((await jar.fetch(`${rig.baseUrl}/`, { headers: HTML })).status, 200);
    const out = await jar.fetch(`${rig.baseUrl}/signout`, { method: 'POST', form: { _csrf: await csrfOf(jar, rig) } });
    assert.equal(out.status, 303);
    assert.equal(out.headers.get('location'), '/signin');
    assert.equal(jar.cookies.get(SESSION_COOKIE), undefined, 'the cookie is cleared');
    assert.equal((await db.knex('console_sessions').where({ id_hash: hash })).length, 0);
    const replay = await fetch(`${rig.baseUrl}/`, { headers: { ...HTML, cookie: `${SESSION_COOKIE}=${cookie}` }, redirect: 'manual' });
    assert.equal(replay.status, 302);
  });

  it('sends helmet’s headers with a CSP that runs scripts from the site only', async () => {
    const res = await fetch(`${rig.baseUrl}/signin`, { headers: HTML });
    bodies.push(await res.text());
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, /form-action 'self'/);
    assert.doesNotMatch(csp, /upgrade-insecure-requests/, 'plain HTTP: nothing to upgrade to');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('x-frame-options'), 'SAMEORIGIN');
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(res.headers.get('strict-transport-security'), null, 'HSTS only over TLS');
  });

  it('never sends a return path off the site', async () => {
    for (const next of ['//evil.example/x', 'https://evil.example', '/\\evil.example']) {
      const { landed } = await signIn(rig, OPERATOR_TOKEN, next);
      assert.equal(landed.headers.get('location'), '/', next);
    }
  });

  it('never puts a token in a response or a log line', async () => {
    const { jar } = await signIn(rig, OPERATOR_TOKEN);
    await signIn(rig, 'wrong-token-but-long-enough');
    for (const path of ['/', '/signin', '/api/data']) {
      const res = await jar.fetch(`${rig.baseUrl}${path}`, { headers: HTML });
      bodies.push(await res.text(), JSON.stringify([...res.headers]));
    }
    const seen = [...bodies, ...jar.setCookieHeaders, ...rig.logLines].join('\n');
    assert.ok(
      rig.logLines.some((l) => /sign-in with a token/.test(l)),
      'sign-ins are logged',
    );
    assert.ok(!seen.includes(OPERATOR_TOKEN) && !seen.includes(VIEWER_TOKEN) && !seen.includes('wrong-token-but-long-enough'));
  });
});

describe('console access behind a TLS-terminating proxy', function () {
  this.timeout(60_000);
  const rigs: AccessRig[] = [];
  after(async () => {
    for (const rig of rigs) await rig.close();
  });

  async function sessionCookieVia(consoleYaml: string, forwardedProto: string | undefined): Promise<{ cookie: string; hsts: string | null }> {
    const rig = await startAccessRig({ consoleYaml, secrets: { operatorToken: OPERATOR_TOKEN } });
    rigs.push(rig);
    const headers: Record<string, string> = { ...HTML, ...(forwardedProto ? { 'x-forwarded-proto': forwardedProto } : {}) };
    const jar = createCookieJar();
    const form = await jar.fetch(`${rig.baseUrl}/signin`, { headers });
    const signedIn = await jar.fetch(`${rig.baseUrl}/signin`, { method: 'POST', headers, form: { _csrf: hiddenField(await form.text(), '_csrf'), token: OPERATOR_TOKEN } });
    return { cookie: signedIn.headers.getSetCookie().find((h) => h.startsWith(SESSION_COOKIE))!, hsts: form.headers.get('strict-transport-security') };
  }

  it('marks the cookie Secure (and sends HSTS) when a trusted proxy says https', async () => {
    const { cookie, hsts } = await sessionCookieVia('trustProxy: true', 'https');
    assert.match(cookie, /; Secure/i);
    assert.match(cookie, /; HttpOnly/i);
    assert.match(hsts ?? '', /max-age=\d+/);
  });

  it('does not believe X-Forwarded-Proto unless trustProxy says so', async () => {
    assert.doesNotMatch((await sessionCookieVia('trustProxy: false', 'https')).cookie, /; Secure/i);
    assert.doesNotMatch((await sessionCookieVia('trustProxy: [10.0.0.0/8]', 'https')).cookie, /; Secure/i, 'loopback is not the trusted subnet');
    assert.match((await sessionCookieVia('trustProxy: [loopback]', 'https')).cookie, /; Secure/i);
    assert.doesNotMatch((await sessionCookieVia('trustProxy: true', 'http')).cookie, /; Secure/i);
  });
});
