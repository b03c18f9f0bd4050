import type { Router } from 'express';
import { JiraApiError } from '../jira-errors.js';
import { renderField, renderIssueType, renderPriority, renderProject, renderStatus, renderStatusCategory, renderUser, renderVersion } from '../render-catalog.js';
import { formatJiraDateTime } from '../time-format.js';
import { type JiraRouteContext, apiUserId, pathParam, queryInt, queryParam } from './route-context.js';
import { mountFieldRoutes } from './field-routes.js';
import { mountVersionRoutes } from './version-routes.js';

/** Site metadata: who am I, server info, projects (and new versions), statuses, priorities, issue types, fields, users. */
export function mountMetaRoutes(router: Router, context: JiraRouteContext): void {
  const { store } = context;
  const requireProject = (idOrKey: string) => {
    const project = store.findProject(idOrKey);
    if (!project) throw new JiraApiError(404, [`No project could be found with key '${idOrKey}'.`]);
    return project;
  };

  router.get('/rest/api/3/myself', (_req, res) => {
    const user = store.findUser(apiUserId(context));
    res.json(user ? { ...renderUser(store, user), groups: { size: 1, items: [] }, applicationRoles: { size: 1, items: [] }, expand: 'groups,applicationRoles' } : {});
  });

  router.get('/rest/api/3/serverInfo', (_req, res) => {
    const now = context.nowMs();
    res.json({
      baseUrl: store.baseUrl().replace(/\/$/, ''),
      displayUrl: store.baseUrl().replace(/\/$/, ''),
      version: '1001.0.0-SNAPSHOT',
      versionNumbers: [1001, 0, 0],
      deploymentType: 'Cloud',
      buildNumber: 100_290,
      buildDate: '2026-11-20T00:00:00.000+0000',
      serverTime: formatJiraDateTime(now),
      serverTimeZone: 'Etc/UTC',
      scmInfo: 'casebridge-sandbox',
      serverTitle: 'Jira (casebridge sandbox)',
    });
  });

  router.get('/rest/api/3/project', (_req, res) => {
    res.json(store.catalog.projects.map((p) => renderProject(store, p)));
  });

  router.get('/rest/api/3/project/search', (req, res) => {
    const startAt = Math.max(0, queryInt(req, 'startAt', 0));
    const maxResults = Math.min(100, Math.max(1, queryInt(req, 'maxResults', 50)));
    const query = queryParam(req, 'query')?.toLowerCase();
    const keys = queryParam(req, 'keys')
      ?.split(',')
      .map((k) => k.trim().toUpperCase());
    const matching = store.catalog.projects.filter((p) => (!query || p.key.toLowerCase().includes(query) || p.name.toLowerCase().includes(query)) && (!keys || keys.includes(p.key)));
    const page = matching.slice(startAt, startAt + maxResults);
    res.json({
      self: store.apiUrl(`project/search?startAt=${startAt}&maxResults=${maxResults}`),
      maxResults,
      startAt,
      total: matching.length,
      isLast: startAt + page.length >= matching.length,
      values: page.map((p) => renderProject(store, p)),
    });
  });

  router.get('/rest/api/3/project/:projectIdOrKey', (req, res) => {
    res.json(renderProject(store, requireProject(pathParam(req, 'projectIdOrKey'))));
  });

  router.get('/rest/api/3/project/:projectIdOrKey/versions', (req, res) => {
    const project = requireProject(pathParam(req, 'projectIdOrKey'));
    res.json(project.versions.map((v) => renderVersion(store, project, v)));
  });

  router.get('/rest/api/3/project/:projectIdOrKey/components', (req, res) => {
    const project = requireProject(pathParam(req, 'projectIdOrKey'));
    res.json(project.components.map((c) => ({ self: store.apiUrl(`component/${c.id}`), id: c.id, name: c.name, project: project.key, projectId: Number(project.id) })));
  });

  router.get('/rest/api/3/project/:projectIdOrKey/statuses', (req, res) => {
    const project = requireProject(pathParam(req, 'projectIdOrKey'));
    res.json(
      project.issueTypeIds.flatMap((typeId) => {
        const type = store.findIssueType(typeId);
        const workflow = project.workflowByIssueTypeId[typeId];
        if (!type || !workflow) return [];
        const statusIds = new Set([workflow.initialStatusId, ...workflow.transitions.flatMap((t) => [...t.fromStatusIds, t.toStatusId])]);
        return [
          {
            self: store.apiUrl(`issuetype/${type.id}`),
            id: type.id,
            name: type.name,
            subtask: type.subtask,
            statuses: [...statusIds].flatMap((id) => {
              const s = store.findStatus(id);
              return s ? [renderStatus(store, s)] : [];
            }),
          },
        ];
      }),
    );
  });

  router.get('/rest/api/3/status', (_req, res) => res.json(store.catalog.statuses.map((s) => renderStatus(store, s))));
  router.get('/rest/api/3/statuscategory', (_req, res) => res.json((['new', 'indeterminate', 'done'] as const).map((k) => renderStatusCategory(store, k))));
  router.get('/rest/api/3/priority', (_req, res) => res.json(store.catalog.priorities.map((p) => renderPriority(store, p))));
  router.get('/rest/api/3/issuetype', (_req, res) => res.json(store.catalog.issueTypes.map((t) => renderIssueType(store, t))));
  router.get('/rest/api/3/field', (_req, res) => res.json(store.catalog.fields.map(renderField)));
  mountFieldRoutes(router, context);
  mountVersionRoutes(router, context);
  router.get('/rest/api/3/resolution', (_req, res) => res.json(store.catalog.resolutions.map((r) => ({ self: store.apiUrl(`resolution/${r.id}`), ...r }))));
  router.get('/rest/api/3/issueLinkType', (_req, res) => {
    res.json({ issueLinkTypes: store.catalog.linkTypes.map((t) => ({ ...t, self: store.apiUrl(`issueLinkType/${t.id}`) })) });
  });

  router.get('/rest/api/3/user', (req, res) => {
    const user = store.findUser(queryParam(req, 'accountId') ?? '');
    if (!user) throw new JiraApiError(404, [`Specified user does not exist or you do not have required permissions`]);
    res.json(renderUser(store, user));
  });

  const searchUsers = (projectKey: string | undefined, query: string | undefined, startAt: number, maxResults: number) => {
    const project = projectKey === undefined ? undefined : requireProject(projectKey);
    const needle = query?.toLowerCase();
    return store.catalog.users
      .filter((u) => u.accountId !== store.catalog.apiUserAccountId || !project)
      .filter((u) => !project || u.assignableIn.includes(project.key))
      .filter((u) => !needle || u.displayName.toLowerCase().includes(needle) || u.emailAddress.toLowerCase().startsWith(needle) || u.accountId === query)
      .slice(startAt, startAt + maxResults)
      .map((u) => renderUser(store, u));
  };
  router.get('/rest/api/3/user/search', (req, res) => {
    res.json(searchUsers(undefined, queryParam(req, 'query') ?? queryParam(req, 'accountId'), queryInt(req, 'startAt', 0), queryInt(req, 'maxResults', 50)));
  });
  router.get('/rest/api/3/user/assignable/search', (req, res) => {
    const projectKey = queryParam(req, 'project');
    const issue = queryParam(req, 'issueKey');
    const fromIssue = issue === undefined ? undefined : store.findIssue(issue);
    const key = projectKey ?? (fromIssue ? store.projectOf(fromIssue).key : undefined);
    if (key === undefined) throw new JiraApiError(400, ['One of the following parameters must be provided: project, issueKey, issueId.']);
    res.json(searchUsers(key, queryParam(req, 'query') ?? queryParam(req, 'accountId'), queryInt(req, 'startAt', 0), queryInt(req, 'maxResults', 50)));
  });
}
