/**
 * Incident tracking: the escalation walk and acknowledgement on each incident, and which cases
 * casebridge has seen per service (the burst window) and linked to which incident, with what the
 * case was last told.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('incidents', (t) => {
    // Why it opened: 'priority', 'burst' (or 'manual').
    t.text('opened_reason');
    // The assignee casebridge set at creation: anybody else taking it acknowledges.
    t.text('initial_assignee');
    // -1: nobody notified yet; n: step n of the service's chain was notified last.
    t.integer('escalation_step').notNullable().defaultTo(-1);
    t.timestamp('escalation_notified_at', { useTz: true });
    t.timestamp('acknowledged_at', { useTz: true });
    t.text('escalation_stopped').checkIn(['acknowledged', 'exhausted']);
    t.timestamp('closed_at', { useTz: true });
  });

  await knex.schema.createTable('incident_cases', (t) => {
    t.text('case_id').primary();
    t.text('service').notNullable();
    t.timestamp('case_created_at', { useTz: true }).notNullable();
    t.text('account_id');
    t.text('tier');
    t.bigInteger('incident_id').references('id').inTable('incidents').onDelete('SET NULL');
    t.timestamp('linked_at', { useTz: true });
    // What the case shows now (written by casebridge): compared to decide whether to write again.
    t.text('informed_key');
    t.text('informed_status');
    t.timestamp('resolution_informed_at', { useTz: true });
    t.timestamp('seen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['service', 'case_created_at']);
    t.index(['incident_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('incident_cases');
  await knex.schema.alterTable('incidents', (t) => {
    for (const column of ['opened_reason', 'initial_assignee', 'escalation_step', 'escalation_notified_at', 'acknowledged_at', 'escalation_stopped', 'closed_at']) t.dropColumn(column);
  });
}
