import type { Router } from 'express';
import { JiraApiError } from '../jira-errors.js';
import { compileJql } from '../jql/jql-compile.js';
import type { WebhookRegistration } from '../webhook-dispatcher.js';
import { type JiraRouteContext, apiUserId, pathParam } from './route-context.js';
import { SUPPORTED_WEBHOOK_EVENTS } from './webhook-routes.js';

const ADMIN_BASE = '/rest/webhooks/1.0/webhook';
/** The filter key Jira's admin webhook API uses for a JQL filter on issue events. */
const JQL_FILTER_KEY = 'issue-related-events-section';

/**
 * Jira Cloud's admin webhook REST API (`/rest/webhooks/1.0/webhook`): webhooks registered by a site
 * admin, optionally with a `secret`. Only these are HMAC-signed (`X-Hub-Signature`) in Jira Cloud.
 */
export function mountAdminWebhookRoutes(router: Router, context: JiraRouteContext): void {
  const { store, webhooks } = context;
  const names = new Map<number, string>();
  const render = (registration: WebhookRegistration) => ({
    self: `${store.baseUrl().replace(/\/$/, '')}${ADMIN_BASE}/${registration.id}`,
    name: names.get(registration.id) ?? `webhook ${registration.id}`,
    url: registration.url,
    events: [...registration.events],
    filters: { [JQL_FILTER_KEY]: registration.jqlFilter ?? '' },
    excludeBody: false,
    enabled: true,
    lastUpdatedUser: apiUserId(context),
    lastUpdated: registration.expirationDateMs - 30 * 86_400_000,
  });
  const findAdmin = (id: string): WebhookRegistration => {
    const registration = webhooks.list().find((w) => w.source === 'admin' && String(w.id) === id);
    if (!registration) throw new JiraApiError(404, [`No webhook with id ${id}.`]);
    return registration;
  };

  router.post(ADMIN_BASE, (req, res) => {
    const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
    const errors: Record<string, string> = {};
    if (typeof body['name'] !== 'string' || body['name'].trim() === '') errors['name'] = 'A name is required.';
    if (typeof body['url'] !== 'string' || !/^https?:\/\//.test(body['url'])) errors['url'] = 'A valid URL is required.';
    const events = Array.isArray(body['events']) ? body['events'].map(String) : [];
    const unknown = events.filter((e) => !(SUPPORTED_WEBHOOK_EVENTS as readonly string[]).includes(e));
    if (unknown.length > 0) errors['events'] = `Unsupported events: ${unknown.join(', ')}.`;
    const filters = (typeof body['filters'] === 'object' && body['filters'] !== null ? body['filters'] : {}) as Record<string, unknown>;
    const jql = typeof filters[JQL_FILTER_KEY] === 'string' ? (filters[JQL_FILTER_KEY] as string) : '';
    if (jql.trim() !== '') {
      try {
        compileJql(store, jql, { nowMs: context.nowMs(), currentUserId: apiUserId(context) });
      } catch (error) {
        errors['filters'] = error instanceof JiraApiError ? error.message : 'The JQL filter is invalid.';
      }
    }
    const secret = body['secret'];
    if (secret !== undefined && (typeof secret !== 'string' || secret === '')) errors['secret'] = 'The secret must be a non-empty string.';
    if (Object.keys(errors).length > 0) throw new JiraApiError(400, [], errors);
    const registration = webhooks.register(body['url'] as string, events, jql.trim() === '' ? null : jql, secret as string | undefined, 'admin');
    names.set(registration.id, body['name'] as string);
    res.status(201).json(render(registration));
  });

  router.get(ADMIN_BASE, (_req, res) => {
    res.json(
      webhooks
        .list()
        .filter((w) => w.source === 'admin')
        .map(render),
    );
  });

  router.get(`${ADMIN_BASE}/:webhookId`, (req, res) => {
    res.json(render(findAdmin(pathParam(req, 'webhookId'))));
  });

  router.delete(`${ADMIN_BASE}/:webhookId`, (req, res) => {
    webhooks.remove([findAdmin(pathParam(req, 'webhookId')).id]);
    res.status(204).end();
  });
}
