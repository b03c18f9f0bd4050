/**
 * The ordered list of migrations, handed to knex as a migration source so the same code runs
 * from TypeScript sources (tsx) and from a compiled build, on PostgreSQL and on PGlite.
 */
import type { Knex } from 'knex';
import * as alertIntake from './20261202103000_alert_intake.js';
import * as alertProcessing from './20261202103100_alert_processing.js';
import * as consoleBoard from './20261202100000_console_board.js';
import * as slaResultsComputedAt from './20261202100100_sla_results_computed_at.js';
import * as boardFacetsIndex from './20261202100200_board_facets_index.js';
import * as consoleSessions from './20261202102000_console_sessions.js';
import * as apiUsage from './20261202101000_api_usage.js';
import * as initial from './20261126120000_initial.js';
import * as incidentTracking from './20261126140000_incident_tracking.js';
import * as rcaStageClaims from './20261126143000_rca_stage_claims.js';
import * as slaRuntime from './20261126130000_sla_runtime.js';
import * as stakeholderUpdates from './20261202104000_stakeholder_updates.js';
import * as ticketAccounts from './20261203_H301_ticket_accounts.js';
import * as slaResultsBreached from './20261203_H302_sla_results_breached.js';
import * as ticketsUpdatedAt from './20261203_H303_tickets_updated_at.js';
import * as incidentAcknowledgement from './20261203_H401_incident_acknowledgement.js';
import * as stakeholderOutbox from './20261203_H402_stakeholder_outbox.js';
import * as globalWatcher from './20261203_H403_global_watcher.js';

export interface Migration {
  name: string;
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

export const MIGRATIONS: readonly Migration[] = [
  { name: '20261126120000_initial', ...initial },
  { name: '20261126130000_sla_runtime', ...slaRuntime },
  { name: '20261126140000_incident_tracking', ...incidentTracking },
  { name: '20261126143000_rca_stage_claims', ...rcaStageClaims },
  { name: '20261202100000_console_board', ...consoleBoard },
  { name: '20261202100100_sla_results_computed_at', ...slaResultsComputedAt },
  { name: '20261202100200_board_facets_index', ...boardFacetsIndex },
  { name: '20261202101000_api_usage', ...apiUsage },
  { name: '20261202102000_console_sessions', ...consoleSessions },
  { name: '20261202103000_alert_intake', ...alertIntake },
  { name: '20261202103100_alert_processing', ...alertProcessing },
  { name: '20261202104000_stakeholder_updates', ...stakeholderUpdates },
  { name: '20261203_H301_ticket_accounts', ...ticketAccounts },
  { name: '20261203_H302_sla_results_breached', ...slaResultsBreached },
  { name: '20261203_H303_tickets_updated_at', ...ticketsUpdatedAt },
  { name: '20261203_H401_incident_acknowledgement', ...incidentAcknowledgement },
  { name: '20261203_H402_stakeholder_outbox', ...stakeholderOutbox },
  { name: '20261203_H403_global_watcher', ...globalWatcher },
];
