/** `cursors`: how far each change feed has read. A cursor only ever moves forward. */
import type { Db } from './db-handle.js';

export async function getCursor(db: Db, name: string): Promise<string | undefined> {
  const row = await db('cursors').where({ name }).first('value');
  return row?.value as string | undefined;
}

/**
 * Moves a cursor forward. Values compare as text, so callers use sortable encodings (ISO-8601
 * UTC instants with fixed precision); an older value than the stored one is ignored.
 */
export async function advanceCursor(db: Db, name: string, value: string): Promise<string> {
  const rows = await db('cursors')
    .insert({ name, value, updated_at: db.fn.now() })
    .onConflict('name')
    .merge({ value: db.raw('GREATEST(cursors.value, excluded.value)'), updated_at: db.fn.now() })
    .returning('value');
  return rows[0].value as string;
}

/** Stores a cursor only if it has none yet (first writer wins); returns the value now stored. */
export async function initCursor(db: Db, name: string, value: string): Promise<string> {
  await db('cursors').insert({ name, value, updated_at: db.fn.now() }).onConflict('name').ignore();
  return (await getCursor(db, name))!;
}
