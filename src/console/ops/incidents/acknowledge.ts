/**
 * An operator acknowledges an incident in the console. It takes the one acknowledgement path a
 * PagerDuty acknowledgement takes (engine/incidents/acknowledge.ts): the escalation walk stops at
 * once and the audit names who did it; the next walk (within a minute) moves and comments the Jira
 * issue as incidents.yaml says and sends PagerDuty `acknowledge` with dedup_key = the incident key.
 * An incident whose chain was walked to its end is acknowledged too (someone has it now); one
 * acknowledged already is left as it is.
 */
import type { Knex } from 'knex';
import { acknowledgeIncident as acknowledge } from '../../../engine/incidents/acknowledge.js';
import type { AcknowledgeOutcome } from '../../../engine/incidents/acknowledge.js';

export type { AcknowledgeOutcome };

export async function acknowledgeIncident(db: Knex, key: string, by: string, now: Date): Promise<AcknowledgeOutcome> {
  return acknowledge(db, { issueKey: key, by, via: 'console', at: now });
}
