/** Routing alerts with the demo alerts.yaml and owners.yaml: service by label, alias or topic; severity; incident or notify; quiet hours. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { alertsFileSchema } from '../../../src/config/schemas/alerts.js';
import { ownersFileSchema } from '../../../src/config/schemas/owners.js';
import { routeAlert } from '../../../src/domain/alerts/routing.js';
import { endOfQuietHours, isInQuietHours } from '../../../src/domain/alerts/quiet-hours.js';
import type { IncomingAlert } from '../../../src/domain/alerts/incoming.js';

const alerts = alertsFileSchema.parse(parse(readFileSync('config/alerts.yaml', 'utf8')));
const owners = ownersFileSchema.parse(parse(readFileSync('config/owners.yaml', 'utf8')));

function givenAlert(partial: Partial<IncomingAlert> = {}): IncomingAlert {
  return {
    source: 'grafana',
    fingerprint: 'fp-1',
    status: 'firing',
    title: 't',
    labels: { service: 'payments' },
    severityValue: 'critical',
    startsAt: null,
    endsAt: null,
    url: null,
    details: {},
    ...partial,
  };
}

describe('routeAlert', () => {
  it('a critical Grafana alert on payments opens a SEV1 incident in its region', () => {
    assert.deepEqual(routeAlert(alerts, owners, givenAlert({ labels: { service: 'payments', region: 'il' } })), {
      kind: 'routed',
      service: 'payments',
      region: 'IL',
      severity: 'SEV1',
      action: 'incident',
    });
  });
  it('a warning only notifies the owner; an unknown severity value takes the default', () => {
    const warning = routeAlert(alerts, owners, givenAlert({ severityValue: 'warning' }));
    assert.equal(warning.kind === 'routed' && warning.action, 'notify');
    const odd = routeAlert(alerts, owners, givenAlert({ severityValue: 'Spicy' }));
    assert.equal(odd.kind === 'routed' && odd.severity, 'SEV3');
  });
  it('severity values match case-insensitively (New Relic CRITICAL)', () => {
    const route = routeAlert(alerts, owners, givenAlert({ source: 'newrelic', labels: { service: 'dispatch' }, severityValue: 'critical' }));
    assert.equal(route.kind === 'routed' && route.severity, 'SEV1');
  });
  it('aliases map monitoring names to services; a classification topic of a service works too', () => {
    const alias = routeAlert(alerts, owners, givenAlert({ source: 'datadog', labels: { service: 'checkout' }, severityValue: 'P2' }));
    assert.equal(alias.kind === 'routed' && alias.service, 'payments');
    const topic = routeAlert(alerts, owners, givenAlert({ labels: { service: 'payments_billing' } }));
    assert.equal(topic.kind === 'routed' && topic.service, 'payments');
  });
  it('rules come first: staging Airbrake errors only notify, health probes always open incidents', () => {
    const staging = routeAlert(alerts, owners, givenAlert({ source: 'airbrake', labels: { project: 'rider-auth', environment: 'staging' }, severityValue: null }));
    assert.equal(staging.kind === 'routed' && staging.action, 'notify');
    const probe = routeAlert(alerts, owners, givenAlert({ source: 'generic', labels: { service: 'driver-app', alertname: 'health-api' }, severityValue: 'SEV4' }));
    assert.equal(probe.kind === 'routed' && probe.action, 'incident');
  });
  it('no service label, or a service owners.yaml does not know, is unrouted with the reason', () => {
    const none = routeAlert(alerts, owners, givenAlert({ labels: {} }));
    assert.match(none.kind === 'unrouted' ? none.reason : '', /no "service" label/);
    const unknown = routeAlert(alerts, owners, givenAlert({ labels: { service: 'toaster' } }));
    assert.match(unknown.kind === 'unrouted' ? unknown.reason : '', /"toaster", which owners.yaml does not know/);
  });
});

describe('quiet hours (22:00-07:00 Asia/Jerusalem, UTC+2 in December)', () => {
  const quiet = alerts.quietHours!;
  it('spans midnight in the configured zone, the end exclusive', () => {
    assert.equal(isInQuietHours(quiet, new Date('2026-12-02T19:59:00Z')), false);
    assert.equal(isInQuietHours(quiet, new Date('2026-12-02T20:00:00Z')), true);
    assert.equal(isInQuietHours(quiet, new Date('2026-12-03T04:59:00Z')), true);
    assert.equal(isInQuietHours(quiet, new Date('2026-12-03T05:00:00Z')), false);
  });
  it('held notifications go out when the window ends, the next morning', () => {
    assert.equal(endOfQuietHours(quiet, new Date('2026-12-02T21:30:00Z')).toISOString(), '2026-12-03T05:00:00.000Z');
    assert.equal(endOfQuietHours(quiet, new Date('2026-12-03T01:00:00Z')).toISOString(), '2026-12-03T05:00:00.000Z');
    assert.equal(endOfQuietHours(quiet, new Date('2026-12-03T10:00:00Z')).toISOString(), '2026-12-03T10:00:00.000Z');
  });
});
