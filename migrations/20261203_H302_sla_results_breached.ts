/**
 * The Reports page finds a window's breaches by when they happened: an index on breached_at (with
 * case_id and metric, the list's order) over breached clocks only, so a week of breaches is a range
 * scan and the first 500 rows stop early instead of reading every clock.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX sla_results_breached ON sla_results (breached_at, case_id, metric) WHERE breached_at IS NOT NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS sla_results_breached');
}
