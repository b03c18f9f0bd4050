/**
 * Issue watchers as Jira Cloud REST v3 serves them (shared/specs jira-cloud-platform-v3.openapi.json,
 * `/rest/api/3/issue/{issueIdOrKey}/watchers`): POST takes the accountId as a JSON string body and
 * answers 204 with no body (no body at all: the calling user); an account the site does not know,
 * like an unknown issue, is 404; any other body is 400; adding a watcher twice is still one watcher.
 * GET answers `Watchers` (self, isWatching, watchCount, watchers as UserDetails). DELETE takes
 * `accountId` in the query and answers 204.
 */
import type { Router } from 'express';
import { JiraApiError } from '../jira-errors.js';
import { renderUserDetails } from '../render-catalog.js';
import { type JiraRouteContext, apiUserId, queryParam, requireIssue } from './route-context.js';

export function mountWatcherRoutes(router: Router, context: JiraRouteContext): void {
  const { store } = context;
  const requireUser = (accountId: string) => {
    const user = store.findUser(accountId);
    if (!user) throw new JiraApiError(404, [`The user with account ID '${accountId}' does not exist.`]);
    return user;
  };

  router.get('/rest/api/3/issue/:issueIdOrKey/watchers', (req, res) => {
    const issue = requireIssue(context, req);
    const watchers = [...issue.watchers].map((id) => store.findUser(id)).filter((u) => u !== undefined);
    res.json({
      self: store.apiUrl(`issue/${issue.key}/watchers`),
      isWatching: issue.watchers.has(apiUserId(context)),
      watchCount: watchers.length,
      watchers: watchers.map((u) => {
        const { self, accountId, displayName, active, accountType } = renderUserDetails(store, u);
        return { self, accountId, displayName, active, accountType };
      }),
    });
  });

  router.post('/rest/api/3/issue/:issueIdOrKey/watchers', (req, res) => {
    const issue = requireIssue(context, req);
    const body: unknown = req.body;
    // express.json gives {} for an empty body: the caller watches, as Jira does without a user.
    const noBody = body === undefined || (typeof body === 'object' && body !== null && !Array.isArray(body) && Object.keys(body).length === 0);
    if (!noBody && (typeof body !== 'string' || body === '')) throw new JiraApiError(400, ['The request body must be the account ID of the user, as a JSON string.']);
    const accountId = noBody ? apiUserId(context) : (body as string);
    requireUser(accountId);
    issue.watchers.add(accountId);
    res.status(204).end();
  });

  router.delete('/rest/api/3/issue/:issueIdOrKey/watchers', (req, res) => {
    const issue = requireIssue(context, req);
    const accountId = queryParam(req, 'accountId');
    if (!accountId) throw new JiraApiError(400, ['An accountId must be given.']);
    requireUser(accountId);
    issue.watchers.delete(accountId);
    res.status(204).end();
  });
}
