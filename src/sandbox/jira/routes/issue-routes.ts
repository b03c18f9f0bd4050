import type { Router } from 'express';
import { selectFieldIds } from '../field-selection.js';
import { JiraApiError, badRequest } from '../jira-errors.js';
import { renderTransition } from '../render-catalog.js';
import { renderHistory, renderIssue } from '../render-issue.js';
import { type JiraRouteContext, apiUserId, queryInt, queryList, queryParam, requireIssue } from './route-context.js';

/** Maximum issues in one `POST /issue/bulk`, as in Jira Cloud. */
export const BULK_CREATE_LIMIT = 50;

/** Issue create (single and bulk), read, edit, delete, assign, transitions and changelog. */
export function mountIssueRoutes(router: Router, context: JiraRouteContext): void {
  const { store, issues } = context;
  const created = (issue: { id: string; key: string }) => ({ id: issue.id, key: issue.key, self: store.apiUrl(`issue/${issue.id}`) });

  /** Creates one issue and, when the body names a `transition`, performs it and reports how it went. */
  const createOne = (body: unknown): Record<string, unknown> => {
    const issue = issues.createIssue(body, apiUserId(context));
    const transition = (body as { transition?: unknown } | undefined)?.transition;
    if (transition === undefined) return created(issue);
    try {
      issues.transitionIssue(issue, { transition }, apiUserId(context));
      return { ...created(issue), transition: { status: 200, errorCollection: { errorMessages: [], errors: {} } } };
    } catch (error) {
      if (!(error instanceof JiraApiError)) throw error;
      return { ...created(issue), transition: { status: error.status, errorCollection: { ...error.toBody(), status: error.status } } };
    }
  };

  router.post('/rest/api/3/issue', (req, res) => {
    res.status(201).json(createOne(req.body));
  });

  router.post('/rest/api/3/issue/bulk', (req, res) => {
    const updates = (req.body as { issueUpdates?: unknown } | undefined)?.issueUpdates;
    if (!Array.isArray(updates)) throw badRequest("Field 'issueUpdates' must be an array of issues to create.");
    if (updates.length > BULK_CREATE_LIMIT) {
      throw badRequest(`The number of issues to create exceeds the max allowed (${BULK_CREATE_LIMIT}).`);
    }
    const result: { issues: unknown[]; errors: unknown[] } = { issues: [], errors: [] };
    updates.forEach((update, index) => {
      try {
        result.issues.push(createOne(update));
      } catch (error) {
        if (!(error instanceof JiraApiError)) throw error;
        result.errors.push({ status: error.status, elementErrors: { ...error.toBody(), status: error.status }, failedElementNumber: index });
      }
    });
    // Jira answers 201 when at least one issue was created, 400 when every one failed.
    res.status(result.issues.length === 0 && updates.length > 0 ? 400 : 201).json(result);
  });

  router.get('/rest/api/3/issue/:issueIdOrKey', (req, res) => {
    const issue = requireIssue(context, req);
    const expand = new Set(queryList(req, 'expand') ?? []);
    const rendered = renderIssue(store, issue, {
      fieldIds: selectFieldIds(store, queryList(req, 'fields'), 'all'),
      expand,
      propertyKeys: queryList(req, 'properties') ?? [],
    });
    if (expand.has('transitions')) rendered['transitions'] = issues.listTransitions(issue).map((t) => renderTransition(store, t, false));
    res.json(rendered);
  });

  router.put('/rest/api/3/issue/:issueIdOrKey', (req, res) => {
    const issue = requireIssue(context, req);
    issues.editIssue(issue, req.body, apiUserId(context));
    if (queryParam(req, 'returnIssue') === 'true') {
      res.status(200).json(renderIssue(store, issue, { fieldIds: selectFieldIds(store, undefined, 'all'), expand: new Set(queryList(req, 'expand') ?? []) }));
      return;
    }
    res.status(204).end();
  });

  router.delete('/rest/api/3/issue/:issueIdOrKey', (req, res) => {
    const issue = requireIssue(context, req);
    const subtasks = store.subtasksOf(issue);
    if (subtasks.length > 0 && queryParam(req, 'deleteSubtasks') !== 'true') {
      throw badRequest(`The issue '${issue.key}' has subtasks. You must specify the 'deleteSubtasks' parameter to delete this issue with all its subtasks.`);
    }
    for (const doomed of [...subtasks, issue]) {
      issues.reportDeleted(doomed, apiUserId(context));
      store.removeIssue(doomed);
    }
    res.status(204).end();
  });

  router.put('/rest/api/3/issue/:issueIdOrKey/assignee', (req, res) => {
    const issue = requireIssue(context, req);
    const accountId = (req.body as { accountId?: unknown } | undefined)?.accountId;
    issues.editIssue(issue, { fields: { assignee: accountId === null || accountId === undefined ? null : { accountId } } }, apiUserId(context));
    res.status(204).end();
  });

  router.get('/rest/api/3/issue/:issueIdOrKey/transitions', (req, res) => {
    const issue = requireIssue(context, req);
    const wantedId = queryParam(req, 'transitionId');
    const withFields = (queryList(req, 'expand') ?? []).includes('transitions.fields');
    const transitions = issues.listTransitions(issue).filter((t) => wantedId === undefined || t.id === wantedId);
    res.json({ expand: 'transitions', transitions: transitions.map((t) => renderTransition(store, t, withFields)) });
  });

  router.post('/rest/api/3/issue/:issueIdOrKey/transitions', (req, res) => {
    issues.transitionIssue(requireIssue(context, req), req.body, apiUserId(context));
    res.status(204).end();
  });

  router.get('/rest/api/3/issue/:issueIdOrKey/changelog', (req, res) => {
    const issue = requireIssue(context, req);
    const startAt = Math.max(0, queryInt(req, 'startAt', 0));
    const maxResults = Math.min(100, Math.max(1, queryInt(req, 'maxResults', 100)));
    const page = issue.histories.slice(startAt, startAt + maxResults);
    const isLast = startAt + page.length >= issue.histories.length;
    res.json({
      self: store.apiUrl(`issue/${issue.key}/changelog?maxResults=${maxResults}&startAt=${startAt}`),
      ...(isLast ? {} : { nextPage: store.apiUrl(`issue/${issue.key}/changelog?maxResults=${maxResults}&startAt=${startAt + maxResults}`) }),
      maxResults,
      startAt,
      total: issue.histories.length,
      isLast,
      values: page.map((h) => renderHistory(store, h)),
    });
  });
}
