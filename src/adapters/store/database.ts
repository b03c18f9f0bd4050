/**
 * Opens the database: PostgreSQL when a URL is given, otherwise embedded PGlite (real Postgres
 * compiled to WASM, in-process) persisted in a directory or kept in memory. Same SQL either way.
 */
import { mkdirSync } from 'node:fs';
import { inspect } from 'node:util';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import knexFactory from 'knex';
import type { Knex } from 'knex';
import { MIGRATIONS } from '../../../migrations/index.js';
import { closeClaimConnection } from './case-pass-claims.js';
import type { Migration } from '../../../migrations/index.js';
import { lockDataDir } from './embedded-lock.js';

export type DatabaseKind = 'postgres' | 'pglite';

export interface Database {
  knex: Knex;
  kind: DatabaseKind;
  /** The embedded instance, when PGlite; pg-boss shares it through an executeSql adapter. */
  pglite?: PGlite;
  /** The Postgres schema in use (`public` unless a test asked for its own). */
  schema: string;
  /** The PostgreSQL URL (for libraries that open their own pool, such as pg-boss). */
  url?: string;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** PostgreSQL connection URL; absent means PGlite. */
  url?: string;
  /** PGlite data directory; absent (with no url) means an in-memory database. */
  dataDir?: string;
  /** Use (and create) this schema instead of `public`: one per test suite. */
  schema?: string;
  /** Pool size for PostgreSQL (default 10). PGlite always has exactly one connection. */
  poolMax?: number;
  /**
   * Where knex's own warnings go (refused connections, failed migrations). Without it they go to
   * stderr; never to knex's default console.log, whose raw lines would mix with stdout output.
   */
  logger?: DatabaseLogger;
}

/** The part of a pino logger the database uses. */
export interface DatabaseLogger {
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
  debug(fields: object, message: string): void;
}

/** knex's `log` option: every message as one structured log entry marked `source: knex`. */
function toKnexLog(logger: DatabaseLogger | undefined): Knex.Config['log'] {
  const text = (message: unknown) => (typeof message === 'string' ? message : inspect(message, { depth: 5 }));
  const emit = (level: 'warn' | 'error' | 'debug') => (message: unknown) => {
    if (logger) logger[level]({ source: 'knex' }, text(message));
    else process.stderr.write(`${JSON.stringify({ level, source: 'knex', msg: text(message) })}\n`);
  };
  return { warn: emit('warn'), error: emit('error'), deprecate: emit('warn'), debug: emit('debug') };
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const schema = options.schema ?? 'public';
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name "${schema}": use lowercase letters, digits and _`);

  if (options.url) {
    if (schema !== 'public') {
      // Created on a throwaway connection: the pool's search_path points at it from the first query on.
      const bootstrap = knexFactory({ client: 'pg', connection: options.url, pool: { min: 0, max: 1 }, log: toKnexLog(options.logger) });
      try {
        await bootstrap.raw(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      } finally {
        await bootstrap.destroy();
      }
    }
    const knex = knexFactory({
      client: 'pg',
      connection: options.url,
      searchPath: [schema],
      pool: { min: 0, max: options.poolMax ?? 10 },
      log: toKnexLog(options.logger),
    });
    // The case-claim connection (case-pass-claims.ts) goes with the pool: its locks end with it.
    const close = async () => {
      await closeClaimConnection(knex);
      await knex.destroy();
    };
    return { knex, kind: 'postgres', schema, url: options.url, close };
  }

  if (options.dataDir) mkdirSync(path.resolve(options.dataDir), { recursive: true });
  // One process per embedded database: a second one is told who holds it instead of crashing in WASM.
  const lock = options.dataDir ? lockDataDir(options.dataDir) : undefined;
  let pglite: PGlite;
  // Loaded only for the embedded database: PostgreSQL commands start faster without the WASM build.
  const [{ PGlite }, { default: ClientPgLite }] = await Promise.all([import('@electric-sql/pglite'), import('knex-pglite')]);
  try {
    pglite = options.dataDir ? new PGlite(path.resolve(options.dataDir)) : new PGlite();
    await pglite.waitReady;
  } catch (error) {
    lock?.release();
    throw error;
  }
  if (schema !== 'public') {
    await pglite.exec(`CREATE SCHEMA IF NOT EXISTS "${schema}"; SET search_path TO "${schema}"`);
  }
  const knex = knexFactory({
    client: ClientPgLite as unknown as typeof knexFactory.Client,
    dialect: 'postgres',
    connection: () => ({ pglite }) as object,
    searchPath: [schema],
    log: toKnexLog(options.logger),
  } as Knex.Config);
  return {
    knex,
    kind: 'pglite',
    pglite,
    schema,
    close: async () => {
      try {
        await knex.destroy();
        if (!pglite.closed) await pglite.close();
      } finally {
        lock?.release();
      }
    },
  };
}

const migrationSource: Knex.MigrationSource<Migration> = {
  getMigrations: async () => [...MIGRATIONS],
  getMigrationName: (migration) => migration.name,
  getMigration: async (migration) => migration,
};

/** Applies every pending migration; returns the names applied. */
export async function migrateLatest(knex: Knex): Promise<string[]> {
  const [, applied] = (await knex.migrate.latest({ migrationSource })) as [number, string[]];
  return applied;
}

/** Reverts the last applied migration (one step); returns the names reverted. */
export async function migrateDownOne(knex: Knex): Promise<string[]> {
  const [, reverted] = (await knex.migrate.down({ migrationSource })) as [number, string[]];
  return reverted;
}

/** Names of migrations not yet applied (empty when the schema is current). */
export async function listPendingMigrations(knex: Knex): Promise<string[]> {
  const [, pending] = (await knex.migrate.list({ migrationSource })) as [unknown[], Array<{ file: string } | Migration>];
  return pending.map((m) => ('name' in m ? m.name : m.file));
}
