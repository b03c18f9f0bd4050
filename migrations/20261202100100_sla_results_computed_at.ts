/**
 * The console's live board asks "did any clock change?" every few seconds: the newest
 * sla_results.computed_at, one index lookup instead of a scan of every clock.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sla_results', (t) => {
    t.index(['computed_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sla_results', (t) => {
    t.dropIndex(['computed_at']);
  });
}
