/**
 * Compiles a JQL query for the Jira sandbox's searches and webhook filters: the WHERE predicate
 * (jql-predicates.ts), the ORDER BY comparator, and the issue ids a `key in (...)` restriction
 * allows, so a search can look them up instead of scanning.
 */
import { JiraApiError } from '../jira-errors.js';
import type { StoredIssue } from '../model.js';
import type { JiraStore } from '../store.js';
import { type JqlFieldSpec, buildJqlFields, resolveIssueReference } from './jql-fields.js';
import { type JqlClause, parseJql } from './jql-parser.js';
import { type ProblemList, compileClause, operandItems } from './jql-predicates.js';

/** A validated JQL query ready to run against stored issues. */
export interface CompiledJql {
  matches(issue: StoredIssue): boolean;
  compare(a: StoredIssue, b: StoredIssue): number;
  /** False for queries with no search restriction (e.g. only ORDER BY). */
  bounded: boolean;
  /**
   * Issue ids the query can only match, when it is `key in (...)` / `key = ...` alone or ANDed with
   * other clauses: a search looks these up instead of scanning every issue (`matches` still decides).
   */
  candidateIds?: string[];
}

export interface JqlContext {
  nowMs: number;
  /** Account id `currentUser()` stands for. */
  currentUserId: string;
  /** IANA zone absolute date literals are read in (the searching user's profile zone). Default UTC. */
  timeZone?: string;
}

/** Parses and validates JQL against the site; anything outside the subset throws a 400 JiraApiError. */
export function compileJql(store: JiraStore, jql: string, context: JqlContext): CompiledJql {
  const query = parseJql(jql);
  const fields = buildJqlFields(store);
  const problems: ProblemList = [];
  const predicate = query.where ? compileClause(store, query.where, context, fields, problems) : () => true;
  const sorts = query.orderBy.flatMap((sort) => {
    const spec = fields.get(sort.field.toLowerCase());
    if (!spec) {
      problems.push(`Field '${sort.field}' does not exist or you do not have permission to view it.`);
      return [];
    }
    const sortKey = spec.sortKey;
    if (!sortKey) {
      problems.push(`Field '${sort.field}' does not support sorting in the sandbox JQL subset.`);
      return [];
    }
    return [{ sortKey, sign: sort.direction === 'asc' ? 1 : -1 }];
  });
  if (problems.length > 0) throw new JiraApiError(400, problems);
  // Without ORDER BY, Jira's order is unspecified; newest issues first keeps pages stable.
  const tieBreak = (a: StoredIssue, b: StoredIssue): number => Number(b.id) - Number(a.id);
  const candidateIds = query.where ? keyCandidates(store, query.where, fields) : undefined;
  return {
    bounded: query.where !== null,
    ...(candidateIds ? { candidateIds } : {}),
    matches: predicate,
    compare: (a, b) => {
      for (const { sortKey, sign } of sorts) {
        const left = sortKey(a);
        const right = sortKey(b);
        if (left < right) return -sign;
        if (left > right) return sign;
      }
      return sorts.length > 0 ? Number(a.id) - Number(b.id) : tieBreak(a, b);
    },
  };
}

/** The issue ids a `key in (...)` restriction at the top (alone or in an AND) allows; undefined otherwise. */
function keyCandidates(store: JiraStore, where: JqlClause, fields: Map<string, JqlFieldSpec>): string[] | undefined {
  const clauses = where.kind === 'and' ? where.clauses : [where];
  for (const clause of clauses) {
    // The issue's own key or id only (`parent` is a key field too, but names another issue).
    if (clause.kind !== 'compare' || fields.get(clause.field.toLowerCase())?.displayName !== 'key') continue;
    if (clause.operator !== 'in' && clause.operator !== '=') continue;
    const items = operandItems(clause.operand);
    if (items.some((item) => item.kind !== 'value')) continue;
    try {
      return items.map((item) => resolveIssueReference(store, (item as { text: string }).text, 'key'));
    } catch {
      // An unknown key: the full compile reports it.
      return undefined;
    }
  }
  return undefined;
}
