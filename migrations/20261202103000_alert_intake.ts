/**
 * Alert intake and paging: monitoring alerts (Grafana, Datadog, New Relic, Airbrake, generic) with
 * the incident each opened or joined, and the pages sent for an incident (PagerDuty Events API v2,
 * one dedup_key per incident) with what PagerDuty told us back through its v3 webhooks.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('incident_alerts', (t) => {
    t.bigIncrements('id');
    // grafana | datadog | newrelic | airbrake | generic
    t.text('source').notNullable();
    // The source's identity of the alert (Grafana fingerprint, Datadog alert id and cycle, …).
    t.text('fingerprint').notNullable();
    // A service of owners.yaml, named by the label/tag alerts.yaml says.
    t.text('service').notNullable();
    // The region the alert names, when alerts.yaml says which label carries it (global incidents).
    t.text('region');
    t.text('severity').notNullable();
    // incident: opens or joins the service's incident; notify: only tells the owner.
    t.text('action').notNullable().checkIn(['incident', 'notify']);
    t.text('title').notNullable();
    t.bigInteger('incident_id').references('id').inTable('incidents').onDelete('SET NULL');
    // When the source says the alert started firing (detection time), and when we last heard of it.
    t.timestamp('first_fired_at', { useTz: true }).notNullable();
    t.timestamp('last_seen_at', { useTz: true }).notNullable();
    t.timestamp('resolved_at', { useTz: true });
    // How many deliveries carried this alert (re-sends are counted, never acted on twice).
    t.integer('deliveries').notNullable().defaultTo(1);
    // Claims: the owner told of a notify-only alert once; the resolution recorded on the incident once.
    t.timestamp('owner_notified_at', { useTz: true });
    t.timestamp('resolution_recorded_at', { useTz: true });
    // A short, bounded summary (labels, link, value): never the whole payload.
    t.jsonb('payload_summary').notNullable().defaultTo('{}');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['incident_id']);
    t.index(['service', 'first_fired_at']);
  });
  // One firing episode per alert: re-sends and replicas racing on one fingerprint meet here.
  await knex.raw(`CREATE UNIQUE INDEX incident_alerts_one_firing ON incident_alerts (source, fingerprint) WHERE resolved_at IS NULL`);

  await knex.schema.createTable('incident_pages', (t) => {
    t.bigIncrements('id');
    t.bigInteger('incident_id').notNullable().references('id').inTable('incidents').onDelete('CASCADE');
    t.text('channel').notNullable().defaultTo('pagerduty').checkIn(['pagerduty']);
    t.text('service').notNullable();
    // The incident's key (Jira key) sent as PagerDuty's dedup_key: one PagerDuty incident per incident.
    t.text('dedup_key').notNullable();
    // The NAME of the environment variable holding the routing key, never the key itself.
    t.text('routing_key_env').notNullable();
    // Events PagerDuty accepted (202) from us.
    t.timestamp('triggered_at', { useTz: true });
    t.timestamp('acknowledge_sent_at', { useTz: true });
    t.timestamp('resolve_sent_at', { useTz: true });
    // What PagerDuty told us (v3 webhooks): its incident, who acknowledged, when it resolved.
    t.text('remote_incident_id');
    t.timestamp('acknowledged_at', { useTz: true });
    t.text('acknowledged_by');
    t.timestamp('resolved_at', { useTz: true });
    t.text('last_error');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['channel', 'dedup_key']);
    t.unique(['incident_id', 'channel']);
  });

  // PagerDuty v3 webhook events seen (by event id): a re-delivered event is recognised and not applied twice.
  await knex.schema.createTable('pagerduty_webhook_events', (t) => {
    t.text('event_id').primary();
    t.text('event_type').notNullable();
    t.text('remote_incident_id');
    t.bigInteger('incident_id').references('id').inTable('incidents').onDelete('SET NULL');
    t.timestamp('occurred_at', { useTz: true });
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('pagerduty_webhook_events');
  await knex.schema.dropTableIfExists('incident_pages');
  await knex.schema.dropTableIfExists('incident_alerts');
}
