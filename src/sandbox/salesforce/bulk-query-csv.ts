/**
 * CSV of Bulk API 2.0 query results, as Salesforce writes it: a header row of the selected field
 * names (relationship fields dotted, `Account.Name`), then one row per record; every value is quoted,
 * a null is an empty unquoted field (Salesforce has no empty strings), date-times are UTC with a `Z`
 * (`2024-05-01T09:30:00.000Z`, not the REST `+0000` form), booleans `true`/`false`; LF line endings
 * and commas by default. Each page of results repeats the header row. Sources: emulator README.
 */
import type { QueryRecord } from './soql/execute.js';

/** Column delimiters a query job accepts (`columnDelimiter`), and the characters they stand for. */
export const COLUMN_DELIMITERS = { COMMA: ',', TAB: '\t', SEMICOLON: ';', PIPE: '|', CARET: '^', BACKQUOTE: '`' } as const;
export type ColumnDelimiter = keyof typeof COLUMN_DELIMITERS;
export type LineEnding = 'LF' | 'CRLF';

/** How one results CSV is written. */
export interface CsvFormat {
  columnDelimiter: ColumnDelimiter;
  lineEnding: LineEnding;
}

const REST_DATE_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3})\+0000$/;

/** Reads a dotted column (`Account.Name`) from a JSON query record, names compared without case. */
export function readColumn(record: QueryRecord, column: string): unknown {
  let value: unknown = record;
  for (const part of column.split('.')) {
    if (value === null || typeof value !== 'object') return null;
    const lower = part.toLowerCase();
    const key = Object.keys(value).find((k) => k.toLowerCase() === lower);
    value = key === undefined ? null : (value as Record<string, unknown>)[key];
  }
  return value ?? null;
}

/** One CSV field: null empty and unquoted, everything else quoted with inner quotes doubled. */
export function toCsvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text: string;
  if (typeof value === 'string') text = value.replace(REST_DATE_TIME, '$1Z');
  else if (typeof value === 'number' || typeof value === 'boolean') text = String(value);
  else text = JSON.stringify(value);
  return `"${text.replaceAll('"', '""')}"`;
}

/** The CSV text of one page of results: header, then the records' rows. */
export function toResultsCsv(columns: readonly string[], records: readonly QueryRecord[], format: CsvFormat): string {
  const delimiter = COLUMN_DELIMITERS[format.columnDelimiter];
  const eol = format.lineEnding === 'CRLF' ? '\r\n' : '\n';
  const header = columns.map((c) => `"${c}"`).join(delimiter);
  const rows = records.map((record) => columns.map((c) => toCsvField(readColumn(record, c))).join(delimiter));
  return [header, ...rows].join(eol) + eol;
}
