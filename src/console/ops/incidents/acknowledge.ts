/**
 * An operator acknowledges an incident in the console: the same state the escalation walk sets when
 * it sees the incident acknowledged in Jira (`stopEscalation(..., 'acknowledged')`), so the walk
 * notifies nobody further, plus an audit entry naming who did it. An incident whose chain was walked
 * to its end is acknowledged too (someone has it now); one acknowledged already is left as it is.
 */
import type { Knex } from 'knex';
import { appendAudit } from '../../../adapters/store/audit-log.js';
import { getIncidentByKey, stopEscalation } from '../../../adapters/store/incident-tracking.js';

export type AcknowledgeOutcome = 'acknowledged' | 'already-acknowledged' | 'not-found';

export async function acknowledgeIncident(db: Knex, key: string, by: string, now: Date): Promise<AcknowledgeOutcome> {
  return db.transaction(async (trx) => {
    const incident = await getIncidentByKey(trx, key);
    if (!incident) return 'not-found';
    if (incident.escalationStopped === 'acknowledged') return 'already-acknowledged';
    if (incident.escalationStopped === 'exhausted') {
      await trx('incidents').where({ id: incident.id, escalation_stopped: 'exhausted' }).update({ escalation_stopped: 'acknowledged', acknowledged_at: now, updated_at: trx.fn.now() });
    } else {
      await stopEscalation(trx, incident.id, 'acknowledged', now);
    }
    await appendAudit(trx, [
      {
        system: 'casebridge',
        objectType: 'incident',
        objectId: key,
        action: 'escalation-acknowledged',
        after: { step: incident.escalationStep, by, at: now.toISOString() },
        note: `escalation stopped: acknowledged in the console by ${by}`,
      },
    ]);
    return 'acknowledged';
  });
}
