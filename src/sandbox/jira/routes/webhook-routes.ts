import type { Router } from 'express';
import { JiraApiError } from '../jira-errors.js';
import { compileJql } from '../jql/jql-compile.js';
import { type JiraRouteContext, apiUserId, queryInt } from './route-context.js';

/** Events the emulator can deliver. */
export const SUPPORTED_WEBHOOK_EVENTS = ['jira:issue_created', 'jira:issue_updated', 'jira:issue_deleted', 'comment_created', 'comment_updated', 'comment_deleted'] as const;

/** Jira Cloud's dynamic webhook API (for apps): register, list, delete, refresh. */
export function mountWebhookRoutes(router: Router, context: JiraRouteContext): void {
  const { store, webhooks } = context;

  router.post('/rest/api/3/webhook', (req, res) => {
    const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
    const url = body['url'];
    const details = body['webhooks'];
    if (typeof url !== 'string' || !/^https?:\/\//.test(url)) throw new JiraApiError(400, [], { url: 'A valid URL is required.' });
    if (!Array.isArray(details) || details.length === 0) throw new JiraApiError(400, [], { webhooks: 'At least one webhook is required.' });
    const webhookRegistrationResult = details.map((detail) => {
      const record = (typeof detail === 'object' && detail !== null ? detail : {}) as Record<string, unknown>;
      const events = Array.isArray(record['events']) ? record['events'].map(String) : [];
      const jqlFilter = typeof record['jqlFilter'] === 'string' ? record['jqlFilter'] : '';
      const errors: string[] = [];
      if (events.length === 0) errors.push('At least one event is required.');
      for (const event of events) {
        if (!(SUPPORTED_WEBHOOK_EVENTS as readonly string[]).includes(event)) errors.push(`Event '${event}' is not supported.`);
      }
      if (jqlFilter.trim() === '') errors.push('The JQL filter is required.');
      else {
        try {
          compileJql(store, jqlFilter, { nowMs: context.nowMs(), currentUserId: apiUserId(context) });
        } catch (error) {
          errors.push(error instanceof JiraApiError ? error.message : 'The JQL filter is invalid.');
        }
      }
      if (errors.length > 0) return { errors };
      // Jira Cloud authenticates dynamic (app) webhooks with a JWT, not an HMAC secret, so these go unsigned.
      return { createdWebhookId: webhooks.register(url, events, jqlFilter, undefined, 'api').id };
    });
    res.json({ webhookRegistrationResult });
  });

  router.get('/rest/api/3/webhook', (req, res) => {
    const startAt = Math.max(0, queryInt(req, 'startAt', 0));
    const maxResults = Math.min(100, Math.max(1, queryInt(req, 'maxResults', 100)));
    const registered = webhooks.list().filter((w) => w.source === 'api');
    const page = registered.slice(startAt, startAt + maxResults);
    res.json({
      startAt,
      maxResults,
      total: registered.length,
      isLast: startAt + page.length >= registered.length,
      values: page.map((w) => ({ id: w.id, url: w.url, events: [...w.events], jqlFilter: w.jqlFilter ?? '', expirationDate: w.expirationDateMs })),
    });
  });

  router.delete('/rest/api/3/webhook', (req, res) => {
    const ids = (req.body as { webhookIds?: unknown } | undefined)?.webhookIds;
    if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'number')) {
      throw new JiraApiError(400, [], { webhookIds: 'A list of webhook ids is required.' });
    }
    webhooks.remove(ids as number[]);
    res.status(202).end();
  });

  router.put('/rest/api/3/webhook/refresh', (req, res) => {
    const ids = (req.body as { webhookIds?: unknown } | undefined)?.webhookIds;
    if (!Array.isArray(ids)) throw new JiraApiError(400, [], { webhookIds: 'A list of webhook ids is required.' });
    const expirationDate = context.nowMs() + 30 * 86_400_000;
    for (const registration of webhooks.list()) {
      if (ids.includes(registration.id)) registration.expirationDateMs = expirationDate;
    }
    res.json({ expirationDate });
  });
}
