/**
 * The case's account (the corporate customer) next to its owner on the ticket: the id and the name
 * the sync pass reads as `AccountId` and `Account.Name`, so the console names the customer on the
 * board, the ticket page and the incident pages instead of showing a record id. Tickets stored
 * before this migration get both at their next pass.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tickets', (t) => {
    t.text('account_id');
    t.text('account_name');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('tickets', (t) => {
    t.dropColumn('account_name');
    t.dropColumn('account_id');
  });
}
