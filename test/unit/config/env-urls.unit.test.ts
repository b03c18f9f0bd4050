import assert from 'node:assert/strict';
import { readEnv } from '../../../src/config/env.js';
import { collectSecretValues } from '../../../src/config/env-secrets.js';

const PASSWORD = 'S3cretPassw0rd';
const TOKEN = 'ATATT-secret-jira-token-0123';
const production = {
  SALESFORCE_INSTANCE_URL: 'https://acme.my.salesforce.com',
  SALESFORCE_ACCESS_TOKEN: '00Dxx!salesforce-secret-token',
  JIRA_BASE_URL: 'https://acme.atlassian.net',
  JIRA_EMAIL: 'bot@acme.example',
  JIRA_API_TOKEN: TOKEN,
  JIRA_WEBHOOK_SECRET: 'whsec-0123456789abcdef',
};

/** The one problem readEnv finds with `change` on top of a valid production environment. */
function problemWith(change: Record<string, string>): string {
  const result = readEnv({ ...production, ...change });
  assert.equal(result.ok, false, `accepted ${JSON.stringify(change)}`);
  const problems = result.ok ? [] : result.problems;
  assert.equal(problems.length, 1, problems.join('\n'));
  for (const secret of [PASSWORD, TOKEN, production.SALESFORCE_ACCESS_TOKEN]) assert.ok(!problems[0]!.includes(secret), `secret echoed: ${problems[0]}`);
  return problems[0]!;
}

describe('environment URLs', () => {
  it('wants https for Salesforce and Jira, except to this machine', () => {
    assert.equal(
      problemWith({ SALESFORCE_INSTANCE_URL: 'http://acme.my.salesforce.com' }),
      'SALESFORCE_INSTANCE_URL must start with https:// (plain http only to localhost), such as https://acme.my.salesforce.com',
    );
    assert.equal(problemWith({ JIRA_BASE_URL: 'acme.atlassian.net' }), 'JIRA_BASE_URL must be an absolute URL such as https://acme.atlassian.net');
    assert.ok(readEnv({ ...production, SALESFORCE_INSTANCE_URL: 'http://127.0.0.1:4010', JIRA_BASE_URL: 'http://localhost:4010' }).ok, 'a local emulator over http');
  });

  it('wants the site address alone, and says which one', () => {
    assert.equal(
      problemWith({ JIRA_BASE_URL: 'https://acme.atlassian.net/jira/software/projects/OPS/boards/1' }),
      "JIRA_BASE_URL must be the site's address without a path or query; expected https://acme.atlassian.net",
    );
    assert.equal(
      problemWith({ SALESFORCE_LOGIN_URL: 'https://login.salesforce.com/?locale=uk' }),
      "SALESFORCE_LOGIN_URL must be the site's address without a path or query; expected https://login.salesforce.com",
    );
    assert.ok(readEnv({ ...production, JIRA_BASE_URL: 'https://acme.atlassian.net/' }).ok, 'a trailing slash is no path');
  });

  it("names the Lightning UI's address and gives the org's My Domain address", () => {
    assert.equal(
      problemWith({ SALESFORCE_INSTANCE_URL: 'https://acme--dev.sandbox.lightning.force.com/lightning/page/home' }),
      'SALESFORCE_INSTANCE_URL names the Lightning UI (…lightning.force.com); expected the My Domain address: https://acme--dev.sandbox.my.salesforce.com',
    );
  });

  it('refuses credentials inside a site URL without echoing them', () => {
    assert.equal(problemWith({ JIRA_BASE_URL: `https://bot:${TOKEN}@acme.atlassian.net` }), 'JIRA_BASE_URL must not hold a user name or password (the credentials have variables of their own)');
  });

  it('names the broken part of a DATABASE_URL, never its password', () => {
    const shape = 'expected postgres://USER:PASSWORD@HOST:PORT/DATABASE';
    assert.equal(problemWith({ DATABASE_URL: `postgres://admin:${PASSWORD}@db:notaport/cb` }), `DATABASE_URL has a port that is not a number; ${shape}`);
    assert.equal(problemWith({ DATABASE_URL: `postgres://admin:${PASSWORD}@/cb` }), `DATABASE_URL has no host after the @; ${shape}`);
    assert.equal(
      problemWith({ DATABASE_URL: `postgres://admin:S3cret#Passw0rd@db:5432/cb` }),
      `DATABASE_URL's user name or password has a /, ? or # that must be percent-encoded (%2F, %3F, %23); ${shape}`,
    );
    assert.equal(problemWith({ DATABASE_URL: `postgres//admin:${PASSWORD}@db/cb` }), 'DATABASE_URL must start with postgres:// or postgresql://');
    assert.ok(readEnv({ DATABASE_URL: `postgres://admin:${PASSWORD}@[::1]:5432/cb?sslmode=require` }).ok);
  });

  it('says what PORT and LOG_LEVEL take, once per variable', () => {
    assert.equal(problemWith({ PORT: 'abc' }), 'PORT must be a whole number from 0 to 65535 (0 picks a free port)');
    assert.equal(problemWith({ PORT: '70000' }), 'PORT must be a whole number from 0 to 65535 (0 picks a free port)');
    assert.equal(problemWith({ LOG_LEVEL: 'verbose' }), 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent');
    assert.equal(problemWith({ SLACK_WEBHOOK_URL: 'hooks.slack.com/services/T0/B0/xyz' }), 'SLACK_WEBHOOK_URL must be an absolute URL such as https://hooks.slack.com/services/…');
  });

  it('scrubs a password whose %-escapes are broken as it is written', () => {
    assert.ok(collectSecretValues({ DATABASE_URL: 'postgres://app:p%zzword@db/x' }).includes('p%zzword'));
  });
});
