import type { Router } from 'express';
import { JiraApiError, badRequest, issueNotFound } from '../jira-errors.js';
import type { StoredIssue, StoredRemoteLink } from '../model.js';
import { type JiraRouteContext, apiUserId, pathParam, queryParam, requireIssue } from './route-context.js';

/** Issue property values are limited to 32 KB in Jira Cloud. */
const PROPERTY_VALUE_LIMIT_BYTES = 32_768;

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Remote links (with `globalId` upsert), issue properties and issue links. */
export function mountLinkRoutes(router: Router, context: JiraRouteContext): void {
  const { store, issues } = context;
  const renderRemoteLink = (issue: StoredIssue, link: StoredRemoteLink) => ({
    id: link.id,
    self: store.apiUrl(`issue/${issue.key}/remotelink/${link.id}`),
    ...(link.globalId !== null ? { globalId: link.globalId } : {}),
    ...(link.application ? { application: link.application } : {}),
    ...(link.relationship !== null ? { relationship: link.relationship } : {}),
    object: link.object,
  });

  router.get('/rest/api/3/issue/:issueIdOrKey/remotelink', (req, res) => {
    const issue = requireIssue(context, req);
    const globalId = queryParam(req, 'globalId');
    if (globalId === undefined) {
      res.json(issue.remoteLinks.map((l) => renderRemoteLink(issue, l)));
      return;
    }
    const link = issue.remoteLinks.find((l) => l.globalId === globalId);
    if (!link) throw new JiraApiError(404, ['No remote link found with the given global id.']);
    res.json(renderRemoteLink(issue, link));
  });

  router.get('/rest/api/3/issue/:issueIdOrKey/remotelink/:linkId', (req, res) => {
    const issue = requireIssue(context, req);
    const link = issue.remoteLinks.find((l) => String(l.id) === pathParam(req, 'linkId'));
    if (!link) throw new JiraApiError(404, ['No remote link with the given id exists on this issue.']);
    res.json(renderRemoteLink(issue, link));
  });

  router.post('/rest/api/3/issue/:issueIdOrKey/remotelink', (req, res) => {
    const issue = requireIssue(context, req);
    const body = asRecord(req.body) ?? {};
    const object = asRecord(body['object']);
    const errors: Record<string, string> = {};
    if (!object || typeof object['url'] !== 'string' || object['url'] === '') errors['url'] = "'url' is required.";
    if (!object || typeof object['title'] !== 'string' || object['title'] === '') errors['title'] = "'title' is required.";
    if (Object.keys(errors).length > 0 || !object) throw new JiraApiError(400, [], errors);
    const globalId = typeof body['globalId'] === 'string' && body['globalId'] !== '' ? body['globalId'] : null;
    const fields = {
      globalId,
      application: asRecord(body['application']) ?? null,
      relationship: typeof body['relationship'] === 'string' ? body['relationship'] : null,
      object,
    };
    const existing = globalId === null ? undefined : issue.remoteLinks.find((l) => l.globalId === globalId);
    if (existing) {
      Object.assign(existing, fields);
      res.status(200).json({ id: existing.id, self: store.apiUrl(`issue/${issue.key}/remotelink/${existing.id}`) });
      return;
    }
    const link: StoredRemoteLink = { id: store.allocateId('remotelink'), ...fields };
    issue.remoteLinks.push(link);
    res.status(201).json({ id: link.id, self: store.apiUrl(`issue/${issue.key}/remotelink/${link.id}`) });
  });

  router.delete('/rest/api/3/issue/:issueIdOrKey/remotelink', (req, res) => {
    const issue = requireIssue(context, req);
    const globalId = queryParam(req, 'globalId');
    if (globalId === undefined) throw badRequest("The 'globalId' parameter is required.");
    const before = issue.remoteLinks.length;
    issue.remoteLinks = issue.remoteLinks.filter((l) => l.globalId !== globalId);
    if (issue.remoteLinks.length === before) throw new JiraApiError(404, ['No remote link found with the given global id.']);
    res.status(204).end();
  });

  router.get('/rest/api/3/issue/:issueIdOrKey/properties', (req, res) => {
    const issue = requireIssue(context, req);
    res.json({ keys: [...issue.properties.keys()].map((key) => ({ key, self: store.apiUrl(`issue/${issue.id}/properties/${encodeURIComponent(key)}`) })) });
  });

  router.get('/rest/api/3/issue/:issueIdOrKey/properties/:propertyKey', (req, res) => {
    const issue = requireIssue(context, req);
    const key = pathParam(req, 'propertyKey');
    if (!issue.properties.has(key)) throw new JiraApiError(404, [`The property with key '${key}' does not exist.`]);
    res.json({ key, value: issue.properties.get(key) });
  });

  router.put('/rest/api/3/issue/:issueIdOrKey/properties/:propertyKey', (req, res) => {
    const issue = requireIssue(context, req);
    const key = pathParam(req, 'propertyKey');
    if (key.length > 255) throw badRequest('The property key cannot be longer than 255 characters.');
    if (req.body === undefined) throw badRequest('The property value must be a valid JSON document.');
    if (Buffer.byteLength(JSON.stringify(req.body), 'utf8') > PROPERTY_VALUE_LIMIT_BYTES) {
      throw badRequest(`The property '${key}' exceeds the size limit of ${PROPERTY_VALUE_LIMIT_BYTES} bytes.`);
    }
    const existed = issue.properties.has(key);
    issue.properties.set(key, req.body);
    res.status(existed ? 200 : 201).end();
  });

  router.delete('/rest/api/3/issue/:issueIdOrKey/properties/:propertyKey', (req, res) => {
    const issue = requireIssue(context, req);
    const key = pathParam(req, 'propertyKey');
    if (!issue.properties.delete(key)) throw new JiraApiError(404, [`The property with key '${key}' does not exist.`]);
    res.status(204).end();
  });

  router.post('/rest/api/3/issueLink', (req, res) => {
    const body = asRecord(req.body) ?? {};
    const typeRef = asRecord(body['type']);
    const type = store.catalog.linkTypes.find((t) => t.id === typeRef?.['id'] || t.name === typeRef?.['name']);
    if (!type) throw new JiraApiError(404, [`No issue link type with name '${String(typeRef?.['name'] ?? typeRef?.['id'] ?? '')}' found.`]);
    const find = (ref: unknown): StoredIssue => {
      const record = asRecord(ref);
      const issue = store.findIssue(String(record?.['key'] ?? record?.['id'] ?? ''));
      if (!issue) throw issueNotFound();
      return issue;
    };
    const inward = find(body['inwardIssue']);
    const outward = find(body['outwardIssue']);
    const link = { id: String(store.allocateId('issuelink')), typeId: type.id, inwardIssueId: inward.id, outwardIssueId: outward.id };
    store.links.push(link);
    const describe = (issue: StoredIssue, phrase: string, other: StoredIssue) =>
      issues.recordHistory(
        issue,
        apiUserId(context),
        [
          {
            field: 'Link',
            fieldtype: 'jira',
            fieldId: 'issuelinks',
            from: null,
            fromString: null,
            to: other.key,
            toString: `This issue ${phrase} ${other.key}`,
          },
        ],
        'issue_updated',
      );
    describe(outward, type.outward, inward);
    describe(inward, type.inward, outward);
    const comment = asRecord(body['comment']);
    if (comment) context.comments.addComment(inward, comment, apiUserId(context));
    res.status(201).end();
  });

  router.get('/rest/api/3/issueLink/:linkId', (req, res) => {
    const link = store.links.find((l) => l.id === pathParam(req, 'linkId'));
    const type = link ? store.catalog.linkTypes.find((t) => t.id === link.typeId) : undefined;
    if (!link || !type) throw new JiraApiError(404, ['No issue link with the given id exists.']);
    const brief = (id: string) => {
      const issue = store.issues.get(id);
      return issue ? { id: issue.id, key: issue.key, self: store.apiUrl(`issue/${issue.id}`) } : { id };
    };
    res.json({
      id: link.id,
      self: store.apiUrl(`issueLink/${link.id}`),
      type: { ...type, self: store.apiUrl(`issueLinkType/${type.id}`) },
      inwardIssue: brief(link.inwardIssueId),
      outwardIssue: brief(link.outwardIssueId),
    });
  });
}
