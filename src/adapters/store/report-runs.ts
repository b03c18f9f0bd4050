/** `report_runs`: one row per schedule slot, which is what makes a slot fire once across replicas. */
import type { Db } from './db-handle.js';

/** Claims a slot; true for exactly one caller per (schedule, slot), however many replicas try. */
export async function claimSlot(db: Db, schedule: string, slot: Date): Promise<boolean> {
  const rows = await db('report_runs').insert({ schedule, slot, status: 'running' }).onConflict(['schedule', 'slot']).ignore().returning('schedule');
  return rows.length === 1;
}

export async function finishSlot(db: Db, schedule: string, slot: Date, outcome: { status: 'done' | 'failed'; output: unknown }): Promise<void> {
  await db('report_runs')
    .where({ schedule, slot })
    .update({ status: outcome.status, output: JSON.stringify(outcome.output ?? null), finished_at: db.fn.now() });
}

/** The latest slot claimed for a schedule: the watermark a restarted scheduler catches up from. */
export async function getLastSlot(db: Db, schedule: string): Promise<Date | undefined> {
  const row = await db('report_runs').where({ schedule }).max('slot as slot').first();
  return row?.slot ? new Date(row.slot as string | Date) : undefined;
}
