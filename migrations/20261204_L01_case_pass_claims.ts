/**
 * Which sync pass holds each case right now, until when. Two passes over one case at once (its
 * case job and its issue's job, in two workers or two queues of one) could otherwise plan from
 * reads taken on either side of the other's write, and the later snapshot write would record a
 * status the case no longer has. A row is a lease: a pass that dies leaves it to expire.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('case_pass_claims', (t) => {
    t.text('case_id').primary();
    t.uuid('pass_id').notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('case_pass_claims');
}
