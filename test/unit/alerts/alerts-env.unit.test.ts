/** The alerting environment: token length, production refusals naming the variable, sandbox stand-ins, secrets collected for scrubbing. */
import assert from 'node:assert/strict';
import { loadConfig } from '../../../src/config/index.js';
import { readAlertingEnv, SANDBOX_ALERTS_TOKEN } from '../../../src/config/alerts-env.js';
import type { FileConfigs } from '../../../src/config/load.js';

const files: FileConfigs = {
  alerts: { sources: {}, incidentSeverities: ['SEV1'], rules: [], onAllResolved: {} },
  owners: {
    contacts: {},
    services: {
      payments: { team: 'P', owner: 'x', jira: { project: 'PAY' }, incidentAssignee: 'x', chain: [{ contact: 'x', waitMinutes: 1 }], topics: [], pagerduty: { routingKeyEnv: 'PD_KEY_PAYMENTS' } },
    },
  },
};
const KEY = 'abcdefghijklmnopqrstuvwxyz012345';

describe('alerting environment', () => {
  it('refuses a short ALERTS_TOKEN; in production a missing token, routing key or webhook secret turns only that feature off, saying why', () => {
    const short = readAlertingEnv({ ALERTS_TOKEN: 'short' }, files, 'sandbox');
    assert.ok(!short.ok && short.problems.some((p) => /ALERTS_TOKEN must be at least 16 characters/.test(p)));
    const production = readAlertingEnv({}, files, 'production');
    assert.ok(production.ok);
    assert.equal(production.value.alertsToken, undefined);
    assert.deepEqual(production.value.pagerduty.routingKeys, {});
    assert.match(production.value.warnings.join('\n'), /alert intake refuses to start: alerts\.yaml is configured but ALERTS_TOKEN is not set/);
    assert.match(production.value.warnings.join('\n'), /payments is not paged through PagerDuty: PD_KEY_PAYMENTS is not set/);
    const noSecret = readAlertingEnv({ ALERTS_TOKEN: 'a-long-enough-token', PD_KEY_PAYMENTS: KEY }, files, 'production');
    assert.ok(noSecret.ok && /PagerDuty webhooks are off: PAGERDUTY_WEBHOOK_SECRET is not set/.test(noSecret.value.warnings.join()));
    assert.equal(noSecret.ok && noSecret.value.pagerduty.webhookSecret, undefined);
    const badKey = readAlertingEnv({ ALERTS_TOKEN: 'a-long-enough-token', PD_KEY_PAYMENTS: 'nope', PAGERDUTY_WEBHOOK_SECRET: 'w'.repeat(20) }, files, 'production');
    assert.ok(!badKey.ok && /PD_KEY_PAYMENTS .* must be a 32-character/.test(badKey.problems.join()));
    assert.ok(!badKey.ok && !badKey.problems.join().includes('nope'), 'a refused key is not echoed');
  });
  it('production with everything set: the keys by service and variable name, every secret collected', () => {
    const result = readAlertingEnv({ ALERTS_TOKEN: 'a-long-enough-token', PD_KEY_PAYMENTS: KEY, PAGERDUTY_WEBHOOK_SECRET: 'w'.repeat(20) }, files, 'production');
    assert.ok(result.ok);
    assert.deepEqual(result.value.pagerduty.routingKeys, { payments: { envName: 'PD_KEY_PAYMENTS', key: KEY } });
    assert.equal(result.value.pagerduty.eventsUrl, 'https://events.pagerduty.com');
    assert.deepEqual(result.secrets.sort(), ['a-long-enough-token', KEY, 'w'.repeat(20)].sort());
  });
  it('sandbox mode stands in for what is missing: the documented token, a stable 32-character key, a webhook secret', () => {
    const result = readAlertingEnv({}, files, 'sandbox');
    assert.ok(result.ok);
    assert.equal(result.value.alertsToken, SANDBOX_ALERTS_TOKEN);
    assert.match(result.value.pagerduty.routingKeys.payments!.key, /^[0-9a-f]{32}$/);
    assert.ok((result.value.pagerduty.webhookSecret ?? '').length >= 16);
  });
  it('loadConfig carries it, and lists a bad token among the environment problems', () => {
    const ok = loadConfig({ env: {}, configDir: 'config' });
    assert.ok(ok.ok && ok.config.alerting?.alertsToken === SANDBOX_ALERTS_TOKEN);
    const bad = loadConfig({ env: { ALERTS_TOKEN: 'x' }, configDir: 'config' });
    assert.ok(!bad.ok && bad.problems.some((p) => p.startsWith('environment: ALERTS_TOKEN must be at least 16')));
  });
});
