/**
 * Runs a command that only needs the database. It reads the environment alone (where the database
 * is), not the YAML files: database commands answer quickly, and still work while someone is fixing
 * a config file. Environment problems are printed and exit 1; the pool is closed after.
 */
import type { Database } from '../adapters/store/database.js';
import { readEnv } from '../config/env.js';
import { collectSecretValues } from '../config/env-secrets.js';
import { openConfiguredDatabase } from '../runtime/open-store.js';

export async function withDatabase(work: (db: Database) => Promise<void>): Promise<void> {
  const env = readEnv();
  if (!env.ok) {
    process.stderr.write(`casebridge: the environment has ${env.problems.length} problem(s):\n`);
    for (const problem of env.problems) process.stderr.write(`  environment: ${problem}\n`);
    process.exitCode = 1;
    return;
  }
  const db = await openConfiguredDatabase({ env: env.value, secretValues: collectSecretValues() });
  try {
    await work(db);
  } finally {
    await db.close();
  }
}
