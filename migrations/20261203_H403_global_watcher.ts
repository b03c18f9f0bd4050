/**
 * When the Global Incident Manager was added as a watcher of a global incident's Jira issue; null
 * while that is still to do (a failed call is tried again at the next stakeholder run).
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('incidents', (t) => {
    t.timestamp('global_watcher_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('incidents', (t) => {
    t.dropColumn('global_watcher_at');
  });
}
