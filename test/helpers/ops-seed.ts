/**
 * Seeded data for the operations pages, written through the store modules the engine uses: tickets
 * with case numbers, links, dead letters naming cases and issues, an open incident part-way up its
 * on-call chain with linked cases, RCA stages (one overdue) and an action sub-task, feed cursors,
 * API usage, and SLA clocks breached on two days of a week (the other days have none).
 */
import type { Knex } from 'knex';
import { insertLinked } from '../../src/adapters/store/links.js';
import { addDeadLetter } from '../../src/adapters/store/dead-letters.js';
import { toRow, type AuditEntry } from '../../src/adapters/store/audit-log.js';
import { addApiUsage } from '../../src/adapters/store/api-usage.js';

export const CASES = {
  payments: { id: '500Dn0000001AAAAA1', number: '00001001', key: 'PAY-101' },
  driver: { id: '500Dn0000002AAAAA2', number: '00001002', key: 'DRV-202' },
  corporate: { id: '500Dn0000003AAAAA3', number: '00001003', key: null },
} as const;

export interface Seeded {
  deadLetterIds: { caseLetter: number; issueLetter: number };
  incidentKey: string;
  openIncidentKey: string;
}

const HOUR_MS = 3_600_000;

export async function seedOpsData(db: Knex, now: Date): Promise<Seeded> {
  const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * HOUR_MS);
  await db('tickets').insert([
    { case_id: CASES.payments.id, case_number: CASES.payments.number, created_at: at(72), priority: 'P1', tier: 'VIP', region: 'GB', topic: 'payments_billing', status: 'Escalated' },
    {
      case_id: CASES.driver.id,
      case_number: CASES.driver.number,
      created_at: at(72),
      priority: 'P2',
      tier: 'Private',
      region: 'IL',
      topic: 'driver_app',
      status: 'Escalated',
      account_id: '001Dn000000PRIVAAA',
      account_name: 'Dan Mizrahi',
    },
    {
      case_id: CASES.corporate.id,
      case_number: CASES.corporate.number,
      created_at: at(72),
      priority: 'P3',
      tier: 'Corporate',
      region: 'IL',
      topic: 'driver_app',
      status: 'New',
      account_id: '001Dn000000CORPAAA',
      account_name: 'Volga Freight',
    },
  ]);
  await insertLinked(db, CASES.payments.id, { key: CASES.payments.key, id: '10101' });
  await insertLinked(db, CASES.driver.id, { key: CASES.driver.key, id: '10202' });

  const caseLetter = await addDeadLetter(db, {
    queue: 'case-to-jira',
    jobId: 'job-1',
    payload: { caseIds: [CASES.payments.id] },
    errorCode: 'UNMAPPED_STATUS',
    errorMessage: 'case status "On Hold" has no Jira status in statusMap',
    attempts: 4,
  });
  const issueLetter = await addDeadLetter(db, {
    queue: 'jira-to-case',
    jobId: 'job-2',
    payload: { issueKeys: ['DRV-202'] },
    errorCode: 'INVALID_FIELD',
    errorMessage: 'No such column Jira_Fix_Version__c on Case',
    attempts: 4,
  });
  await db('dead_letters')
    .where({ id: caseLetter })
    .update({ created_at: at(5) });
  await db('dead_letters')
    .where({ id: issueLetter })
    .update({ created_at: at(1) });

  const [incident] = (await db('incidents')
    .insert({
      issue_key: 'INC-7',
      service: 'driver-app',
      severity: 'SEV2',
      status: 'Investigating',
      started_at: at(30),
      linked_case_count: 2,
      corporate_accounts_affected: 1,
      opened_reason: 'burst',
      initial_assignee: 'dev-noam-levi',
      escalation_step: 0,
      escalation_notified_at: at(29.9),
      escalation_stopped: 'acknowledged',
      acknowledged_at: at(29.5),
      resolved_at: at(26),
      open_action_subtasks: JSON.stringify(['INC-9']),
    })
    .returning('id')) as Array<{ id: number | string }>;
  const incidentId = Number(incident!.id);
  await db('incident_cases').insert([
    { case_id: CASES.driver.id, service: 'driver-app', case_created_at: at(31), account_id: '001Dn000000PRIVAAA', tier: 'Private', incident_id: incidentId, linked_at: at(30) },
    { case_id: CASES.corporate.id, service: 'driver-app', case_created_at: at(30), account_id: '001Dn000000CORPAAA', tier: 'Corporate', incident_id: incidentId, linked_at: at(29) },
  ]);
  await db('rca_stages').insert([
    { incident_id: incidentId, stage: 'Initial RCA', issue_key: 'INC-8', assignee: 'im-sarah-oconnor', due_at: at(2), status: 'open' },
    { incident_id: incidentId, stage: 'R&D RCA', issue_key: 'INC-10', assignee: 'dev-noam-levi', due_at: at(-22), status: 'open' },
  ]);
  // Open and unacknowledged, at the second step of rider-app's chain.
  await db('incidents').insert({
    issue_key: 'INC-20',
    service: 'rider-app',
    severity: 'SEV1',
    status: 'Open',
    started_at: at(0.5),
    linked_case_count: 0,
    corporate_accounts_affected: 0,
    opened_reason: 'priority',
    initial_assignee: 'im-yosef-friedman',
    escalation_step: 1,
    escalation_notified_at: at(0.1),
  });
  const audit: Array<[Date, AuditEntry]> = [
    [at(0.4), { system: 'casebridge', objectType: 'incident', objectId: 'INC-20', action: 'escalate', after: { step: 0, contact: 'mobile-oncall', at: at(0.4).toISOString() } }],
    [at(0.4), { system: 'slack', objectType: 'notification', objectId: 'INC-20', action: 'sent', after: { target: '#mobile-oncall', subject: 'INC-20' } }],
    [at(0.1), { system: 'casebridge', objectType: 'incident', objectId: 'INC-20', action: 'escalate', after: { step: 1, contact: 'olga-smirnova', at: at(0.1).toISOString() } }],
  ];
  // Written as the escalation walk writes them, at the seed's own times (the log's default is the database clock).
  await db('audit_log').insert(audit.map(([when, entry]) => ({ ...toRow(entry), at: when })));

  await db('cursors').insert([
    { name: 'salesforce.cases', value: at(0.25).toISOString(), updated_at: at(0.01) },
    { name: 'jira.issues', value: at(1).toISOString(), updated_at: at(0.02) },
  ]);
  const day = now.toISOString().slice(0, 10);
  await addApiUsage(db, { system: 'salesforce', day, requests: 40, throttled: 0, sample: { at: at(0.01), dailyUsed: 81234, dailyLimit: 100000 } });
  await addApiUsage(db, { system: 'jira', day, requests: 12, throttled: 2, sample: { at: at(0.02), windowLimit: 100, windowRemaining: 0 }, lastThrottled: { at: at(0.02), retryAfterMs: 30_000 } });
  await seedBreaches(db, now);
  return { deadLetterIds: { caseLetter, issueLetter }, incidentKey: 'INC-7', openIncidentKey: 'INC-20' };
}

/**
 * SLA clocks: in the 7 days before NOW, breaches on two days only (5 and 2 days back, UTC), and one
 * met clock. The payments case (P1, GB) breached its resolution target of 4 h by 1 h 30 min.
 */
async function seedBreaches(db: Knex, now: Date): Promise<void> {
  const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * HOUR_MS);
  const clock = (caseId: string, metric: string, target: number, elapsed: number, state: string, breachedHoursAgo: number | null, stoppedHoursAgo: number | null = null) => ({
    case_id: caseId,
    metric,
    policy: 'p1-vip',
    calendar: 'always',
    target_minutes: target,
    elapsed_minutes: elapsed,
    paused_minutes: 0,
    state,
    due_at: breachedHoursAgo === null ? null : at(breachedHoursAgo),
    breached_at: breachedHoursAgo === null ? null : at(breachedHoursAgo),
    stopped_at: stoppedHoursAgo === null ? null : at(stoppedHoursAgo),
    computed_at: now,
  });
  await db('sla_results').insert([
    clock(CASES.payments.id, 'resolution', 240, 330, 'breached', 5 * 24 + 2),
    clock(CASES.driver.id, 'resolution', 480, 600, 'breached', 2 * 24 + 1),
    clock(CASES.corporate.id, 'first_response', 60, 75, 'breached', 2 * 24 + 3),
    clock(CASES.payments.id, 'first_response', 30, 12, 'met', null, 70),
  ]);
}
