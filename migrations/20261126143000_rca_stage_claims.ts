/**
 * When each RCA stage was claimed for creating its sub-task: a stage whose sub-task never appeared
 * (the create failed or the process died) is taken over after the lease and created again.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('rca_stages', (t) => {
    t.timestamp('claimed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('rca_stages', (t) => {
    t.dropColumn('claimed_at');
  });
}
