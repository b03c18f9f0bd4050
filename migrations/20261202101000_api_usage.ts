/**
 * API usage per external system, as the adapters last saw it in response headers (Salesforce
 * `Sforce-Limit-Info`, Jira `X-RateLimit-*`), plus the requests casebridge sent per UTC day. One row
 * per system, written by every process at most every few seconds, so the web role shows what the
 * workers used.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('api_usage', (t) => {
    t.text('system').primary().checkIn(['salesforce', 'jira']);
    t.bigInteger('daily_used');
    t.bigInteger('daily_limit');
    t.integer('window_limit');
    t.integer('window_remaining');
    t.timestamp('window_reset_at', { useTz: true });
    t.boolean('near_limit');
    // When the headers above were seen: a process holding an older sample never overwrites a newer one.
    t.timestamp('sampled_at', { useTz: true });
    t.timestamp('last_throttled_at', { useTz: true });
    t.integer('last_retry_after_ms');
    // Requests casebridge sent (every process together) on this UTC day.
    t.date('requests_day').notNullable();
    t.bigInteger('requests_count').notNullable().defaultTo(0);
    t.bigInteger('throttled_count').notNullable().defaultTo(0);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('api_usage');
}
