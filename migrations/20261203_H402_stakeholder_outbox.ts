/**
 * Stakeholder updates as an outbox: the claim row carries what is to be sent (the contacts and the
 * audiences, besides the subject and text), so a slot whose send was lost to a crash — its row still
 * `claimed` after the lease — is delivered again from the row itself by the next runner.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('stakeholder_updates', (t) => {
    // Contacts (owners.yaml shape) the update goes to; null on rows claimed before the outbox.
    t.jsonb('deliver_to');
    t.jsonb('audiences').notNullable().defaultTo('[]');
  });
  // The retry scan reads only the few rows not sent.
  await knex.raw("CREATE INDEX stakeholder_updates_unsent ON stakeholder_updates (claimed_at) WHERE status <> 'sent'");
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS stakeholder_updates_unsent');
  await knex.schema.alterTable('stakeholder_updates', (t) => {
    for (const column of ['deliver_to', 'audiences']) t.dropColumn(column);
  });
}
