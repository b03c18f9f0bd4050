/**
 * One acknowledgement path for every way an incident is acknowledged (Jira, the console, PagerDuty):
 * who acknowledged it and where, and the Jira follow-up of an acknowledgement made outside Jira (the
 * configured move and comment), claimed with a lease so a crashed walker's claim is taken over.
 * Stakeholder updates become an outbox: each slot's row is claimed, then sent; when it was claimed and
 * sent, and how many times it was tried, so a claim older than the lease is delivered again.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('incidents', (t) => {
    t.text('acknowledged_by');
    t.text('acknowledged_via').checkIn(['jira', 'console', 'pagerduty']);
    t.timestamp('ack_jira_claimed_at', { useTz: true });
    t.timestamp('ack_jira_done_at', { useTz: true });
  });
  await knex.schema.alterTable('stakeholder_updates', (t) => {
    t.timestamp('claimed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('sent_at', { useTz: true });
    t.integer('attempts').notNullable().defaultTo(1);
  });
  // Rows left `claimed` before this migration were lost sends: they become due for a retry.
  await knex('stakeholder_updates').update({ claimed_at: knex.ref('created_at') });
  await knex('stakeholder_updates')
    .where({ status: 'sent' })
    .update({ sent_at: knex.ref('created_at') });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('stakeholder_updates', (t) => {
    for (const column of ['claimed_at', 'sent_at', 'attempts']) t.dropColumn(column);
  });
  await knex.schema.alterTable('incidents', (t) => {
    for (const column of ['acknowledged_by', 'acknowledged_via', 'ack_jira_claimed_at', 'ack_jira_done_at']) t.dropColumn(column);
  });
}
