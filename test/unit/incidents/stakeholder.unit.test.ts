import assert from 'node:assert/strict';
import { isBecomingGlobal } from '../../../src/domain/incidents/global-mode.js';
import { composeStakeholderUpdate, formatDuration, toBusinessState } from '../../../src/domain/incidents/stakeholder-message.js';
import type { StakeholderMessageInput } from '../../../src/domain/incidents/stakeholder-message.js';
import { planStakeholderUpdate, selectAudiences } from '../../../src/domain/incidents/stakeholder-plan.js';
import type { PlanInput, SentUpdate } from '../../../src/domain/incidents/stakeholder-plan.js';

const T0 = new Date('2026-12-02T09:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const INTERVALS = { SEV1: 30, SEV2: 60, SEV3: 240, SEV4: 0 };

function givenPlan(partial: Partial<PlanInput> = {}): PlanInput {
  return { severity: 'SEV1', resolvedAt: null, isGlobal: false, sent: [], intervalMinutes: INTERVALS, now: at(0), ...partial };
}
const sent = (kind: SentUpdate['kind'], slotKey: string, minutes: number, severity = 'SEV1'): SentUpdate => ({ kind, slotKey, plannedAt: at(minutes), severity });

describe('planStakeholderUpdate', () => {
  it('opens with an update whose next one is a SEV1 interval later', () => {
    const plan = planStakeholderUpdate(givenPlan());
    assert.deepEqual(plan && [plan.kind, plan.slotKey, plan.plannedAt.toISOString(), plan.nextUpdateAt?.toISOString()], ['opened', 'opened', at(0).toISOString(), at(30).toISOString()]);
  });

  it('sends the interval update once its time has come, named by its due time, and nothing before', () => {
    const history = [sent('opened', 'opened', 0)];
    assert.equal(planStakeholderUpdate(givenPlan({ sent: history, now: at(29) })), null);
    const plan = planStakeholderUpdate(givenPlan({ sent: history, now: at(30.5) }));
    assert.equal(plan?.slotKey, `interval:${at(30).toISOString()}`);
    assert.equal(plan?.nextUpdateAt?.toISOString(), at(60.5).toISOString());
  });

  it('after an outage, one catch-up update, then the cadence resumes from it', () => {
    const history = [sent('opened', 'opened', 0)];
    const catchUp = planStakeholderUpdate(givenPlan({ sent: history, now: at(125) }))!;
    assert.equal(catchUp.slotKey, `interval:${at(30).toISOString()}`);
    assert.equal(planStakeholderUpdate(givenPlan({ sent: [...history, sent('interval', catchUp.slotKey, 125)], now: at(126) })), null);
  });

  it('a severity change goes out at once, once; the interval then follows the new severity', () => {
    const history = [sent('opened', 'opened', 0, 'SEV2')];
    const plan = planStakeholderUpdate(givenPlan({ sent: history, now: at(10) }))!;
    assert.deepEqual([plan.kind, plan.slotKey, plan.previousSeverity], ['severity', 'severity:SEV1', 'SEV2']);
    const after = [...history, sent('severity', 'severity:SEV1', 10)];
    assert.equal(planStakeholderUpdate(givenPlan({ sent: after, now: at(39) })), null);
    assert.equal(planStakeholderUpdate(givenPlan({ sent: after, now: at(40) }))?.kind, 'interval');
  });

  it('going global is announced once; resolution is the last update', () => {
    const history = [sent('opened', 'opened', 0)];
    assert.equal(planStakeholderUpdate(givenPlan({ sent: history, isGlobal: true, now: at(5) }))?.kind, 'global');
    const resolved = planStakeholderUpdate(givenPlan({ sent: history, resolvedAt: at(20), now: at(21) }))!;
    assert.deepEqual([resolved.kind, resolved.nextUpdateAt], ['resolved', null]);
    assert.equal(planStakeholderUpdate(givenPlan({ sent: [...history, sent('resolved', 'resolved', 20)], resolvedAt: at(20), now: at(90) })), null);
  });

  it('a severity without an interval gets no interval updates', () => {
    assert.equal(planStakeholderUpdate(givenPlan({ severity: 'SEV4', sent: [sent('opened', 'opened', 0, 'SEV4')], now: at(600) })), null);
  });
});

describe('selectAudiences and global mode', () => {
  const audiences = {
    israel: { name: 'Israel', regions: ['IL'], services: [], email: ['ops-il@x.example'] },
    uk: { name: 'UK', regions: ['GB'], services: [], email: ['ops-uk@x.example'] },
    russia: { name: 'Russia', regions: ['RU'], services: [], email: ['ops-ru@x.example'] },
    corporate: { name: 'Corporate', regions: [], services: ['payments'], email: ['corp@x.example'] },
  };
  it('an incident reaches its regions and its business line; a global one, or one of unknown region, every region', () => {
    assert.deepEqual(selectAudiences(audiences, { service: 'driver-app', regions: ['GB'], isGlobal: false }), ['uk']);
    assert.deepEqual(selectAudiences(audiences, { service: 'payments', regions: ['IL'], isGlobal: false }), ['israel', 'corporate']);
    assert.deepEqual(selectAudiences(audiences, { service: 'driver-app', regions: ['GB', 'IL'], isGlobal: true }), ['israel', 'uk', 'russia']);
    assert.deepEqual(selectAudiences(audiences, { service: 'driver-app', regions: [], isGlobal: false }), ['israel', 'uk', 'russia']);
  });

  it('turns global at the configured number of distinct regions, once', () => {
    assert.equal(isBecomingGlobal({ isGlobal: false, regions: ['IL', 'IL'], globalAtRegions: 2 }), false);
    assert.equal(isBecomingGlobal({ isGlobal: false, regions: ['IL', 'GB'], globalAtRegions: 2 }), true);
    assert.equal(isBecomingGlobal({ isGlobal: true, regions: ['IL', 'GB', 'RU'], globalAtRegions: 2 }), false);
  });
});

describe('composeStakeholderUpdate', () => {
  const input = (partial: Partial<StakeholderMessageInput> = {}): StakeholderMessageInput => ({
    update: { kind: 'interval', plannedAt: at(30), nextUpdateAt: at(60), previousSeverity: 'SEV1' },
    incidentKey: 'INC-42',
    url: 'https://jira.example/browse/INC-42',
    severity: 'SEV1',
    serviceName: 'Payments & Billing',
    state: 'investigating',
    openedAt: at(0),
    resolvedAt: null,
    impact: { caseNumbers: Array.from({ length: 12 }, (_, i) => String(1001 + i).padStart(8, '0')), corporateAccounts: ['Acme Logistics', 'Globex'], regions: ['IL', 'GB', 'RU'] },
    owner: { name: 'Ivan Petrov', team: 'Payments & Billing' },
    globalIncidentManager: "Sarah O'Connor",
    ...partial,
  });

  it('says impact by case number and count, accounts by name, regions by name, state, owner and next update', () => {
    const { subject, text } = composeStakeholderUpdate(input());
    assert.equal(subject, 'Update: Payments & Billing incident INC-42 · SEV1 · Global');
    assert.match(text, /^Scheduled update on the SEV1 \(critical\) incident affecting Payments & Billing, since 09:00 UTC, 2 Dec \(30 min so far\)\./);
    assert.match(text, /Impact: 12 customer cases \(00001001, 00001002, .*00001010 and 2 more\); 2 corporate accounts \(Acme Logistics, Globex\); regions: Israel, Russia and United Kingdom\./);
    assert.match(text, /Current state: Investigating — engineers are working on the cause\./);
    assert.match(text, /Owner: Ivan Petrov \(Payments & Billing\); Global Incident Manager: Sarah O'Connor\./);
    assert.match(text, /Next update: by 10:00 UTC, 2 Dec \(in 30 min\)/);
    assert.doesNotMatch(text, /500[0-9A-Za-z]{12}/, 'no record ids');
  });

  it('the resolution says how long it lasted and that it is the last update', () => {
    const { subject, text } = composeStakeholderUpdate(
      input({ update: { kind: 'resolved', plannedAt: at(95), nextUpdateAt: null, previousSeverity: 'SEV1' }, resolvedAt: at(95), state: 'resolved', globalIncidentManager: null }),
    );
    assert.equal(subject, 'Resolved: Payments & Billing incident INC-42 · SEV1');
    assert.match(text, /is resolved as of 10:35 UTC, 2 Dec, after 1 h 35 min\./);
    assert.match(text, /This is the last update on this incident/);
  });

  it('business states and durations read as people say them', () => {
    const statuses = { mitigated: ['Mitigated'], acknowledged: ['Investigating', 'Mitigated'] };
    assert.equal(toBusinessState({ resolvedAt: null, status: 'Open', acknowledgedAt: null }, statuses), 'reported');
    assert.equal(toBusinessState({ resolvedAt: null, status: 'Investigating', acknowledgedAt: null }, statuses), 'investigating');
    assert.equal(toBusinessState({ resolvedAt: null, status: 'Mitigated', acknowledgedAt: at(1) }, statuses), 'mitigated');
    assert.equal(toBusinessState({ resolvedAt: at(9), status: 'Resolved', acknowledgedAt: at(1) }, statuses), 'resolved');
    assert.deepEqual([formatDuration(25 * 60_000), formatDuration(65 * 60_000), formatDuration(50 * 3_600_000)], ['25 min', '1 h 05 min', '2 d 2 h']);
  });
});
