/**
 * WHERE clauses. soql-parser-js gives a right-leaning chain with parenthesis counts on each
 * condition; we flatten it to tokens and re-parse (NOT binds tightest; AND and OR may not be mixed
 * on one level, as in SOQL), then compile each condition (condition.ts) to a predicate over stored
 * records.
 */
import type { Query, WhereClause } from 'soql-parser-js';
import type { SfObjectDef } from '../schema.js';
import type { SfRecord, SfValue } from '../validate.js';
import { sfError } from '../errors.js';
import type { RecordLookup } from './paths.js';
import { compileCondition, type RawCondition } from './condition.js';

/** A compiled filter. */
export type RowPredicate = (row: SfRecord) => boolean;

/** What compiling a condition needs: the store for paths, the clock for date literals, sub-selects. */
export interface WhereContext {
  lookup: RecordLookup;
  nowMs: number;
  /** Runs a semi-join sub-select and returns the values of its single column. */
  runSubquery: (query: Query) => SfValue[];
}

type Token = '(' | ')' | 'AND' | 'OR' | 'NOT' | RawCondition;

function flatten(clause: WhereClause | undefined, out: Token[]): void {
  if (!clause) return;
  const left = clause.left as RawCondition | null;
  if (left) {
    for (let i = 0; i < (left.openParen ?? 0); i++) out.push('(');
    if (left.field !== undefined || left.fn !== undefined) out.push(left);
    for (let i = 0; i < (left.closeParen ?? 0); i++) out.push(')');
  }
  if ('operator' in clause && clause.operator) out.push(clause.operator as 'AND' | 'OR' | 'NOT');
  if ('right' in clause) flatten(clause.right, out);
}

/** Compiles a WHERE clause of a query on `def`. */
export function compileWhere(clause: WhereClause, def: SfObjectDef, context: WhereContext): RowPredicate {
  const tokens: Token[] = [];
  flatten(clause, tokens);
  let position = 0;
  const malformed = (): Error => sfError(400, 'MALFORMED_QUERY', 'unexpected token in WHERE clause');
  // SOQL has no precedence between AND and OR: mixing them on one level without parentheses is a
  // syntax error, so each level is a run of one operator only.
  const parseLevel = (): RowPredicate => {
    const parts = [parseUnary()];
    let operator: 'AND' | 'OR' | undefined;
    for (let token = tokens[position]; token === 'AND' || token === 'OR'; token = tokens[position]) {
      if (operator && operator !== token) {
        throw sfError(400, 'MALFORMED_QUERY', `unexpected token: '${token}' (use parentheses when mixing AND and OR)`);
      }
      operator = token;
      position++;
      parts.push(parseUnary());
    }
    if (parts.length === 1) return parts[0] as RowPredicate;
    return operator === 'OR' ? (row) => parts.some((p) => p(row)) : (row) => parts.every((p) => p(row));
  };
  const parseUnary = (): RowPredicate => {
    const token = tokens[position++];
    if (token === 'NOT') {
      const inner = parseUnary();
      return (row) => !inner(row);
    }
    if (token === '(') {
      const inner = parseLevel();
      if (tokens[position++] !== ')') throw malformed();
      return inner;
    }
    if (token === undefined || typeof token === 'string') throw malformed();
    return compileCondition(token, def, context);
  };
  const predicate = parseLevel();
  if (position !== tokens.length) throw malformed();
  return predicate;
}
