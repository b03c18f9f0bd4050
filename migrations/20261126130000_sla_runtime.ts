/**
 * SLA in the running system: when each ticket must be looked at again (the scheduled scan reads only
 * tickets whose state may have changed), and what was last written back to each case and issue
 * (only changes are written, and a failed write is retried because the record does not move).
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tickets', (t) => {
    // The next instant a running clock turns at risk or breaches with no new event; null when nothing runs.
    t.timestamp('sla_next_check_at', { useTz: true });
    t.index(['sla_next_check_at']);
  });
  await knex.schema.alterTable('sla_results', (t) => {
    t.index(['breached_at']);
  });
  await knex.schema.createTable('sla_writebacks', (t) => {
    // 'case' (object_id = case id) or 'issue' (object_id = Jira key).
    t.text('target').notNullable().checkIn(['case', 'issue']);
    t.text('object_id').notNullable();
    t.text('state');
    t.timestamp('due_at', { useTz: true });
    t.timestamp('written_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['target', 'object_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('sla_writebacks');
  await knex.schema.alterTable('sla_results', (t) => {
    t.dropIndex(['breached_at']);
  });
  await knex.schema.alterTable('tickets', (t) => {
    t.dropIndex(['sla_next_check_at']);
    t.dropColumn('sla_next_check_at');
  });
}
