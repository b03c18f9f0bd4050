import assert from 'node:assert/strict';
import { readEnv } from '../../../src/config/env.js';
import { collectSecretValues } from '../../../src/config/env-secrets.js';

const jira = { JIRA_BASE_URL: 'https://ride.atlassian.net', JIRA_EMAIL: 'bot@ride.example', JIRA_API_TOKEN: 'jira-token-123456', JIRA_WEBHOOK_SECRET: 'whsec-0123456789abcdef' };

describe('environment', () => {
  it('defaults to sandbox settings when nothing is set', () => {
    const result = readEnv({});
    assert.ok(result.ok);
    assert.equal(result.value.salesforce, undefined);
    assert.equal(result.value.jira, undefined);
    assert.equal(result.value.port, 3000);
    assert.equal(result.value.dataDir, './.data');
  });

  it('accepts each Salesforce access style', () => {
    const token = readEnv({ SALESFORCE_INSTANCE_URL: 'https://ride.my.salesforce.com', SALESFORCE_ACCESS_TOKEN: '00Dxx!token', ...jira });
    assert.ok(token.ok && token.value.salesforce?.kind === 'token');
    const jwt = readEnv({
      SALESFORCE_LOGIN_URL: 'https://login.salesforce.com',
      SALESFORCE_CLIENT_ID: 'cid',
      SALESFORCE_USERNAME: 'u@x',
      SALESFORCE_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\\nabc\\n-----END PRIVATE KEY-----',
      ...jira,
    });
    assert.ok(jwt.ok && jwt.value.salesforce?.kind === 'jwt');
    assert.ok(jwt.ok && jwt.value.salesforce?.kind === 'jwt' && jwt.value.salesforce.privateKey.includes('\nabc\n'), 'escaped newlines in the key become real ones');
    const cc = readEnv({ SALESFORCE_LOGIN_URL: 'https://login.salesforce.com', SALESFORCE_CLIENT_ID: 'cid', SALESFORCE_CLIENT_SECRET: 'csecret', ...jira });
    assert.ok(cc.ok && cc.value.salesforce?.kind === 'clientCredentials');
  });

  it('refuses two complete ways to sign in to Salesforce, naming both, without echoing a secret', () => {
    const both = readEnv({
      SALESFORCE_INSTANCE_URL: 'https://ride.my.salesforce.com',
      SALESFORCE_ACCESS_TOKEN: '00Dxx!leftover-token',
      SALESFORCE_LOGIN_URL: 'https://login.salesforce.com',
      SALESFORCE_CLIENT_ID: 'cid',
      SALESFORCE_CLIENT_SECRET: 'csecret-value',
      ...jira,
    });
    assert.equal(both.ok, false);
    const text = both.ok ? '' : both.problems.join('\n');
    assert.match(text, /Salesforce sign-in is set up 2 ways at once: a ready token .* and client credentials .*; keep the variables of one/);
    assert.ok(!text.includes('leftover-token') && !text.includes('csecret-value'), text);
  });

  it('names what is missing from a half-set group', () => {
    const result = readEnv({ JIRA_BASE_URL: 'https://ride.atlassian.net' });
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.problems.join('\n'), /Jira is half-configured: JIRA_BASE_URL set but JIRA_EMAIL, JIRA_API_TOKEN missing/);
    const sf = readEnv({ SALESFORCE_INSTANCE_URL: 'https://ride.my.salesforce.com', ...jira });
    assert.match(sf.ok ? '' : sf.problems.join('\n'), /Salesforce is half-configured.*missing SALESFORCE_ACCESS_TOKEN/);
  });

  it('reports every bad value, and never echoes a secret', () => {
    const result = readEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://root:hunter22@db/x', LOG_LEVEL: 'loud', ADMIN_TOKEN: 'short', ...jira, JIRA_WEBHOOK_SECRET: undefined });
    assert.equal(result.ok, false);
    const text = result.ok ? '' : result.problems.join('\n');
    for (const name of ['PORT', 'DATABASE_URL', 'LOG_LEVEL', 'ADMIN_TOKEN', 'JIRA_WEBHOOK_SECRET']) assert.match(text, new RegExp(name));
    assert.doesNotMatch(text, /hunter22/);
  });

  it('collects secret values, including passwords inside URLs', () => {
    const secrets = collectSecretValues({ DATABASE_URL: 'postgres://app:p%40ss-word@db/x', JIRA_API_TOKEN: 'jira-token-123456', PORT: '3000' });
    assert.ok(secrets.includes('p@ss-word'));
    assert.ok(secrets.includes('jira-token-123456'));
    assert.ok(!secrets.includes('3000'));
  });
});
