/** Opens the configured database: PostgreSQL from DATABASE_URL, else PGlite under the data dir. */
import path from 'node:path';
import type { Config } from '../config/index.js';
import { pino } from 'pino';
import { openDatabase } from '../adapters/store/database.js';
import type { Database, DatabaseLogger } from '../adapters/store/database.js';
import { createLogger } from '../logging.js';

/** knex's messages go to `logger`, or to a scrubbed JSON log on stderr (stdout carries command output). */
export function openConfiguredDatabase(config: Pick<Config, 'env' | 'secretValues'>, logger?: DatabaseLogger): Promise<Database> {
  const log = logger ?? createLogger({ level: config.env.logLevel, secretValues: config.secretValues, destination: pino.destination(2) });
  if (config.env.databaseUrl) return openDatabase({ url: config.env.databaseUrl, schema: config.env.databaseSchema, logger: log });
  return openDatabase({ dataDir: path.join(config.env.dataDir, 'pglite'), logger: log });
}
