import type { Request } from 'express';
import type { CommentService } from '../comment-service.js';
import { issueNotFound } from '../jira-errors.js';
import type { IssueService } from '../issue-service.js';
import type { StoredIssue } from '../model.js';
import type { SearchIndex } from '../search-index.js';
import type { JiraStore } from '../store.js';
import type { WebhookDispatcher } from '../webhook-dispatcher.js';

/** What every route module needs. API calls act as the integration user. */
export interface JiraRouteContext {
  store: JiraStore;
  issues: IssueService;
  comments: CommentService;
  webhooks: WebhookDispatcher;
  /** What `/search/jql` reads (lags behind writes when configured). */
  index: SearchIndex;
  nowMs: () => number;
}

/** A path parameter as a string (express 5 types them as string | string[]). */
export function pathParam(req: Request, name: string): string {
  const value = (req.params as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? value.join('/') : (value ?? '');
}

/** A query parameter's first value. */
export function queryParam(req: Request, name: string): string | undefined {
  const value = (req.query as Record<string, unknown>)[name];
  if (Array.isArray(value)) return value.length > 0 ? String(value[0]) : undefined;
  return value === undefined ? undefined : String(value);
}

/** A query parameter's values, split on commas (for `fields`, `expand`, `properties`). */
export function queryList(req: Request, name: string): string[] | undefined {
  const value = (req.query as Record<string, unknown>)[name];
  if (value === undefined) return undefined;
  const values = Array.isArray(value) ? value.map(String) : [String(value)];
  return values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

export function queryInt(req: Request, name: string, fallback: number): number {
  const raw = queryParam(req, name);
  const parsed = raw === undefined ? NaN : Number.parseInt(raw, 10);
  return Number.isFinite(parsed) ? parsed : fallback;
}

export function requireIssue(context: JiraRouteContext, req: Request): StoredIssue {
  const issue = context.store.findIssue(pathParam(req, 'issueIdOrKey'));
  if (!issue) throw issueNotFound();
  return issue;
}

/** The account the request acts as. */
export function apiUserId(context: JiraRouteContext): string {
  return context.store.catalog.apiUserAccountId;
}
