import type { Request, Router } from 'express';
import { JiraApiError } from '../jira-errors.js';
import type { StoredComment, StoredIssue } from '../model.js';
import { renderComment } from '../render-issue.js';
import { type JiraRouteContext, apiUserId, pathParam, queryInt, queryList, queryParam, requireIssue } from './route-context.js';

/** Issue comments: list, add, read, update, delete. */
export function mountCommentRoutes(router: Router, context: JiraRouteContext): void {
  const { store, comments } = context;
  const requireComment = (issue: StoredIssue, req: Request): StoredComment => {
    const comment = issue.comments.find((c) => c.id === pathParam(req, 'commentId'));
    if (!comment) throw new JiraApiError(404, ['Can not find a comment for the id: ' + pathParam(req, 'commentId') + '.']);
    return comment;
  };
  const withProperties = (req: Request): boolean => (queryList(req, 'expand') ?? []).includes('properties');

  router.get('/rest/api/3/issue/:issueIdOrKey/comment', (req, res) => {
    const issue = requireIssue(context, req);
    const startAt = Math.max(0, queryInt(req, 'startAt', 0));
    const maxResults = Math.min(5000, Math.max(0, queryInt(req, 'maxResults', 5000)));
    const orderBy = queryParam(req, 'orderBy');
    const ordered = [...issue.comments].sort((a, b) => (orderBy === '-created' ? b.createdMs - a.createdMs : a.createdMs - b.createdMs) || Number(a.id) - Number(b.id));
    res.json({
      startAt,
      maxResults,
      total: ordered.length,
      comments: ordered.slice(startAt, startAt + maxResults).map((c) => renderComment(store, issue, c, withProperties(req))),
    });
  });

  router.post('/rest/api/3/issue/:issueIdOrKey/comment', (req, res) => {
    const issue = requireIssue(context, req);
    const comment = comments.addComment(issue, req.body, apiUserId(context));
    res.status(201).json(renderComment(store, issue, comment, comment.properties.length > 0 || withProperties(req)));
  });

  router.get('/rest/api/3/issue/:issueIdOrKey/comment/:commentId', (req, res) => {
    const issue = requireIssue(context, req);
    res.json(renderComment(store, issue, requireComment(issue, req), withProperties(req)));
  });

  router.put('/rest/api/3/issue/:issueIdOrKey/comment/:commentId', (req, res) => {
    const issue = requireIssue(context, req);
    const comment = comments.updateComment(issue, requireComment(issue, req), req.body, apiUserId(context));
    res.json(renderComment(store, issue, comment, withProperties(req)));
  });

  router.delete('/rest/api/3/issue/:issueIdOrKey/comment/:commentId', (req, res) => {
    const issue = requireIssue(context, req);
    comments.deleteComment(issue, requireComment(issue, req), apiUserId(context));
    res.status(204).end();
  });
}
