/**
 * No silent misconfiguration: in production mode a channel the files configure needs its endpoint,
 * push needs the org id, and every message names the value at fault. Sandbox mode asks for none.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../src/config/index.js';

const PRODUCTION = {
  SALESFORCE_INSTANCE_URL: 'https://example.my.salesforce.com',
  SALESFORCE_ACCESS_TOKEN: 'unit-test-token',
  JIRA_BASE_URL: 'https://example.atlassian.net',
  JIRA_EMAIL: 'casebridge@integration.example',
  JIRA_API_TOKEN: 'unit-test-jira-token',
  JIRA_WEBHOOK_SECRET: 'unit-test-webhook-secret',
};
const ENDPOINTS = { SLACK_WEBHOOK_URL: 'https://hooks.slack.example/services/T/B/x', SMTP_URL: 'smtp://127.0.0.1:2525' };

function problemsOf(env: Record<string, string>, configDir = 'config'): string[] {
  const result = loadConfig({ env, configDir });
  return result.ok ? [] : result.problems;
}

function givenConfigCopy(edit: (files: { read: (name: string) => string; write: (name: string, text: string) => void }) => void): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'casebridge-config-'));
  cpSync('config', dir, { recursive: true });
  edit({ read: (name) => readFileSync(path.join(dir, name), 'utf8'), write: (name, text) => writeFileSync(path.join(dir, name), text) });
  return dir;
}

describe('config checks against the environment (production mode)', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('accepts the example in sandbox mode without any endpoint', () => {
    assert.deepEqual(problemsOf({}), []);
  });

  it('names every channel the files configure when its endpoint is unset', () => {
    const problems = problemsOf(PRODUCTION);
    const expected: Array<[RegExp, RegExp]> = [
      [/reports\.yaml:\d+:\d+ alerts\.slack: /, /SLACK_WEBHOOK_URL is not set/],
      [/reports\.yaml:\d+:\d+ alerts\.email: /, /"support-leads@example\.org".*SMTP_URL is not set/],
      [/reports\.yaml:\d+:\d+ reports\[0\]\.outputs\.slack: /, /report "desk-hourly" goes to Slack/],
      [/reports\.yaml:\d+:\d+ reports\[1\]\.outputs\.email: /, /report "leads-daily-il" is e-mailed to "il-leads@example\.org"/],
      [/owners\.yaml:\d+:\d+ contacts\.[a-z-]+\.slack: /, /on-call contacts "mobile-oncall".*Slack but SLACK_WEBHOOK_URL/],
      [/owners\.yaml:\d+:\d+ contacts\.[a-z-]+\.email: /, /on-call contacts "mobile-oncall".*e-mail but SMTP_URL/],
    ];
    for (const [where, what] of expected) {
      assert.ok(
        problems.some((p) => where.test(p) && what.test(p)),
        `expected ${where} ${what} in:\n${problems.join('\n')}`,
      );
    }
  });

  it('is satisfied by the endpoints, or by NOTIFICATIONS=off', () => {
    assert.deepEqual(problemsOf({ ...PRODUCTION, ...ENDPOINTS }), []);
    assert.deepEqual(problemsOf({ ...PRODUCTION, NOTIFICATIONS: 'off' }), []);
    const off = loadConfig({ env: { ...PRODUCTION, ...ENDPOINTS, NOTIFICATIONS: 'off' }, configDir: 'config' });
    assert.ok(off.ok);
    assert.equal(off.config.env.smtpUrl, undefined, 'off means no channel is built');
    assert.equal(off.config.env.slackWebhookUrl, undefined);
    assert.match(problemsOf({ ...PRODUCTION, NOTIFICATIONS: 'maybe' }).join('\n'), /NOTIFICATIONS must be on or off/);
  });

  it('refuses push without salesforce.organizationId, unless push is off', () => {
    const withoutId = givenConfigCopy(({ read, write }) => write('sync.yaml', read('sync.yaml').replace(/^\s*organizationId: .*$/m, '')));
    dirs.push(withoutId);
    const env = { ...PRODUCTION, ...ENDPOINTS };
    assert.match(problemsOf(env, withoutId).join('\n'), /sync\.yaml:\d+:\d+ salesforce: Outbound Message push is on .* salesforce\.organizationId is not set/);
    assert.deepEqual(problemsOf({}, withoutId), [], 'the sandbox has its own org id');
    const pollOnly = givenConfigCopy(({ read, write }) => write('sync.yaml', read('sync.yaml').replace(/^\s*organizationId: .*$/m, '  push: false')));
    dirs.push(pollOnly);
    assert.deepEqual(problemsOf(env, pollOnly), []);
  });

  it('reports an unknown calendar together with a bad time zone, naming both values', () => {
    const dir = givenConfigCopy(({ read, write }) =>
      write(
        'sla.yaml',
        read('sla.yaml').replace('timezone: Europe/Moscow', 'timezone: Europe/Moskva').replace('calendar: always, targets: { first_response: 10m', 'calendar: alwayz, targets: { first_response: 10m'),
      ),
    );
    dirs.push(dir);
    const problems = problemsOf({}, dir).join('\n');
    assert.match(problems, /sla\.yaml:\d+:\d+ calendars\.RU\.timezone: "Europe\/Moskva" is not an IANA time zone/);
    assert.match(problems, /sla\.yaml:\d+:\d+ policies\[0\]\.calendar: unknown calendar "alwayz"; known: IL, GB, RU, always/);
  });
});
