/**
 * Stakeholder updates and incident metrics: whether an incident went global (cases or alerts in two
 * or more regions) and when, when it was mitigated, which action sub-tasks were still open when last
 * read; the severities it had and since when; each stakeholder update, keyed so a slot is sent once
 * across replicas; the moments (opened, acknowledged, mitigated, resolved) already observed in the
 * Prometheus histograms; and when each RCA stage was seen done (RCA compliance).
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('incidents', (t) => {
    t.boolean('is_global').notNullable().defaultTo(false);
    t.timestamp('global_at', { useTz: true });
    t.timestamp('mitigated_at', { useTz: true });
    // Open sub-tasks of the incident issue that are not RCA stages (action items), as last read.
    t.jsonb('open_action_subtasks').notNullable().defaultTo('[]');
  });

  await knex.schema.createTable('incident_severity_history', (t) => {
    t.bigInteger('incident_id').notNullable().references('id').inTable('incidents').onDelete('CASCADE');
    t.text('severity').notNullable();
    t.timestamp('since', { useTz: true }).notNullable();
    // Severities only rise, so each is held once per incident.
    t.primary(['incident_id', 'severity']);
  });

  await knex.schema.createTable('stakeholder_updates', (t) => {
    t.bigIncrements('id');
    t.bigInteger('incident_id').notNullable().references('id').inTable('incidents').onDelete('CASCADE');
    // opened | severity | global | interval | resolved
    t.text('kind').notNullable().checkIn(['opened', 'severity', 'global', 'interval', 'resolved']);
    // The slot: `opened`, `resolved`, `global`, `severity:SEV1`, `interval:<due ISO instant>`.
    t.text('slot_key').notNullable();
    // The moment the update stands for; the next interval is counted from it.
    t.timestamp('planned_at', { useTz: true }).notNullable();
    t.text('severity').notNullable();
    t.timestamp('next_update_at', { useTz: true });
    t.text('status').notNullable().defaultTo('claimed').checkIn(['claimed', 'sent', 'failed']);
    // Audience ids and the outcome per channel; the text as sent.
    t.jsonb('recipients').notNullable().defaultTo('[]');
    t.text('subject');
    t.text('body');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    // The claim: two replicas planning the same slot insert one row; only its inserter sends.
    t.unique(['incident_id', 'slot_key']);
  });

  await knex.schema.createTable('incident_moments', (t) => {
    t.bigInteger('incident_id').notNullable().references('id').inTable('incidents').onDelete('CASCADE');
    // opened (time to detect) | acknowledged | mitigated | resolved
    t.text('moment').notNullable().checkIn(['opened', 'acknowledged', 'mitigated', 'resolved']);
    t.timestamp('at', { useTz: true }).notNullable();
    t.double('seconds_since_signal');
    t.timestamp('observed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['incident_id', 'moment']);
  });

  await knex.schema.alterTable('rca_stages', (t) => {
    t.timestamp('done_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('rca_stages', (t) => {
    t.dropColumn('done_at');
  });
  await knex.schema.dropTableIfExists('incident_moments');
  await knex.schema.dropTableIfExists('stakeholder_updates');
  await knex.schema.dropTableIfExists('incident_severity_history');
  await knex.schema.alterTable('incidents', (t) => {
    for (const column of ['is_global', 'global_at', 'mitigated_at', 'open_action_subtasks']) t.dropColumn(column);
  });
}
