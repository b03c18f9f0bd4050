/**
 * A JQL WHERE clause → a predicate over stored issues: AND/OR/NOT, each field comparison checked
 * against the field's operators and values, and every problem collected so the 400 lists them all
 * as Jira does. Apart from jql-compile.ts, which assembles the whole query (ORDER BY, key lookups).
 */
import { JiraApiError } from '../jira-errors.js';
import type { StoredIssue } from '../model.js';
import type { JiraStore } from '../store.js';
import { parseJqlDate } from '../time-format.js';
import type { JqlContext } from './jql-compile.js';
import { EMPTY_VALUE, type JqlFieldSpec, resolveIssueReference } from './jql-fields.js';
import { jqlError } from './jql-lexer.js';
import type { JqlClause, JqlOperand } from './jql-parser.js';

type Predicate = (issue: StoredIssue) => boolean;

const DATE_FORMAT_HINT = "Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.";

export function operandItems(operand: JqlOperand): JqlOperand[] {
  return operand.kind === 'list' ? operand.items : [operand];
}

/** Validation problems found so far; Jira reports every one of them, not just the first. */
export type ProblemList = string[];

/** Runs a validation step, recording a Jira 400 as a problem instead of stopping. */
function collectProblems<T>(problems: ProblemList, fallback: T, step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (!(error instanceof JiraApiError)) throw error;
    problems.push(...error.errorMessages);
    return fallback;
  }
}

function resolveLiteral(store: JiraStore, spec: JqlFieldSpec, operand: JqlOperand, context: JqlContext): string[] {
  if (operand.kind === 'function') {
    if (operand.name.toLowerCase() === 'currentuser' && (spec.displayName === 'assignee' || spec.displayName === 'reporter')) {
      return [context.currentUserId];
    }
    throw jqlError(`Function '${operand.name}' is not supported by the sandbox JQL subset for field '${spec.displayName}'.`);
  }
  if (operand.kind !== 'value') throw jqlError(`The operator does not support the value given for field '${spec.displayName}'.`);
  if (spec.kind === 'key') return [resolveIssueReference(store, operand.text, spec.displayName)];
  if (spec.kind === 'multi') return [operand.text.toLowerCase()];
  return spec.resolve ? spec.resolve(operand.text) : [operand.text];
}

function compileDate(spec: JqlFieldSpec, operator: string, operand: JqlOperand, context: JqlContext): Predicate {
  if (operand.kind !== 'value') {
    throw jqlError(
      operand.kind === 'function'
        ? `Function '${operand.name}' is not supported by the sandbox JQL subset for field '${spec.displayName}'.`
        : `The operator '${operator}' is not supported by the '${spec.displayName}' field.`,
    );
  }
  const boundaryMs = parseJqlDate(operand.text, context.nowMs, context.timeZone);
  if (boundaryMs === undefined) {
    throw jqlError(`Date value '${operand.text}' for field '${spec.displayName}' is invalid. ${DATE_FORMAT_HINT}`);
  }
  const read = (issue: StoredIssue): number => spec.read(issue) as number;
  switch (operator) {
    case '=':
      return (issue) => read(issue) === boundaryMs;
    case '!=':
      return (issue) => read(issue) !== boundaryMs;
    case '>':
      return (issue) => read(issue) > boundaryMs;
    case '>=':
      return (issue) => read(issue) >= boundaryMs;
    case '<':
      return (issue) => read(issue) < boundaryMs;
    default:
      return (issue) => read(issue) <= boundaryMs;
  }
}

function compileComparison(store: JiraStore, clause: Extract<JqlClause, { kind: 'compare' }>, context: JqlContext, fields: Map<string, JqlFieldSpec>, problems: ProblemList): Predicate {
  const spec = fields.get(clause.field.toLowerCase());
  if (!spec) {
    const known = store.findFieldByClause(clause.field);
    throw jqlError(known ? `Field '${clause.field}' is not supported by the sandbox JQL subset.` : `Field '${clause.field}' does not exist or you do not have permission to view it.`);
  }
  const { operator, operand } = clause;
  if (!spec.operators.includes(operator)) {
    throw jqlError(`The operator '${operator.toUpperCase()}' is not supported by the '${spec.displayName}' field.`);
  }
  if (spec.kind === 'date') return compileDate(spec, operator, operand, context);
  const isEmptyOperand = operand.kind === 'empty';
  if (operator === 'is' || operator === 'is not') {
    if (!isEmptyOperand) throw jqlError(`The operator '${operator.toUpperCase()}' only supports EMPTY or NULL for field '${spec.displayName}'.`);
    const wantEmpty = operator === 'is';
    return (issue) => ((spec.read(issue) as string[]).length === 0) === wantEmpty;
  }
  if (isEmptyOperand || operandItems(operand).some((item) => item.kind === 'empty')) {
    throw jqlError(`The operator '${operator.toUpperCase()}' does not support EMPTY; use IS or IS NOT for field '${spec.displayName}'.`);
  }
  if ((operator === '=' || operator === '!=') && operand.kind === 'list') {
    throw jqlError(`The operator '${operator}' does not support the list value for field '${spec.displayName}'.`);
  }
  const wanted = new Set(operandItems(operand).flatMap((item) => collectProblems(problems, [], () => resolveLiteral(store, spec, item, context))));
  const readNormalised = (issue: StoredIssue): string[] => {
    const values = spec.read(issue) as string[];
    return spec.kind === 'multi' ? values.map((v) => v.toLowerCase()) : values;
  };
  if (operator === '=' || operator === 'in') {
    return (issue) => {
      const values = readNormalised(issue);
      return values.length === 0 ? wanted.has(EMPTY_VALUE) : values.some((v) => wanted.has(v));
    };
  }
  // As in Jira, negative clauses never match issues where the field is empty ("labels != x" skips unlabelled issues).
  return (issue) => {
    const values = readNormalised(issue);
    return values.length > 0 && !values.some((v) => wanted.has(v));
  };
}

export function compileClause(store: JiraStore, clause: JqlClause, context: JqlContext, fields: Map<string, JqlFieldSpec>, problems: ProblemList): Predicate {
  switch (clause.kind) {
    case 'and': {
      const parts = clause.clauses.map((c) => compileClause(store, c, context, fields, problems));
      return (issue) => parts.every((p) => p(issue));
    }
    case 'or': {
      const parts = clause.clauses.map((c) => compileClause(store, c, context, fields, problems));
      return (issue) => parts.some((p) => p(issue));
    }
    case 'not': {
      const inner = compileClause(store, clause.clause, context, fields, problems);
      return (issue) => !inner(issue);
    }
    default:
      return collectProblems<Predicate>(
        problems,
        () => false,
        () => compileComparison(store, clause, context, fields, problems),
      );
  }
}
