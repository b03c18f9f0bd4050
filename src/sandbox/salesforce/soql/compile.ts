/**
 * A parsed SOQL query resolved against the schema once, before any row is read: its sObject, the
 * columns it selects (FIELDS() expanded, child sub-queries compiled in turn), its WHERE as a
 * predicate, its ORDER BY as field paths, and its LIMIT and OFFSET checked. Apart from execute.ts
 * because every name error of a query is raised here, and rows.ts runs the result.
 */
import type { FieldType, OrderByClause, Query } from 'soql-parser-js';
import { findSObject, isLongTextArea, type SfObjectDef } from '../schema.js';
import { sfError } from '../errors.js';
import type { SfValue } from '../validate.js';
import type { RunQueryOptions } from './execute.js';
import { readPath, resolveFieldPath, type FieldPath } from './paths.js';
import { selectRows } from './rows.js';
import { compileWhere, type RowPredicate } from './where.js';

/** The largest OFFSET Salesforce allows. */
const MAX_OFFSET = 2000;

type Column = { kind: 'path'; path: FieldPath } | { kind: 'children'; relationshipName: string; child: CompiledQuery; parentField: string };

export interface CompiledQuery {
  def: SfObjectDef;
  isCount: boolean;
  columns: Column[];
  where?: RowPredicate;
  order: { path: FieldPath; descending: boolean; nullsLast: boolean }[];
  limit?: number;
  offset?: number;
}

export function compileQuery(query: Query, options: RunQueryOptions): CompiledQuery {
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
    def,
    isCount,
    columns,
    where,
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
    return def.fields.filter((f) => kind === 'ALL' || (kind === 'CUSTOM') === f.custom).map((f) => ({ kind: 'path', path: resolveFieldPath(def, f.name) }));
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
