/**
 * SOQL built from structured input. Values only ever enter a query through `quoteSoqlString`,
 * `formatSoqlDateTime` or a validated id / field name, so a hostile case subject or key cannot
 * change the shape of a query.
 */
import { InvalidInputError } from '../../errors.js';

/** Salesforce ids: 15 case-sensitive or 18 case-safe alphanumerics. */
const SALESFORCE_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;
/** A field API name or relationship path (`Subject`, `Jira_Key__c`, `Account.Tier__c`). */
const FIELD_PATH = /^[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)*$/;

/** The fields every case read carries besides the ones asked for. */
export const CASE_BOOKKEEPING_FIELDS = ['Id', 'SystemModstamp', 'LastModifiedById'] as const;
export const CASE_COMMENT_FIELDS = ['Id', 'ParentId', 'CommentBody', 'IsPublished', 'CreatedDate', 'CreatedById'] as const;

/**
 * Escapes, per the SOQL quoted-string rules: backslash, both quotes, the line/tab controls, and
 * the Unicode line and paragraph separators (as `\uXXXX`), which some SOQL lexers treat as line ends.
 */
const ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/** A SOQL string literal (with its quotes) holding exactly `value`. */
export function quoteSoqlString(value: string): string {
  return `'${value.replace(/[\\'"\n\r\t\u2028\u2029]/g, (ch) => ESCAPES[ch] as string)}'`;
}

/**
 * A SOQL dateTime literal, floored to the second: SOQL documents no fractional seconds, and a
 * floor only ever widens a `>=` window (callers de-duplicate).
 */
export function formatSoqlDateTime(instant: Date): string {
  if (Number.isNaN(instant.getTime())) throw new InvalidInputError('a SOQL datetime needs a valid Date, got an invalid one');
  return `${instant.toISOString().slice(0, 19)}Z`;
}

export function isSalesforceId(value: unknown): value is string {
  return typeof value === 'string' && SALESFORCE_ID.test(value);
}

/** @throws InvalidInputError naming the first value that is not a 15/18-character id */
export function assertSalesforceIds(ids: readonly string[], what = 'case id'): void {
  const bad = ids.find((id) => !isSalesforceId(id));
  if (bad !== undefined) throw new InvalidInputError(`${what} ${JSON.stringify(bad)} is not a 15- or 18-character Salesforce id`);
}

/** @throws InvalidInputError naming the first field that is not an API name or relationship path */
export function assertFieldNames(fields: readonly string[]): void {
  const bad = fields.find((field) => !FIELD_PATH.test(field));
  if (bad !== undefined) throw new InvalidInputError(`field ${JSON.stringify(bad)} is not a Salesforce field API name (letters, digits, _ and . paths)`);
}

/** The select list: requested fields then the bookkeeping ones, each once (SOQL names are case-insensitive). */
export function buildSelectList(fields: readonly string[], extra: readonly string[] = CASE_BOOKKEEPING_FIELDS): string {
  assertFieldNames(fields);
  const seen = new Set<string>();
  const list: string[] = [];
  for (const field of [...fields, ...extra]) {
    const key = field.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    list.push(field);
  }
  return list.join(', ');
}

/** `Id IN (...)`-style list of validated ids. */
function buildIdList(ids: readonly string[], what: string): string {
  assertSalesforceIds(ids, what);
  return ids.map(quoteSoqlString).join(', ');
}

/** Cases changed at or after `since`, oldest first, ties broken by Id so paging is stable. */
/** How many cases changed since an instant: the total a backfill shows its progress against. */
export function buildChangedCasesCountQuery(since: Date): string {
  return `SELECT COUNT() FROM Case WHERE SystemModstamp >= ${formatSoqlDateTime(since)}`;
}

export function buildChangedCasesQuery(since: Date, fields: readonly string[]): string {
  return `SELECT ${buildSelectList(fields)} FROM Case WHERE SystemModstamp >= ${formatSoqlDateTime(since)} ORDER BY SystemModstamp ASC, Id ASC`;
}

/** Cases by id (callers keep `ids` to ≤200 per query). */
export function buildCasesByIdQuery(ids: readonly string[], fields: readonly string[]): string {
  if (ids.length === 0) throw new InvalidInputError('buildCasesByIdQuery needs at least one id');
  return `SELECT ${buildSelectList(fields)} FROM Case WHERE Id IN (${buildIdList(ids, 'case id')}) ORDER BY Id ASC`;
}

/**
 * Cases by id with their comments, oldest first, in one query: a parent-to-child subquery on the
 * `CaseComments` relationship (callers keep `ids` to ≤200 per query). Source: "Using Relationship
 * Queries" and "Understanding Query Results", Salesforce SOQL and SOSL Reference.
 */
export function buildCasesWithCommentsByIdQuery(ids: readonly string[], fields: readonly string[]): string {
  if (ids.length === 0) throw new InvalidInputError('buildCasesWithCommentsByIdQuery needs at least one id');
  const comments = `(SELECT ${CASE_COMMENT_FIELDS.join(', ')} FROM CaseComments ORDER BY CreatedDate ASC, Id ASC)`;
  return `SELECT ${buildSelectList(fields)}, ${comments} FROM Case WHERE Id IN (${buildIdList(ids, 'case id')}) ORDER BY Id ASC`;
}

/** Comments of these cases, oldest first. */
export function buildCommentsQuery(caseIds: readonly string[]): string {
  if (caseIds.length === 0) throw new InvalidInputError('buildCommentsQuery needs at least one case id');
  return `SELECT ${CASE_COMMENT_FIELDS.join(', ')} FROM CaseComment WHERE ParentId IN (${buildIdList(caseIds, 'case id')}) ORDER BY CreatedDate ASC, Id ASC`;
}

/** A condition `field = 'value'` with an escaped literal (for callers matching on text fields). */
export function buildEqualsCondition(field: string, value: string | number | boolean | null): string {
  assertFieldNames([field]);
  if (value === null) return `${field} = null`;
  if (typeof value === 'boolean') return `${field} = ${value ? 'TRUE' : 'FALSE'}`;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InvalidInputError(`value for ${field} must be a finite number, got ${value}`);
    return `${field} = ${value}`;
  }
  return `${field} = ${quoteSoqlString(value)}`;
}
