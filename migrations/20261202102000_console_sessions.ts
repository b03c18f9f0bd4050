/**
 * Console sign-in: server-side sessions (the cookie holds a random id; only its SHA-256 is stored, so
 * a copy of this table cannot be replayed as cookies) and OpenID Connect sign-ins under way (state,
 * nonce and PKCE verifier between the redirect to the provider and its callback, for ten minutes).
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('console_sessions', (t) => {
    t.string('id_hash', 64).primary();
    t.text('viewer_name').notNullable();
    t.string('viewer_role', 16).notNullable();
    /** The provider's subject (`iss` + `sub`) or `token:<role>`: who signed in, for the audit trail. */
    t.text('subject').notNullable();
    t.string('csrf_token', 64).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.index(['expires_at'], 'console_sessions_expires_at_idx');
  });
  await knex.schema.createTable('console_sign_ins', (t) => {
    t.string('state_hash', 64).primary();
    t.text('code_verifier').notNullable();
    t.text('nonce').notNullable();
    t.text('return_to').notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.index(['expires_at'], 'console_sign_ins_expires_at_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('console_sign_ins');
  await knex.schema.dropTableIfExists('console_sessions');
}
