/**
 * Writes through sObject Collections (≤200 records per request, `allOrNone: false`) and answers
 * per record what its collection did:
 * - each collection is one request, retried on its own by the request retry;
 * - records the org had locked (`UNABLE_TO_LOCK_ROW`) are sent again alone, a few times with
 *   backoff; still locked after that, they are refused for now (nothing was written);
 * - a collection refused by an exhausted API limit makes it and every later one refused for now;
 * - a lost answer to a write that is not idempotent (comments) is `unknown`;
 * - a whole request refused for a field the org lacks or a wrong JSON type is one
 *   `ConfigurationProblemError` naming the field, not a failure of each record.
 */
import type { WriteOutcome } from '../../domain/sync/records.js';
import { ApiError, ConfigurationProblemError } from '../../errors.js';
import type { RequestRetry } from '../../engine/retry.js';
import { toWriteFailure } from '../request-outcome.js';
import { fromSalesforceError } from './errors.js';
import { toWriteOutcome, type RestSaveResult } from './records.js';
import { chunk } from '../chunk.js';

export interface CollectionWrite {
  operation: string;
  items: ReadonlyArray<{ idField: string; id: string; record: Record<string, unknown> }>;
  write: (records: Record<string, unknown>[]) => Promise<RestSaveResult[]>;
  idempotent: boolean;
  retry: RequestRetry;
  /** Sends one request through the request retry. */
  send: <T>(operation: string, run: () => PromiseLike<T>, idempotent: boolean) => Promise<T>;
  batchSize: number;
  isValidId: (id: string) => boolean;
}

/** Whole-request codes that say the request's shape, not the records, is wrong. */
const CONFIGURATION_CODES = new Set(['INVALID_FIELD', 'JSON_PARSER_ERROR', 'INVALID_FIELD_FOR_INSERT_UPDATE', 'INVALID_TYPE_ON_FIELD_IN_RECORD']);

export async function writeCollections(w: CollectionWrite): Promise<WriteOutcome[]> {
  // A malformed id is refused here, as Salesforce would refuse that one record, without a call.
  const outcomes: WriteOutcome[] = w.items.map((item) => ({
    ok: false,
    error: { code: 'MALFORMED_ID', message: `${item.idField} ${JSON.stringify(item.id)} is not a 15- or 18-character Salesforce id`, fields: [item.idField] },
  }));
  const positions = w.items.flatMap((item, index) => (w.isValidId(item.id) ? [index] : []));
  let refusedForNow: WriteOutcome | undefined;
  for (const group of chunk(positions, w.batchSize)) {
    if (refusedForNow) {
      for (const index of group) outcomes[index] = refusedForNow;
      continue;
    }
    const failure = await writeCollection(w, group, outcomes);
    if (failure?.error.disposition === 'refusedForNow') refusedForNow = failure;
  }
  return outcomes;
}

/**
 * One collection, then its locked records alone until none is locked or the retries are spent.
 * Fills `outcomes` for the group; answers the request failure that stopped it, if one did.
 */
async function writeCollection(w: CollectionWrite, group: number[], outcomes: WriteOutcome[]): Promise<Extract<WriteOutcome, { ok: false }> | undefined> {
  let pending = group;
  let stopped: Extract<WriteOutcome, { ok: false }> | undefined;
  let locked: ApiError | undefined;
  try {
    await w.retry(
      `${w.operation}.lockedRows`,
      async () => {
        let results: RestSaveResult[];
        try {
          results = await w.send(w.operation, () => w.write(pending.map((index) => w.items[index]!.record)), w.idempotent);
        } catch (error) {
          // The request's own retries are spent: never re-sent by this loop (it retries locks only).
          stopped = toRequestFailure(w, error);
          for (const index of pending) outcomes[index] = stopped;
          return;
        }
        pending.forEach((index, i) => {
          outcomes[index] = toWriteOutcome(results[i]);
        });
        pending = pending.filter((index) => isLocked(outcomes[index]!));
        if (pending.length > 0) throw (locked = new ApiError({ system: 'salesforce', code: 'UNABLE_TO_LOCK_ROW', message: `${pending.length} records were locked`, status: 409, transient: true }));
      },
      { idempotent: true },
    );
  } catch (error) {
    if (error !== locked) throw error;
    // Still locked after the retries: nothing was written to them; try them again later.
    for (const index of pending) {
      const outcome = outcomes[index]!;
      if (!outcome.ok) outcomes[index] = { ok: false, error: { ...outcome.error, disposition: 'refusedForNow' } };
    }
  }
  return stopped;
}

function isLocked(outcome: WriteOutcome): boolean {
  return !outcome.ok && outcome.error.code === 'UNABLE_TO_LOCK_ROW';
}

/** A failed collection request → its records' outcome; configuration problems and the rest are thrown. */
function toRequestFailure(w: CollectionWrite, error: unknown): Extract<WriteOutcome, { ok: false }> {
  const mapped = fromSalesforceError(error);
  const problem = toConfigurationProblem(mapped, w.operation);
  if (problem) throw problem;
  const failure = toWriteFailure(mapped, { idempotent: w.idempotent });
  if (!failure) throw mapped;
  return { ok: false, error: failure };
}

/**
 * A whole request refused for its shape (a field the org lacks, a value of the wrong JSON type):
 * the configuration's doing, so every request like it fails the same way.
 */
export function toConfigurationProblem(error: ApiError, operation: string): ConfigurationProblemError | undefined {
  if (error.status !== 400 || !CONFIGURATION_CODES.has(error.code)) return undefined;
  const fields = readRejectedFields(error);
  const named = fields.length > 0 ? ` (field ${fields.join(', ')})` : '';
  return new ConfigurationProblemError({ system: 'salesforce', code: 'SALESFORCE_CONFIGURATION_REJECTED', message: `Salesforce refused ${operation}${named}: ${error.message}`, fields, cause: error });
}

/** The fields Salesforce named: the error entries' `fields`, or the column its message quotes. */
function readRejectedFields(error: ApiError): string[] {
  const data = (error.cause as { data?: unknown } | undefined)?.data;
  const entries = Array.isArray(data) ? data : [data];
  const listed = entries.flatMap((entry) => (Array.isArray((entry as { fields?: unknown })?.fields) ? ((entry as { fields: unknown[] }).fields.filter((f) => typeof f === 'string') as string[]) : []));
  if (listed.length > 0) return [...new Set(listed)];
  const quoted = /No such column '([^']+)'|field name provided,? ([A-Za-z0-9_]+)/i.exec(error.message);
  return quoted ? [(quoted[1] ?? quoted[2])!] : [];
}
