/**
 * Salesforce REST shapes → the sync's records, and save results → write outcomes.
 */
import type { CaseCommentRecord, CaseRecord, WriteOutcome } from '../../domain/sync/records.js';

/** A record as the query resource returns it (with `attributes`, relationships as nested objects). */
export type RestRecord = Record<string, unknown>;

/** A save result of sObject Collections (`statusCode` on the wire; jsforce's types say `errorCode`). */
export interface RestSaveResult {
  id?: string | null;
  success: boolean;
  errors?: Array<{ statusCode?: string; errorCode?: string; message?: string; fields?: string[] }>;
}

/** Reads `Account.Tier__c`-style paths; a null relationship gives null. Names are case-insensitive. */
export function readFieldPath(record: RestRecord, path: string): unknown {
  let current: unknown = record;
  for (const part of path.split('.')) {
    if (current === null || current === undefined || typeof current !== 'object') return null;
    const object = current as Record<string, unknown>;
    if (part in object) current = object[part];
    else {
      const lower = part.toLowerCase();
      const key = Object.keys(object).find((k) => k.toLowerCase() === lower);
      current = key === undefined ? null : object[key];
    }
  }
  return current ?? null;
}

/** Salesforce writes `2024-03-01T10:00:00.000+0000`; the sync keys on ISO instants with `Z`. */
export function toIsoInstant(value: unknown): string {
  if (typeof value !== 'string') return '';
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}

export function toCaseRecord(record: RestRecord, fields: readonly string[]): CaseRecord {
  const values: Record<string, unknown> = {};
  for (const field of fields) values[field] = readFieldPath(record, field);
  return {
    id: String(record.Id),
    fields: values,
    systemModstamp: toIsoInstant(record.SystemModstamp),
    lastModifiedById: String(record.LastModifiedById ?? ''),
  };
}

export function toCaseCommentRecord(record: RestRecord): CaseCommentRecord {
  return {
    id: String(record.Id),
    caseId: String(record.ParentId),
    body: typeof record.CommentBody === 'string' ? record.CommentBody : '',
    isPublished: record.IsPublished === true,
    createdAt: toIsoInstant(record.CreatedDate),
    createdById: String(record.CreatedById ?? ''),
  };
}

/** Several queries each come sorted; the merged list must be too (oldest first, ties by id). */
export function sortCaseComments(comments: CaseCommentRecord[]): CaseCommentRecord[] {
  return comments.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

/** A child relationship's result inside a parent record; Salesforce sends null when there are no children. */
interface ChildResult {
  records?: RestRecord[];
  done?: boolean;
}

/**
 * Cases read with their `CaseComments` subquery. A case whose comments did not all come in the answer
 * (`done: false`, the rest behind the child's own `nextRecordsUrl`) is named in `incomplete`: its
 * comments are to be listed apart, and none of them is returned here.
 */
export function toCasesWithComments(records: readonly RestRecord[], fields: readonly string[]): { cases: CaseRecord[]; comments: CaseCommentRecord[]; incomplete: string[] } {
  const cases: CaseRecord[] = [];
  const comments: CaseCommentRecord[] = [];
  const incomplete: string[] = [];
  for (const record of records) {
    const caseRecord = toCaseRecord(record, fields);
    cases.push(caseRecord);
    const children = readFieldPath(record, 'CaseComments') as ChildResult | null;
    if (children === null) continue;
    if (children.done === false) incomplete.push(caseRecord.id);
    else comments.push(...(children.records ?? []).map((child) => toCaseCommentRecord({ ParentId: caseRecord.id, ...child })));
  }
  return { cases, comments, incomplete };
}

export function toWriteOutcome(result: RestSaveResult | undefined): WriteOutcome {
  if (!result) return { ok: false, error: { code: 'NO_RESULT', message: 'Salesforce returned no result for this record' } };
  if (result.success && typeof result.id === 'string') return { ok: true, value: { id: result.id } };
  const first = result.errors?.[0];
  const fields = [...new Set((result.errors ?? []).flatMap((e) => e.fields ?? []))];
  return {
    ok: false,
    error: {
      code: first?.statusCode ?? first?.errorCode ?? 'UNKNOWN_ERROR',
      message:
        (result.errors ?? [])
          .map((e) => e.message ?? '')
          .filter(Boolean)
          .join('; ') || 'the record was not saved',
      ...(fields.length > 0 ? { fields } : {}),
    },
  };
}
