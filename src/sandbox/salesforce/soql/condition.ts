/**
 * One WHERE condition → a predicate: the field path, the literal converted to what the field stores
 * (or a date range), and the operator (comparisons, IN / NOT IN with lists or semi-joins, LIKE).
 * Apart from where.ts, which parses the AND / OR / NOT structure the conditions sit in.
 */
import type { Query } from 'soql-parser-js';
import { isLongTextArea, type SfObjectDef } from '../schema.js';
import type { SfRecord, SfValue } from '../validate.js';
import { sfError } from '../errors.js';
import { toId18 } from '../ids.js';
import { parseSalesforceDateTime, toWholeSecond } from '../datetime.js';
import { readPath, resolveFieldPath, type FieldPath } from './paths.js';
import { compareWithRange, resolveDateLiteral, resolveDateValue, type DateRange } from './date-literals.js';
import { toLikeRegExp, unquoteSoqlString } from './literals.js';
import type { RowPredicate, WhereContext } from './where.js';

/** One condition as soql-parser-js gives it (the parenthesis counts are read by where.ts). */
export interface RawCondition {
  field?: string;
  fn?: unknown;
  operator: string;
  value?: string | string[];
  literalType?: string | string[];
  valueQuery?: Query;
  openParen?: number;
  closeParen?: number;
}

function filterTypeError(path: FieldPath, expected: string, quoted: boolean): Error {
  return sfError(400, 'INVALID_QUERY_FILTER_OPERATOR', `value of filter criterion for field '${path.field.name}' must be of type ${expected} and should ${quoted ? '' : 'not '}be enclosed in quotes`);
}

/** A literal converted to what the field stores, or a date range for day-sized literals. */
type Operand = { kind: 'value'; value: SfValue } | { kind: 'range'; range: DateRange };

function toOperand(path: FieldPath, raw: string, literalType: string, nowMs: number): Operand {
  const type = path.field.type;
  if (literalType === 'NULL') return { kind: 'value', value: null };
  if (type === 'datetime') {
    if (literalType === 'DATETIME') {
      const ms = parseSalesforceDateTime(raw);
      if (ms === undefined) throw sfError(400, 'MALFORMED_QUERY', `invalid dateTime literal: ${raw}`);
      return { kind: 'value', value: toWholeSecond(ms) };
    }
    if (literalType === 'DATE') return { kind: 'range', range: resolveDateValue(raw) };
    if (literalType === 'DATE_LITERAL' || literalType === 'DATE_N_LITERAL') return { kind: 'range', range: resolveDateLiteral(raw, nowMs) };
    throw filterTypeError(path, 'dateTime', false);
  }
  if (type === 'boolean') {
    if (literalType !== 'BOOLEAN') throw filterTypeError(path, 'boolean', false);
    return { kind: 'value', value: raw.toUpperCase() === 'TRUE' };
  }
  if (type === 'int') {
    if (literalType !== 'INTEGER' && literalType !== 'DECIMAL') throw filterTypeError(path, 'int', false);
    return { kind: 'value', value: Number(raw) };
  }
  if (literalType !== 'STRING') throw filterTypeError(path, 'string', true);
  const text = unquoteSoqlString(raw);
  if (type === 'id' || type === 'reference') {
    const id = toId18(text);
    if (!id) throw sfError(400, 'INVALID_QUERY_FILTER_OPERATOR', `invalid ID field: ${text}`);
    return { kind: 'value', value: id };
  }
  return { kind: 'value', value: text };
}

function compareValues(left: SfValue, right: SfValue): number {
  if (typeof left === 'string' && typeof right === 'string') {
    const a = left.toLowerCase();
    const b = right.toLowerCase();
    return a < b ? -1 : a > b ? 1 : 0;
  }
  return Number(left) - Number(right);
}

function isEqual(left: SfValue, right: SfValue): boolean {
  if (left === null || right === null) return left === right;
  return compareValues(left, right) === 0;
}

function testOperand(value: SfValue, operator: string, operand: Operand): boolean {
  if (operand.kind === 'range') return compareWithRange(typeof value === 'number' ? value : null, operator, operand.range);
  const target = operand.value;
  switch (operator) {
    case '=':
      return isEqual(value, target);
    case '!=':
      return !isEqual(value, target);
    case '<':
      return value !== null && target !== null && compareValues(value, target) < 0;
    case '<=':
      return value !== null && target !== null && compareValues(value, target) <= 0;
    case '>':
      return value !== null && target !== null && compareValues(value, target) > 0;
    case '>=':
      return value !== null && target !== null && compareValues(value, target) >= 0;
    default:
      throw sfError(400, 'INVALID_QUERY_FILTER_OPERATOR', `operator ${operator} is not supported on this field`);
  }
}

export function compileCondition(condition: RawCondition, def: SfObjectDef, context: WhereContext): RowPredicate {
  if (condition.field === undefined) throw sfError(400, 'MALFORMED_QUERY', 'functions in WHERE are not supported by the casebridge sandbox');
  const path = resolveFieldPath(def, condition.field);
  if (isLongTextArea(path.field)) {
    throw sfError(400, 'INVALID_FIELD', `field '${path.field.name}' can not be filtered in a query call`);
  }
  const readStored = (row: SfRecord): SfValue => readPath(row, path, context.lookup);
  // Date-times compare at whole seconds, as in a real org: `>= 10:15:30Z` matches 10:15:30.700, `>` does not.
  const read =
    path.field.type === 'datetime'
      ? (row: SfRecord): SfValue => {
          const value = readStored(row);
          return typeof value === 'number' ? toWholeSecond(value) : value;
        }
      : readStored;
  const operator = condition.operator.toUpperCase();
  if (operator === 'IN' || operator === 'NOT IN') {
    const members = condition.valueQuery
      ? context.runSubquery(condition.valueQuery).map((value) => ({ kind: 'value', value }) as Operand)
      : toList(condition.value).map((raw, i) => toOperand(path, raw, literalTypeAt(condition, i), context.nowMs));
    const negate = operator === 'NOT IN';
    return (row) => {
      const value = read(row);
      const found = members.some((m) => testOperand(value, '=', m));
      return negate ? !found : found;
    };
  }
  if (operator === 'LIKE') {
    if (!['string', 'textarea', 'picklist', 'email', 'url', 'id', 'reference'].includes(path.field.type) || typeof condition.value !== 'string') {
      throw sfError(400, 'INVALID_QUERY_FILTER_OPERATOR', `invalid operator on field ${path.field.name}: LIKE`);
    }
    const pattern = toLikeRegExp(condition.value);
    return (row) => {
      const value = read(row);
      return typeof value === 'string' && pattern.test(value);
    };
  }
  if (operator === 'INCLUDES' || operator === 'EXCLUDES') {
    throw sfError(400, 'INVALID_QUERY_FILTER_OPERATOR', `${operator} is only valid on multi-select picklists`);
  }
  if (typeof condition.value !== 'string') throw sfError(400, 'MALFORMED_QUERY', `a list is only valid after IN or NOT IN`);
  const operand = toOperand(path, condition.value, literalTypeAt(condition, 0), context.nowMs);
  return (row) => testOperand(read(row), operator, operand);
}

function toList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function literalTypeAt(condition: RawCondition, index: number): string {
  const type = condition.literalType;
  return (Array.isArray(type) ? type[index] : type) ?? 'STRING';
}
