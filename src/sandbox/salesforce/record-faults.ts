/**
 * Per-record faults of the Salesforce emulator: row locks. A real org answers UNABLE_TO_LOCK_ROW for
 * a record another transaction holds (or whose parent it holds) for more than 10 seconds; in an
 * sObject Collections call with allOrNone false only those records fail, the others are saved.
 * The knob lives in the sandbox fault config (`salesforceRecords`) and draws from its own PRNG
 * seeded from the config's seed, so the same calls in the same order always lock the same records.
 */
import { z } from 'zod';
import { createPrng } from '../controls/prng.js';
import { sfError, type SfRequestError } from './errors.js';

/** The `salesforceRecords` part of `PUT /__sandbox/faults`. */
export const salesforceRecordFaultsSchema = z
  .object({
    /**
     * Share of record writes answered UNABLE_TO_LOCK_ROW, 0–1: each record of a collections create
     * or update (per-record result), and each single-record PATCH (400). Default 0.
     */
    unableToLockRowRate: z.number().min(0).max(1).default(0),
    /**
     * Store date-times cut to the whole second, as a real org does (audit fields and API-written
     * values read back as `…:30.000`). Default false: kept to the millisecond.
     */
    wholeSecondTimestamps: z.boolean().default(false),
  })
  .strict();

/** A validated `salesforceRecords` config. */
export type SalesforceRecordFaults = z.infer<typeof salesforceRecordFaultsSchema>;

/** What the realistic fault preset uses: 5 % of records locked, as seen under concurrent automation, and whole-second stamps. */
export const REALISTIC_SALESFORCE_RECORD_FAULTS: SalesforceRecordFaults = { unableToLockRowRate: 0.05, wholeSecondTimestamps: true };

/** Mixed into the config seed so this PRNG never repeats the sequence of a route rule. */
const SEED_SALT = 0x10c4_b0a7;

/** Decides which record writes find their row locked. */
export class RecordLockFaults {
  private rate = 0;
  private random: () => number = () => 1;

  /** Takes a new config and restarts the PRNG from its seed. */
  configure(seed: number, faults: SalesforceRecordFaults): void {
    this.rate = faults.unableToLockRowRate;
    this.random = createPrng((seed ^ SEED_SALT) >>> 0);
  }

  /** Draws once for one record write; true when the write must fail with UNABLE_TO_LOCK_ROW. */
  isLocked(): boolean {
    return this.rate > 0 && this.random() < this.rate;
  }
}

/** The error a locked record gets, with the wording Salesforce uses (it names the locked record). */
export function unableToLockRow(lockedId: string): SfRequestError {
  return sfError(400, 'UNABLE_TO_LOCK_ROW', `unable to obtain exclusive access to this record or 1 records: ${lockedId}`, []);
}
