/**
 * The Reports page keeps a computed report while nothing it counts has changed: the newest
 * sla_results.computed_at (indexed already) and the newest tickets.updated_at, which this index
 * makes one lookup instead of a scan of every ticket.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tickets', (t) => {
    t.index(['updated_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tickets', (t) => {
    t.dropIndex(['updated_at']);
  });
}
