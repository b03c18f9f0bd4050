/**
 * A database for one test suite: a fresh schema on the PostgreSQL server named by DATABASE_URL
 * when set (CI), else an in-memory PGlite. Migrated in `before`, dropped in `after`.
 */
import { randomBytes } from 'node:crypto';
import { openDatabase, migrateLatest } from '../../src/adapters/store/database.js';
import type { Database } from '../../src/adapters/store/database.js';

export function testDatabaseUrl(): string | undefined {
  return process.env.DATABASE_URL || undefined;
}

export async function givenMigratedDatabase(suite: string): Promise<Database> {
  const url = testDatabaseUrl();
  const schema = url ? `t_${suite.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}` : undefined;
  const db = await openDatabase({ url, schema, poolMax: 4 });
  await migrateLatest(db.knex);
  return db;
}

export async function dropTestDatabase(db: Database | undefined): Promise<void> {
  if (!db) return;
  if (db.kind === 'postgres' && db.schema !== 'public') await db.knex.raw(`DROP SCHEMA IF EXISTS "${db.schema}" CASCADE`);
  await db.close();
}
