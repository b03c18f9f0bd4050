/** Opens the configured database: PostgreSQL from DATABASE_URL, else PGlite under the data dir. */
import path from 'node:path';
import type { Config } from '../config/index.js';
import { openDatabase } from '../adapters/store/database.js';
import type { Database } from '../adapters/store/database.js';

export function openConfiguredDatabase(config: Config): Promise<Database> {
  if (config.env.databaseUrl) return openDatabase({ url: config.env.databaseUrl, schema: config.env.databaseSchema });
  return openDatabase({ dataDir: path.join(config.env.dataDir, 'pglite') });
}
