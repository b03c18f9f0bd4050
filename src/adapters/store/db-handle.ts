import type { Knex } from 'knex';

/** Store functions take a connection or a transaction first, so callers compose them atomically. */
export type Db = Knex | Knex.Transaction;

/** Timestamps come back as Date from pg and PGlite; null stays null. */
export function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(String(value));
}

/** PostgreSQL bigint ids arrive as strings; ids stay below 2^53 for the life of a deployment. */
export function toId(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}
