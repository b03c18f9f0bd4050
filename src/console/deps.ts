/**
 * What the console's pages need from the running system: the database, the validated config, a
 * logger, a clock and the two systems' base URLs for links. Tests build it by hand with a fixed
 * clock and the SLA engine they seeded with.
 */
import type { Knex } from 'knex';
import type { Config } from '../config/index.js';
import type { CompiledSla } from '../domain/sla/engine.js';
import type { HolidayProvider } from '../domain/sla/holidays.js';
import type { Logger } from '../logging.js';
import type { Enqueuer } from '../engine/dead-letter-retry.js';

export interface ConsoleLinks {
  /** Salesforce instance, e.g. `https://acme.my.salesforce.com`: cases open at `<instance>/lightning/r/Case/<Id>/view`. */
  salesforceInstanceUrl: string;
  /** Jira site, e.g. `https://acme.atlassian.net`: issues open at `<site>/browse/<KEY>`. */
  jiraSiteUrl: string;
}

export interface ConsoleDeps {
  db: Knex;
  config: Config;
  logger: Logger;
  /** "Now" for every page (tests pass a controllable clock). */
  now: () => Date;
  links: ConsoleLinks;
  /** The compiled SLA engine (the runtime's, so pages show what the scan computes); absent without sla.yaml. */
  sla?: CompiledSla;
  /** The holiday data the SLA engine was compiled with, to name the holidays a clock skipped. */
  holidays?: HolidayProvider;
  /** How often the live board checks for clock changes, in ms (default 2000). */
  livePollMs?: number;
  /** The engine's queues, for operator actions (retry a dead letter, re-sync a case); absent: those actions answer 503. */
  queues?: Enqueuer;
  /** The pg-boss schema (`queueSchemaOf(db)`), for queue depth on the health page; absent: not shown. */
  queueSchema?: string;
}
