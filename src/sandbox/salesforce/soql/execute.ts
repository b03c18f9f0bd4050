/**
 * Runs a SOQL text against the in-memory org: parse (soql-parser-js), resolve every name against the
 * schema, filter, sort, slice, and project rows into the JSON shape the REST query resource returns.
 */
import { createRequire } from 'node:module';
import type { FieldType, OrderByClause, Query } from 'soql-parser-js';
import { findSObject, isLongTextArea, type SfObjectDef } from '../schema.js';
import { sfError } from '../errors.js';
import { formatSalesforceDateTime } from '../datetime.js';
import type { SfRecord, SfValue } from '../validate.js';
import { readPath, resolveFieldPath, type FieldPath, type RecordLookup } from './paths.js';
import { compileWhere, type RowPredicate } from './where.js';
import { escapeRawLineBreaks } from './literals.js';

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

/** The largest OFFSET Salesforce allows. */
const MAX_OFFSET = 2000;

type Column =
  | { kind: 'path'; path: FieldPath }
  | { kind: 'children'; relationshipName: string; child: CompiledQuery; parentField: string };

interface CompiledQuery {
  def: SfObjectDef;
  isCount: boolean;
  columns: Column[];
  where?: RowPredicate;
  order: { path: FieldPath; descending: boolean; nullsLast: boolean }[];
  limit?: number;
  offset?: number;
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

function compileQuery(query: Query, options: RunQueryOptions): CompiledQuery {
  const def = query.sObject ? findSObject(query.sObject) : undefined;
  if (!def) {
    throw sfError(
      400,
      'INVALID_TYPE',
      `sObject type '${query.sObject ?? ''}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
    );
  }
  if (query.groupBy || query.having) throw sfError(400, 'MALFORMED_QUERY', 'GROUP BY and HAVING are not supported by the casebridge sandbox');
  const fields = query.fields ?? [];
  const isCount = fields.length === 1 && fields[0]?.type === 'FieldFunctionExpression' && fields[0].functionName.toUpperCase() === 'COUNT' && fields[0].parameters?.length === 0;
  const columns = isCount ? [] : fields.flatMap((field) => compileColumns(field, def, options, query.limit));
  const where = query.where
    ? compileWhere(query.where, def, {
        lookup: options.source,
        nowMs: options.nowMs,
        runSubquery: (sub) => runSemiJoin(sub, options),
      })
    : undefined;
  if (query.offset !== undefined && query.offset > MAX_OFFSET) {
    throw sfError(400, 'NUMBER_OUTSIDE_VALID_RANGE', `Maximum SOQL offset allowed is ${MAX_OFFSET}`);
  }
  return {
    def, isCount, columns, where,
    order: (query.orderBy ? toOrderList(query.orderBy) : []).map((clause) => {
      if (!('field' in clause)) throw sfError(400, 'MALFORMED_QUERY', 'ORDER BY on functions is not supported by the casebridge sandbox');
      const descending = clause.order === 'DESC';
      const path = resolveFieldPath(def, clause.field);
      if (isLongTextArea(path.field)) throw sfError(400, 'INVALID_FIELD', `field '${path.field.name}' can not be sorted in a query call`);
      return { path, descending, nullsLast: clause.nulls ? clause.nulls === 'LAST' : descending };
    }),
    limit: query.limit,
    offset: query.offset,
  };
}

function toOrderList(orderBy: OrderByClause | OrderByClause[]): OrderByClause[] {
  return Array.isArray(orderBy) ? orderBy : [orderBy];
}

/** Columns of one SELECT item; FIELDS(ALL|STANDARD|CUSTOM) expands to several. */
function compileColumns(field: FieldType, def: SfObjectDef, options: RunQueryOptions, limit: number | undefined): Column[] {
  if (field.type === 'FieldFunctionExpression' && field.functionName.toUpperCase() === 'FIELDS') {
    const kind = String(field.parameters?.[0] ?? '').toUpperCase();
    if (!['ALL', 'STANDARD', 'CUSTOM'].includes(kind)) throw sfError(400, 'MALFORMED_QUERY', `FIELDS(${kind}) is not valid; use ALL, STANDARD or CUSTOM`);
    // Salesforce only allows the unbounded forms with a LIMIT of at most 200.
    if (kind !== 'STANDARD' && (limit === undefined || limit > 200)) {
      throw sfError(400, 'MALFORMED_QUERY', `The SOQL FIELDS function must have a LIMIT of at most 200`);
    }
    return def.fields
      .filter((f) => kind === 'ALL' || (kind === 'CUSTOM') === f.custom)
      .map((f) => ({ kind: 'path', path: resolveFieldPath(def, f.name) }));
  }
  return [compileColumn(field, def, options)];
}

function compileColumn(field: FieldType, def: SfObjectDef, options: RunQueryOptions): Column {
  switch (field.type) {
    case 'Field':
      return { kind: 'path', path: resolveFieldPath(def, field.field) };
    case 'FieldRelationship':
      return { kind: 'path', path: resolveFieldPath(def, [...field.relationships, field.field].join('.')) };
    case 'FieldSubquery': {
      const name = field.subquery.relationshipName.toLowerCase();
      const relation = def.children.find((c) => c.relationshipName.toLowerCase() === name);
      if (!relation) {
        throw sfError(400, 'INVALID_TYPE', `Didn't understand relationship '${field.subquery.relationshipName}' in FROM part of query call.`);
      }
      const child = compileQuery({ ...field.subquery, sObject: relation.childSObject } as Query, options);
      return { kind: 'children', relationshipName: relation.relationshipName, child, parentField: relation.field };
    }
    default:
      throw sfError(400, 'MALFORMED_QUERY', `${field.type} in SELECT is not supported by the casebridge sandbox`);
  }
}

function runSemiJoin(query: Query, options: RunQueryOptions): SfValue[] {
  const compiled = compileQuery(query, options);
  const column = compiled.columns[0];
  if (compiled.columns.length !== 1 || column?.kind !== 'path') {
    throw sfError(400, 'MALFORMED_QUERY', 'a semi-join sub-select must select exactly one field');
  }
  return selectRows(compiled, options.source.list(compiled.def.name, false), options.source).map((row) => readPath(row, column.path, options.source));
}

function selectRows(compiled: CompiledQuery, candidates: SfRecord[], lookup: RecordLookup): SfRecord[] {
  const rows = compiled.where ? candidates.filter(compiled.where) : [...candidates];
  if (compiled.order.length > 0) rows.sort((a, b) => compareRows(compiled, lookup, a, b));
  const start = compiled.offset ?? 0;
  return rows.slice(start, compiled.limit === undefined ? undefined : start + compiled.limit);
}

function compareRows(compiled: CompiledQuery, lookup: RecordLookup, a: SfRecord, b: SfRecord): number {
  for (const key of compiled.order) {
    const left = readPath(a, key.path, lookup);
    const right = readPath(b, key.path, lookup);
    if (left === right) continue;
    if (left === null || right === null) return (left === null) === key.nullsLast ? 1 : -1;
    let diff: number;
    if (typeof left === 'string' && typeof right === 'string') diff = left.toLowerCase().localeCompare(right.toLowerCase());
    else diff = Number(left) - Number(right);
    if (diff !== 0) return key.descending ? -diff : diff;
  }
  return 0;
}

function toJsonValue(value: SfValue, path: FieldPath): unknown {
  if (path.field.type === 'datetime' && typeof value === 'number') return formatSalesforceDateTime(value);
  return value;
}

function attributesOf(type: string, id: unknown, apiVersion: string): { type: string; url: string } {
  return { type, url: `/services/data/v${apiVersion}/sobjects/${type}/${String(id)}` };
}

function projectRow(compiled: CompiledQuery, row: SfRecord, options: RunQueryOptions): QueryRecord {
  const out: QueryRecord = { attributes: attributesOf(compiled.def.name, row.Id, options.apiVersion) };
  for (const column of compiled.columns) {
    if (column.kind === 'children') {
      const children = options.source.list(column.child.def.name, options.includeDeleted).filter((c) => c[column.parentField] === row.Id);
      const selected = selectRows(column.child, children, options.source);
      out[column.relationshipName] = selected.length === 0
        ? null
        : { totalSize: selected.length, done: true, records: selected.map((c) => projectRow(column.child, c, options)) };
      continue;
    }
    placePathValue(out, row, column.path, options);
  }
  return out;
}

/** Writes a (possibly nested) path value into a result record: `Account: { attributes, Name }`. */
function placePathValue(out: QueryRecord, row: SfRecord, path: FieldPath, options: RunQueryOptions): void {
  let target = out;
  let current: SfRecord | undefined = row;
  for (const [depth, hop] of path.hops.entries()) {
    const name = path.names[depth] as string;
    const id: SfValue | undefined = current?.[hop.field.name];
    current = typeof id === 'string' ? options.source.get(hop.target.name, id) : undefined;
    if (!current) {
      if (!(name in target)) target[name] = null;
      return;
    }
    const existing = target[name];
    const nested: QueryRecord = existing && typeof existing === 'object'
      ? (existing as QueryRecord)
      : { attributes: attributesOf(hop.target.name, current.Id, options.apiVersion) };
    target[name] = nested;
    target = nested;
  }
  target[path.field.name] = toJsonValue(current?.[path.field.name] ?? null, path);
}
