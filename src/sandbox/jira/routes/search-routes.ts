import { createHash } from 'node:crypto';
import type { Request, Router } from 'express';
import { selectFieldIds, toTokenList } from '../field-selection.js';
import { JiraApiError, badRequest } from '../jira-errors.js';
import { compileJql } from '../jql/jql-compile.js';
import { renderIssue } from '../render-issue.js';
import { type JiraRouteContext, apiUserId } from './route-context.js';

/** Page size caps: Jira returns up to 5000 ids per page, fewer when fields are requested. */
const MAX_PAGE_IDS_ONLY = 5000;
const MAX_PAGE_WITH_FIELDS = 100;
const DEFAULT_PAGE = 50;
/** `reconcileIssues` accepts at most 50 ids (OpenAPI: SearchAndReconcileRequestBean). */
const MAX_RECONCILE_IDS = 50;

interface SearchRequest {
  jql: string;
  nextPageToken?: string;
  maxResults?: number;
  fields?: string[];
  expand: Set<string>;
  properties?: string[];
  /** Raw `reconcileIssues` tokens (ids); validated by {@link toReconcileIds}. */
  reconcileIssues: unknown[];
}

/** The ids search must read fresh. Jira takes int64 ids; the GET form comes as comma-separated text. */
function toReconcileIds(raw: unknown[]): Set<string> {
  if (raw.length > MAX_RECONCILE_IDS) {
    throw badRequest(`The 'reconcileIssues' parameter accepts at most ${MAX_RECONCILE_IDS} issue ids; ${raw.length} were given.`);
  }
  const ids = new Set<string>();
  for (const item of raw) {
    const text = typeof item === 'number' ? String(item) : typeof item === 'string' ? item.trim() : '';
    if (!/^\d+$/.test(text)) throw badRequest(`The value '${String(item)}' is invalid for the 'reconcileIssues' parameter: issue ids are numbers.`);
    ids.add(String(Number(text)));
  }
  return ids;
}

function hashJql(jql: string): string {
  return createHash('sha256').update(jql).digest('hex').slice(0, 16);
}

function encodePageToken(offset: number, jql: string): string {
  return Buffer.from(JSON.stringify({ o: offset, q: hashJql(jql) })).toString('base64url');
}

function decodePageToken(token: string, jql: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown; q?: unknown };
    if (typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0 && parsed.q === hashJql(jql)) return parsed.o;
  } catch {
    // fall through to the refusal below
  }
  throw badRequest('The provided next page token is invalid or expired.');
}

function fromQuery(req: Request): SearchRequest {
  const query = req.query as Record<string, unknown>;
  const first = (value: unknown): string | undefined => (Array.isArray(value) ? (value[0] as string | undefined) : (value as string | undefined));
  const maxResults = first(query['maxResults']);
  const nextPageToken = first(query['nextPageToken']);
  return {
    jql: first(query['jql']) ?? '',
    ...(nextPageToken !== undefined ? { nextPageToken } : {}),
    ...(maxResults !== undefined ? { maxResults: Number(maxResults) } : {}),
    ...(query['fields'] !== undefined ? { fields: toTokenList(query['fields']) ?? [] } : {}),
    expand: new Set(toTokenList(query['expand']) ?? []),
    ...(query['properties'] !== undefined ? { properties: toTokenList(query['properties']) ?? [] } : {}),
    reconcileIssues: (toTokenList(query['reconcileIssues']) ?? []).filter((token) => token.trim() !== ''),
  };
}

function fromBody(req: Request): SearchRequest {
  const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
  return {
    jql: typeof body['jql'] === 'string' ? body['jql'] : '',
    ...(typeof body['nextPageToken'] === 'string' ? { nextPageToken: body['nextPageToken'] } : {}),
    ...(body['maxResults'] !== undefined ? { maxResults: Number(body['maxResults']) } : {}),
    ...(body['fields'] !== undefined ? { fields: toTokenList(body['fields']) ?? [] } : {}),
    expand: new Set(toTokenList(body['expand']) ?? []),
    ...(body['properties'] !== undefined ? { properties: toTokenList(body['properties']) ?? [] } : {}),
    reconcileIssues: body['reconcileIssues'] === undefined || body['reconcileIssues'] === null ? [] : Array.isArray(body['reconcileIssues']) ? body['reconcileIssues'] : [body['reconcileIssues']],
  };
}

/** `/search/jql` (GET and POST) with token paging; the removed `/search` answers 410 as in Jira Cloud. */
export function mountSearchRoutes(router: Router, context: JiraRouteContext): void {
  const { store } = context;

  const search = (request: SearchRequest): Record<string, unknown> => {
    if (request.maxResults !== undefined && (!Number.isInteger(request.maxResults) || request.maxResults < 0)) {
      throw badRequest(`The value '${String(request.maxResults)}' is invalid for the 'maxResults' parameter.`);
    }
    const reconcileIds = toReconcileIds(request.reconcileIssues);
    const compiled = compileJql(store, request.jql, { nowMs: context.nowMs(), currentUserId: apiUserId(context), timeZone: store.apiUserTimeZone() });
    if (!compiled.bounded) throw badRequest('Unbounded JQL queries are not allowed here. Please add a search restriction to your query.');
    const fieldIds = selectFieldIds(store, request.fields, 'id');
    // `key` is not a field, but asking for it returns the issue envelope (id, self, key) with no fields.
    const wantsKey = (request.fields ?? []).some((token) => token.trim() === 'key');
    const idOnly = fieldIds.length === 0 && !wantsKey && request.expand.size === 0 && (request.properties ?? []).length === 0;
    const cap = fieldIds.length === 0 ? MAX_PAGE_IDS_ONLY : MAX_PAGE_WITH_FIELDS;
    // A zero page size would hand out a token that never advances; answer at least one issue.
    const pageSize = Math.max(1, Math.min(request.maxResults ?? DEFAULT_PAGE, cap));
    const offset = request.nextPageToken === undefined ? 0 : decodePageToken(request.nextPageToken, request.jql);
    const candidates = compiled.candidateIds ? context.index.searchableAmong(compiled.candidateIds, reconcileIds) : context.index.searchable(reconcileIds);
    const matching = candidates.filter(compiled.matches).sort(compiled.compare);
    const page = matching.slice(offset, offset + pageSize);
    const isLast = offset + page.length >= matching.length;
    const result: Record<string, unknown> = {
      issues: page.map((issue) => (idOnly ? { id: issue.id } : renderIssue(store, issue, { fieldIds, expand: request.expand, ...(request.properties ? { propertyKeys: request.properties } : {}) }))),
      isLast,
    };
    if (!isLast) result['nextPageToken'] = encodePageToken(offset + page.length, request.jql);
    if (request.expand.has('names')) result['names'] = Object.fromEntries(fieldIds.map((id) => [id, store.findField(id)?.name ?? id]));
    if (request.expand.has('schema')) {
      result['schema'] = Object.fromEntries(
        fieldIds.flatMap((id) => {
          const field = store.findField(id);
          return field ? [[id, { ...field.schema }]] : [];
        }),
      );
    }
    return result;
  };

  router.get('/rest/api/3/search/jql', (req, res) => {
    res.json(search(fromQuery(req)));
  });
  router.post('/rest/api/3/search/jql', (req, res) => {
    res.json(search(fromBody(req)));
  });
  router.post('/rest/api/3/search/approximate-count', (req, res) => {
    const jql = (req.body as { jql?: unknown } | undefined)?.jql;
    const compiled = compileJql(store, typeof jql === 'string' ? jql : '', { nowMs: context.nowMs(), currentUserId: apiUserId(context), timeZone: store.apiUserTimeZone() });
    res.json({ count: context.index.searchable(new Set()).filter(compiled.matches).length });
  });
  const removed = () => {
    throw new JiraApiError(410, [
      'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046',
    ]);
  };
  router.get('/rest/api/3/search', removed);
  router.post('/rest/api/3/search', removed);
}
