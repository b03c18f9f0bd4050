/** What the SLA parts of the running system share: the compiled engine, the notifier, the clock. */
import type { CompiledSla } from '../../domain/sla/engine.js';
import type { Notifier } from '../../adapters/notify/types.js';

/** Jira field ids the SLA is written to; null skips that field. */
export interface JiraSlaFields {
  /** The due date (`yyyy-MM-dd` in the ticket calendar's zone). Default `duedate`. */
  dueDate: string | null;
  /** Exact due instant (a datetime custom field), by default the field named "SLA Due". */
  dueAt: string | null;
  /** The SLA state as text, by default the field named "SLA Status". */
  state: string | null;
}

/** Case fields the SLA is written to (the sandbox's and the managed package's names). */
export const CASE_SLA_FIELDS = { state: 'SLA_Status__c', dueAt: 'SLA_Due__c' } as const;

/**
 * Names of the Jira custom fields the SLA is written to. Their ids are site-specific: they are
 * resolved from `GET /rest/api/3/field` at start (see runtime/jira-field-ids.ts) into {@link JiraSlaFields}.
 */
export const JIRA_SLA_FIELD_NAMES = { dueAt: 'SLA Due', state: 'SLA Status' } as const;

export interface SlaRuntime {
  /** Built once with compileSla(config.files.sla, createDateHolidaysProvider()). */
  sla: CompiledSla;
  /** Absent: no alerts are sent (and none are marked as sent). */
  notifier?: Notifier;
  /** Epoch ms "now"; tests pass a fixed clock. Default Date.now. */
  nowMs?: () => number;
  /** Resolved field ids (start-up resolves {@link JIRA_SLA_FIELD_NAMES}). */
  jiraFields: JiraSlaFields;
}
