/**
 * Jira Cloud reads JQL date literals in the searching user's profile time zone (`/myself` `timeZone`),
 * not in UTC: the same `updated >= "2026-11-26 10:15"` means 18:15 UTC for a user in Los Angeles and
 * 08:15 UTC for one in Jerusalem.
 */
import assert from 'node:assert/strict';
import { createJiraEmulator } from '../../../src/sandbox/jira/index.js';
import { type JiraTestServer, startJiraTestServer } from './jira-test-server.js';
import { givenManualClock, givenRunningSandbox } from './salesforce-test-helpers.js';

const JIRA_AUTH = { authorization: `Basic ${Buffer.from('dev@example.com:token').toString('base64')}` };

describe('Jira emulator: the API user time zone', () => {
  let server: JiraTestServer;
  const clock = givenManualClock('2026-11-26T00:00:00.000Z');
  afterEach(async () => {
    await server.close();
  });

  /** Starts an emulator for a user in `timeZone` with one DRV issue created (and updated) at `atIso`. */
  const givenIssueAt = async (timeZone: string, atIso: string): Promise<string> => {
    server = await startJiraTestServer({ now: clock.now, apiUserTimeZone: timeZone });
    clock.set(atIso);
    const created = await server.request('POST', '/rest/api/3/issue', { fields: { project: { key: 'DRV' }, issuetype: { name: 'Task' }, summary: 'tz' } });
    assert.equal(created.status, 201);
    return (created.body as { key: string }).key;
  };
  const matches = async (jql: string): Promise<boolean> => {
    const response = await server.request('POST', '/rest/api/3/search/jql', { jql: `project = DRV AND ${jql}` });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    return (response.body as { issues: unknown[] }).issues.length === 1;
  };

  it('reads date literals in a zone behind UTC (America/Los_Angeles, UTC-8 in November)', async () => {
    await givenIssueAt('America/Los_Angeles', '2026-11-26T18:20:00.000Z'); // 10:20 in Los Angeles
    assert.equal(((await server.request('GET', '/rest/api/3/myself')).body as { timeZone: string }).timeZone, 'America/Los_Angeles');
    assert.equal(await matches('updated >= "2026-11-26 10:15"'), true);
    assert.equal(await matches('updated <= "2026-11-26 10:25"'), true, 'read as UTC, 10:25 would be before the update');
    assert.equal(await matches('updated >= "2026-11-26 10:25"'), false);
    assert.equal(await matches('created < "2026/11/27"'), true, 'midnight of the 27th in Los Angeles is 08:00 UTC');
  });

  it('reads date literals in a zone ahead of UTC (Asia/Jerusalem, UTC+2 in November)', async () => {
    await givenIssueAt('Asia/Jerusalem', '2026-11-26T08:20:00.000Z'); // 10:20 in Jerusalem
    assert.equal(await matches('updated >= "2026-11-26 10:15"'), true, 'read as UTC, 10:15 would be after the update');
    assert.equal(await matches('updated < "2026-11-26 10:25"'), true);
    assert.equal(await matches('updated > "2026-11-26 10:20"'), false);
    assert.equal(await matches('created >= "2026-11-26"'), true);
  });

  it('reads them in UTC by default and answers relative dates from now whatever the zone', async () => {
    await givenIssueAt('Etc/UTC', '2026-11-26T08:20:00.000Z');
    assert.equal(await matches('updated >= "2026-11-26 10:15"'), false);
    assert.equal(await matches('updated >= "2026-11-26 08:15"'), true);
    clock.set('2026-11-26T09:00:00.000Z');
    assert.equal(await matches('updated >= "-1h"'), true);
    assert.equal(await matches('updated >= "-30m"'), false);
  });

  it('refuses an unknown zone at creation', () => {
    assert.throws(() => createJiraEmulator({ now: clock.now, random: Math.random, publicBaseUrl: () => 'http://x', apiUserTimeZone: 'Mars/Olympus' }), /IANA time zone/);
    server = { close: async () => undefined } as unknown as JiraTestServer;
  });
});

describe('sandbox controls: PUT /__sandbox/jira/user', () => {
  it('sets the API user time zone until reset, which restores the one the sandbox was created with', async () => {
    const started = await givenRunningSandbox({ jiraUserTimeZone: 'Europe/London' });
    try {
      const zoneOfMyself = async (): Promise<string> => ((await started.call('GET', '/rest/api/3/myself', undefined, JIRA_AUTH)).body as { timeZone: string }).timeZone;
      assert.equal(await zoneOfMyself(), 'Europe/London');
      const set = await started.call('PUT', '/__sandbox/jira/user', { timeZone: 'Asia/Jerusalem' });
      assert.equal(set.status, 200);
      assert.equal(await zoneOfMyself(), 'Asia/Jerusalem');
      const unknown = await started.call('PUT', '/__sandbox/jira/user', { timeZone: 'Mars/Olympus' });
      assert.equal(unknown.status, 400);
      assert.equal((unknown.body as { error: { code: string } }).error.code, 'INVALID_INPUT');
      assert.equal((await started.call('PUT', '/__sandbox/jira/user', { zone: 'UTC' })).status, 400);
      assert.equal(await zoneOfMyself(), 'Asia/Jerusalem');
      await started.call('POST', '/__sandbox/reset', {});
      assert.equal(await zoneOfMyself(), 'Europe/London');
    } finally {
      await started.running.close();
    }
  });
});
