/** Runs a command that only needs the database: config loaded (problems printed), pool closed after. */
import type { Database } from '../adapters/store/database.js';
import type { Config } from '../config/index.js';
import { openConfiguredDatabase } from '../runtime/open-store.js';
import { loadValidConfig } from './load-config.js';

export async function withDatabase(work: (db: Database, config: Config) => Promise<void>): Promise<void> {
  const config = loadValidConfig();
  if (!config) return;
  const db = await openConfiguredDatabase(config);
  try {
    await work(db, config);
  } finally {
    await db.close();
  }
}
