/**
 * The initial schema: links, snapshots, cursors, tickets and status history (SLA), SLA results,
 * incidents with RCA stages, the audit log, dead letters and report runs.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('links', (t) => {
    t.bigIncrements('id');
    t.text('case_id').notNullable();
    t.text('issue_key');
    t.text('issue_id');
    t.text('kind').notNullable().checkIn(['mirror', 'incident']);
    // creating: intent written before the Jira create; linked: issue known; unlinked: history.
    t.text('state').notNullable().checkIn(['creating', 'linked', 'unlinked']);
    // created: casebridge made the issue for this case (the case drives it); linked: an agent typed
    // the key of an existing issue (the case follows it, but does not overwrite it).
    t.text('origin').notNullable().defaultTo('created').checkIn(['created', 'linked']);
    t.text('last_error');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['issue_key']);
  });
  // One live link of each kind per case; many cases may share one issue.
  await knex.raw(`CREATE UNIQUE INDEX links_one_live_per_case ON links (case_id, kind) WHERE state <> 'unlinked'`);

  await knex.schema.createTable('snapshots', (t) => {
    t.text('system').notNullable().checkIn(['salesforce', 'jira']);
    t.text('object_id').notNullable();
    t.text('field').notNullable();
    t.jsonb('value');
    t.timestamp('source_updated_at', { useTz: true });
    // true when the value is what casebridge itself wrote (echo suppression)
    t.boolean('written_by_us').notNullable().defaultTo(false);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['system', 'object_id', 'field']);
  });

  await knex.schema.createTable('cursors', (t) => {
    t.text('name').primary();
    t.text('value').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('tickets', (t) => {
    t.text('case_id').primary();
    t.text('case_number');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.text('priority');
    t.text('tier');
    t.text('region');
    t.text('topic');
    t.text('status');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('status_history', (t) => {
    t.bigIncrements('id');
    t.text('case_id').notNullable().references('case_id').inTable('tickets').onDelete('CASCADE');
    t.timestamp('at', { useTz: true }).notNullable();
    t.text('type').notNullable().checkIn(['status', 'agentReply']);
    t.text('value');
    // The same event seen twice (poll overlap, duplicate outbound message) is stored once.
    t.unique(['case_id', 'at', 'type', 'value'], { indexName: 'status_history_event_unique', useConstraint: true });
    t.index(['case_id', 'at']);
  });

  await knex.schema.createTable('sla_results', (t) => {
    t.text('case_id').notNullable().references('case_id').inTable('tickets').onDelete('CASCADE');
    t.text('metric').notNullable();
    t.text('policy').notNullable();
    t.text('calendar').notNullable();
    t.double('target_minutes').notNullable();
    t.double('elapsed_minutes').notNullable();
    t.double('paused_minutes').notNullable();
    t.text('state').notNullable().checkIn(['met', 'breached', 'running', 'paused', 'at_risk']);
    t.timestamp('due_at', { useTz: true });
    t.timestamp('breached_at', { useTz: true });
    t.timestamp('stopped_at', { useTz: true });
    // The last state a notification went out for, so each state is announced once.
    t.text('notified_state');
    t.timestamp('computed_at', { useTz: true }).notNullable();
    t.primary(['case_id', 'metric']);
    t.index(['state']);
  });

  await knex.schema.createTable('incidents', (t) => {
    t.bigIncrements('id');
    t.text('issue_key').unique();
    t.text('service').notNullable();
    t.text('severity').notNullable();
    t.text('status').notNullable();
    t.timestamp('started_at', { useTz: true }).notNullable();
    t.timestamp('resolved_at', { useTz: true });
    t.integer('linked_case_count').notNullable().defaultTo(0);
    t.integer('corporate_accounts_affected').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  // At most one open incident per service: concurrent workers cannot open two.
  await knex.raw(`CREATE UNIQUE INDEX incidents_one_open_per_service ON incidents (service) WHERE resolved_at IS NULL`);

  await knex.schema.createTable('rca_stages', (t) => {
    t.bigIncrements('id');
    t.bigInteger('incident_id').notNullable().references('id').inTable('incidents').onDelete('CASCADE');
    t.text('stage').notNullable();
    t.text('issue_key');
    t.text('assignee');
    t.timestamp('due_at', { useTz: true }).notNullable();
    t.text('status').notNullable().defaultTo('open');
    t.timestamp('notified_overdue_at', { useTz: true });
    t.unique(['incident_id', 'stage']);
  });

  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('system').notNullable();
    t.text('object_type').notNullable();
    t.text('object_id');
    t.text('action').notNullable();
    t.jsonb('before');
    t.jsonb('after');
    t.text('correlation_id');
    t.text('job_id');
    t.text('note');
    t.index(['system', 'object_id']);
    t.index(['at']);
  });

  await knex.schema.createTable('dead_letters', (t) => {
    t.bigIncrements('id');
    t.text('queue').notNullable();
    t.text('job_id');
    t.jsonb('payload').notNullable();
    t.text('error_code').notNullable();
    t.text('error_message').notNullable();
    t.integer('attempts').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('retried_at', { useTz: true });
    t.index(['retried_at']);
  });

  await knex.schema.createTable('report_runs', (t) => {
    t.text('schedule').notNullable();
    t.timestamp('slot', { useTz: true }).notNullable();
    t.text('status').notNullable().checkIn(['running', 'done', 'failed']);
    t.timestamp('started_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('finished_at', { useTz: true });
    t.jsonb('output');
    // One row per schedule slot: the primary key is what makes a slot fire once across replicas.
    t.primary(['schedule', 'slot']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['report_runs', 'dead_letters', 'audit_log', 'rca_stages', 'incidents', 'sla_results', 'status_history', 'tickets', 'cursors', 'snapshots', 'links']) {
    await knex.schema.dropTableIfExists(table);
  }
}
