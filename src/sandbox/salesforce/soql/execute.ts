/**
 * Runs a SOQL text against the in-memory org: parse (soql-parser-js), resolve every name against the
 * schema, filter, sort, slice, and project rows into the JSON shape the REST query resource returns.
 * This file parses the text and picks the candidate records; compile.ts resolves the names and
 * rows.ts filters, sorts, slices and projects.
 */
import { createRequire } from 'node:module';
import type { Query } from 'soql-parser-js';
import type { SfObjectDef } from '../schema.js';
import { sfError } from '../errors.js';
import type { SfRecord } from '../validate.js';
import { compileQuery } from './compile.js';
import type { RecordLookup } from './paths.js';
import { escapeRawLineBreaks } from './literals.js';
import { projectRow, selectRows } from './rows.js';

// soql-parser-js ships CommonJS whose named exports Node's ESM loader cannot see, and its default
// export differs between loaders; require() gives the same module object everywhere.
const soqlParser = createRequire(import.meta.url)('soql-parser-js') as typeof import('soql-parser-js');

/** What a query runs against. */
export interface QuerySource extends RecordLookup {
  list(sObject: string, includeDeleted: boolean): SfRecord[];
}

/** Options of one query run. */
export interface RunQueryOptions {
  source: QuerySource;
  nowMs: number;
  /** queryAll: include soft-deleted rows. */
  includeDeleted: boolean;
  /** e.g. `62.0`, for record attribute URLs. */
  apiVersion: string;
}

/** A JSON record of a query result. */
export type QueryRecord = Record<string, unknown>;

/** The full (unpaged) result of a query. */
export interface QueryOutcome {
  totalSize: number;
  records: QueryRecord[];
}

/** Parses and runs a query; throws SfRequestError (MALFORMED_QUERY, INVALID_FIELD, INVALID_TYPE, …). */
export function runSoqlQuery(text: string, options: RunQueryOptions): QueryOutcome {
  const query = parseSoql(text);
  const compiled = compileQuery(query, options);
  const rows = selectRows(compiled, candidatesOf(parsedWhereIds(query), compiled.def, options), options.source);
  if (compiled.isCount) return { totalSize: rows.length, records: [] };
  return { totalSize: rows.length, records: rows.map((row) => projectRow(compiled, row, options)) };
}

/**
 * The ids of a WHERE that starts with `Id IN (...)` or `Id = '...'` followed only by ANDs: such a
 * query can only return those records, so they are looked up instead of scanning the table (the
 * sync reads cases by id; a scan made every read cost the size of the org). The whole WHERE still
 * filters them.
 */
function parsedWhereIds(query: Query): string[] | undefined {
  const where = query.where as { left?: Record<string, unknown>; operator?: string } | undefined;
  const left = where?.left;
  if (!left || left.openParen || left.logicalPrefix || (where.operator !== undefined && where.operator !== 'AND')) return undefined;
  if (typeof left.field !== 'string' || left.field.toLowerCase() !== 'id' || left.literalType !== 'STRING') return undefined;
  const values = left.operator === 'IN' ? left.value : left.operator === '=' ? [left.value] : undefined;
  if (!Array.isArray(values)) return undefined;
  return values.map((v) => String(v).replace(/^'|'$/g, ''));
}

function candidatesOf(ids: string[] | undefined, def: SfObjectDef, options: RunQueryOptions): SfRecord[] {
  if (!ids) return options.source.list(def.name, options.includeDeleted);
  const found = new Map<unknown, SfRecord>();
  for (const id of ids) {
    const record = options.source.get(def.name, id);
    if (record && (options.includeDeleted || record.IsDeleted !== true)) found.set(record.Id, record);
  }
  return [...found.values()];
}

function parseSoql(text: string): Query {
  try {
    return soqlParser.parseQuery(escapeRawLineBreaks(text));
  } catch (error) {
    const detail = error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
    throw sfError(400, 'MALFORMED_QUERY', `\n${text}\n^\nERROR at Row:1:Column:1\n${detail}`);
  }
}
