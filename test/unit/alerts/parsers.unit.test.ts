/** Every source's parser against vendored fixtures of its documented payload, including malformed ones. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseAlertPayload } from '../../../src/domain/alerts/parsers.js';
import type { IncomingAlert } from '../../../src/domain/alerts/incoming.js';
import type { AlertSource } from '../../../src/config/schemas/alerts.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(`test/fixtures/alerts/${name}.json`, 'utf8'));

function givenParsed(source: AlertSource, name: string): IncomingAlert[] {
  const result = parseAlertPayload(source, fixture(name));
  if (!result.ok) assert.fail(`${name} refused: ${result.problems.join('; ')}`);
  return result.alerts;
}

function givenRefused(source: AlertSource, body: unknown): string[] {
  const result = parseAlertPayload(source, body);
  assert.equal(result.ok, false, 'expected a refusal');
  return result.ok ? [] : result.problems;
}

describe('alert parsers (vendor fixtures)', () => {
  it('grafana: firing and resolved alerts keep the fingerprint, labels, start and end', () => {
    const [firing] = givenParsed('grafana', 'grafana-firing');
    assert.equal(firing!.fingerprint, 'c6eadffa33fcdf37');
    assert.equal(firing!.status, 'firing');
    assert.equal(firing!.title, 'Card authorisations failing');
    assert.equal(firing!.labels.service, 'payments');
    assert.equal(firing!.severityValue, 'critical');
    assert.equal(firing!.startsAt?.toISOString(), '2026-12-02T05:51:03.157Z');
    assert.equal(firing!.endsAt, null, "Grafana's 0001-01-01 end means not ended");
    const [resolved] = givenParsed('grafana', 'grafana-resolved');
    assert.equal(resolved!.status, 'resolved');
    assert.equal(resolved!.fingerprint, firing!.fingerprint);
    assert.equal(resolved!.endsAt?.toISOString(), '2026-12-02T06:20:03.157Z');
  });

  it('datadog: the cycle key identifies a trigger-to-recovery cycle; $TAGS become labels; Recovered resolves', () => {
    const [triggered] = givenParsed('datadog', 'datadog-triggered');
    assert.equal(triggered!.fingerprint, '6961563412763401921');
    assert.equal(triggered!.status, 'firing');
    assert.deepEqual({ service: triggered!.labels.service, region: triggered!.labels.region, env: triggered!.labels.env }, { service: 'checkout', region: 'gb', env: 'prod' });
    assert.equal(triggered!.severityValue, 'P2');
    assert.equal(triggered!.startsAt?.getTime(), 1764661863000);
    const [recovered] = givenParsed('datadog', 'datadog-recovered');
    assert.equal(recovered!.status, 'resolved');
    assert.equal(recovered!.fingerprint, triggered!.fingerprint);
    assert.equal(recovered!.endsAt?.getTime(), 1764663663000);
  });

  it('datadog: without the cycle key the monitor id and aggregation key identify the alert', () => {
    // A template that names a variable Datadog does not fill for this monitor sends it as written.
    const result = parseAlertPayload('datadog', { ...(fixture('datadog-triggered') as Record<string, unknown>), alert_cycle_key: '$ALERT_CYCLE_KEY' });
    assert.ok(result.ok);
    assert.equal(result.alerts[0]!.fingerprint, '98765432:9bd4ac313a4d1e8fae2482df7b77628');
  });

  it('newrelic: ACTIVATED fires, CLOSED resolves, the issue id identifies it; template fields are labels', () => {
    const [active] = givenParsed('newrelic', 'newrelic-activated');
    assert.equal(active!.fingerprint, '0ea2df1c-adab-45d2-aae0-042b609d2322');
    assert.equal(active!.status, 'firing');
    assert.equal(active!.labels.service, 'dispatch');
    assert.equal(active!.severityValue, 'CRITICAL');
    const [closed] = givenParsed('newrelic', 'newrelic-closed');
    assert.equal(closed!.status, 'resolved');
    assert.equal(closed!.endsAt?.getTime(), 1764665463000);
  });

  it('airbrake: always firing, identified by project and error group, routed by project name', () => {
    const [error] = givenParsed('airbrake', 'airbrake-error');
    assert.equal(error!.fingerprint, '1111:37463546');
    assert.equal(error!.status, 'firing');
    assert.equal(error!.labels.project, 'rider-auth');
    assert.equal(error!.labels.environment, 'production');
    assert.equal(error!.details.timesOccurred, 118);
  });

  it('generic: our documented shape, service, severity and region as labels', () => {
    const [alert] = givenParsed('generic', 'generic-firing');
    assert.deepEqual({ service: alert!.labels.service, region: alert!.labels.region, severity: alert!.severityValue }, { service: 'driver-app', region: 'IL', severity: 'SEV1' });
  });

  it('malformed payloads are refused naming the field at fault', () => {
    const grafana = givenRefused('grafana', fixture('grafana-malformed')).join('\n');
    assert.match(grafana, /alerts\.0\.status/);
    assert.match(grafana, /alerts\.0\.fingerprint/);
    assert.match(givenRefused('datadog', fixture('datadog-malformed')).join('\n'), /alert_id/);
    const newrelic = givenRefused('newrelic', fixture('newrelic-malformed')).join('\n');
    assert.match(newrelic, /^id: /m);
    assert.match(newrelic, /state: expected state CREATED, ACTIVATED, ACKNOWLEDGED or CLOSED/);
    assert.match(givenRefused('airbrake', fixture('airbrake-malformed')).join('\n'), /error\.project/);
    const generic = givenRefused('generic', fixture('generic-malformed')).join('\n');
    assert.match(generic, /alerts\.0\.startsAt: expected an ISO 8601 date-time/);
    assert.match(generic, /colour/);
  });

  it('hostile input: not an object, an empty alert list, too many alerts, huge titles are bounded', () => {
    for (const source of ['grafana', 'datadog', 'newrelic', 'airbrake', 'generic'] as const) {
      assert.equal(parseAlertPayload(source, null).ok, false, `${source} refuses null`);
      assert.equal(parseAlertPayload(source, ['x']).ok, false, `${source} refuses an array`);
    }
    assert.equal(parseAlertPayload('grafana', { status: 'firing', alerts: [] }).ok, false);
    const one = (fixture('generic-firing') as { alerts: unknown[] }).alerts[0];
    assert.equal(parseAlertPayload('generic', { alerts: Array.from({ length: 501 }, () => one) }).ok, false);
    const huge = { ...(fixture('grafana-firing') as Record<string, unknown>) };
    (huge.alerts as Array<{ labels: Record<string, string> }>)[0]!.labels.alertname = 'x'.repeat(100_000);
    const parsed = parseAlertPayload('grafana', huge);
    assert.ok(parsed.ok, 'a long title is cut, not refused');
    assert.equal(parsed.alerts[0]!.title.length, 250);
  });
});
