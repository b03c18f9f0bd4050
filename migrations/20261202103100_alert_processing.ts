/**
 * Alert processing state: the `incident_alerts` table is also the queue of alert work (an outbox
 * written by the webhook, in the same statement that de-duplicates the delivery). A row is pending
 * while something is left to do (open or join, tell the owner, record the resolution); a worker
 * claims it for a lease; `revision` grows on every change, so a resolution that arrives while a
 * worker holds the row keeps it pending.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('incident_alerts', (t) => {
    t.timestamp('pending_since', { useTz: true });
    t.timestamp('claimed_at', { useTz: true });
    t.integer('revision').notNullable().defaultTo(0);
    // Quiet hours: the owner of a notify-only alert is told no earlier than this.
    t.timestamp('notify_after', { useTz: true });
    // The alert's joining was noted on the incident issue (a comment), once.
    t.timestamp('incident_noted_at', { useTz: true });
  });
  await knex.raw(`CREATE INDEX incident_alerts_pending ON incident_alerts (pending_since) WHERE pending_since IS NOT NULL`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS incident_alerts_pending');
  await knex.schema.alterTable('incident_alerts', (t) => {
    for (const column of ['pending_since', 'claimed_at', 'revision', 'notify_after', 'incident_noted_at']) t.dropColumn(column);
  });
}
