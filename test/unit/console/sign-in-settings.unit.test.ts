/** Production refuses a console nobody can sign in to; roles from console.yaml; token matching. */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../src/config/index.js';
import type { Config } from '../../../src/config/index.js';
import { consoleFileSchema } from '../../../src/config/schemas/console.js';
import { assertConsoleSignIn, findConsoleSignInProblem } from '../../../src/console/access/from-config.js';
import { identityFromClaims, roleFor } from '../../../src/console/access/roles.js';
import { viewerForToken } from '../../../src/console/access/token-sign-in.js';

const PRODUCTION = {
  SALESFORCE_INSTANCE_URL: 'https://acme.my.salesforce.com',
  SALESFORCE_ACCESS_TOKEN: 'sf-token',
  JIRA_BASE_URL: 'https://acme.atlassian.net',
  JIRA_EMAIL: 'casebridge@acme.example',
  JIRA_API_TOKEN: 'jira-token',
  JIRA_WEBHOOK_SECRET: 'webhook-secret-0123456789',
};
const OIDC_YAML = `signIn:
  oidc:
    issuer: https://acme.okta.com/oauth2/default
    clientId: 0oa1
    redirectUrl: https://casebridge.acme.example/signin/callback
roles:
  operators:
    groups: [casebridge-operators]
`;

function configWith(env: Record<string, string>, consoleYaml?: string): Config {
  // sync.yaml alone (the one required file): other files' production checks are not this test's business.
  const dir = mkdtempSync(path.join(tmpdir(), 'casebridge-console-config-'));
  cpSync('config/sync.yaml', path.join(dir, 'sync.yaml'));
  if (consoleYaml !== undefined) writeFileSync(path.join(dir, 'console.yaml'), consoleYaml);
  const loaded = loadConfig({ configDir: dir, env: { ...env, LOG_LEVEL: 'silent' }, deferProductionChecks: true });
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  return loaded.config;
}

describe('console sign-in settings', () => {
  it('refuses production with neither tokens nor a provider, naming what to set', () => {
    const config = configWith(PRODUCTION);
    assert.equal(config.mode, 'production');
    assert.throws(
      () => assertConsoleSignIn(config),
      (error: Error) => error.name === 'ConsoleSignInNotConfiguredError' && /CONSOLE_OPERATOR_TOKEN/.test(error.message) && /signIn\.oidc/.test(error.message),
    );
  });

  it('accepts production with an operator or a viewer token, and the sandbox with nothing', () => {
    assert.equal(findConsoleSignInProblem(configWith({ ...PRODUCTION, CONSOLE_OPERATOR_TOKEN: 'a'.repeat(16) })), undefined);
    assert.equal(findConsoleSignInProblem(configWith({ ...PRODUCTION, CONSOLE_VIEWER_TOKEN: 'b'.repeat(16) })), undefined);
    assert.equal(findConsoleSignInProblem(configWith({})), undefined);
  });

  it('asks for CONSOLE_OIDC_CLIENT_SECRET when console.yaml names a provider', () => {
    assert.match(findConsoleSignInProblem(configWith(PRODUCTION, OIDC_YAML)) ?? '', /CONSOLE_OIDC_CLIENT_SECRET is not set/);
    assert.equal(findConsoleSignInProblem(configWith({ ...PRODUCTION, CONSOLE_OIDC_CLIENT_SECRET: 'shh' }, OIDC_YAML)), undefined);
  });

  it('refuses a token shorter than 16 characters at load, without printing it', () => {
    const loaded = loadConfig({ configDir: 'config', env: { ...PRODUCTION, CONSOLE_OPERATOR_TOKEN: 'short-secret' }, deferProductionChecks: true });
    // (Other problems may be listed too; this one must be, and the value must not.)
    assert.equal(loaded.ok, false);
    const text = loaded.ok ? '' : loaded.problems.join('\n');
    assert.match(text, /CONSOLE_OPERATOR_TOKEN must be at least 16 characters/);
    assert.doesNotMatch(text, /short-secret/);
  });
});

describe('console roles', () => {
  const roles = consoleFileSchema.parse({
    roles: { operators: { emails: ['Lead@Acme.example'], groups: ['ops'] }, viewers: { domains: ['acme.example'] } },
  }).roles;
  const person = (claims: Record<string, unknown>) => identityFromClaims({ iss: 'https://idp', sub: 'u1', ...claims }, 'groups');

  it('gives operator by group or e-mail (any case), viewer by domain, and refuses the rest by default', () => {
    assert.equal(roleFor(person({ groups: ['ops'] }), roles), 'operator');
    assert.equal(roleFor(person({ email: 'lead@acme.example' }), roles), 'operator');
    assert.equal(roleFor(person({ email: 'ana@acme.example' }), roles), 'viewer');
    assert.equal(roleFor(person({ email: 'ana@acme.example.evil' }), roles), undefined);
    assert.equal(roleFor(person({ email: 'eve@elsewhere.example' }), roles), undefined);
    assert.equal(roleFor(person({ email: 'eve@elsewhere.example' }), { ...roles, others: 'viewer' }), 'viewer');
  });

  it('ignores an unverified e-mail, and reads one group given as a string', () => {
    assert.equal(roleFor(person({ email: 'lead@acme.example', email_verified: false }), roles), undefined);
    assert.equal(roleFor(person({ groups: 'ops' }), roles), 'operator');
  });

  it('names the person by name, else e-mail, else username; subject is issuer and sub', () => {
    assert.equal(person({ name: 'Ana Lima', email: 'ana@acme.example' }).name, 'Ana Lima');
    assert.equal(person({ email: 'ana@acme.example' }).name, 'ana@acme.example');
    assert.equal(person({ preferred_username: 'ana' }).name, 'ana');
    assert.equal(person({}).subject, 'https://idp|u1');
  });
});

describe('console tokens', () => {
  const secrets = { operatorToken: 'operator-token-0123456789', viewerToken: 'viewer-token-0123456789' };
  it('matches each token to its role and nothing else (a prefix, a longer string, empty)', () => {
    assert.equal(viewerForToken(secrets.operatorToken, secrets)?.role, 'operator');
    assert.equal(viewerForToken(secrets.viewerToken, secrets)?.role, 'viewer');
    for (const wrong of ['', 'operator-token-012345678', `${secrets.operatorToken}x`, secrets.operatorToken.toUpperCase()]) assert.equal(viewerForToken(wrong, secrets), undefined, wrong);
    assert.equal(viewerForToken('anything-at-all-here', {}), undefined);
  });
});
