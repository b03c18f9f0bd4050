/**
 * Jira Cloud's admin webhooks (`/rest/webhooks/1.0/webhook`): the only kind Jira signs with a shared
 * secret (`X-Hub-Signature`), so the kind casebridge registers. Jira never shows a secret again
 * once saved, so casebridge names its webhook with a short fingerprint of the secret (an HMAC of a
 * fixed text, which reveals nothing usable about the secret): `doctor` can then tell a webhook
 * registered with another secret from the right one.
 */
import { createHmac } from 'node:crypto';
import type { Version3Client } from 'jira.js';
import { fromJiraError } from './errors.js';

const ADMIN_WEBHOOKS = '/rest/webhooks/1.0/webhook';
/** The filter key of the JQL filter on issue events in the admin webhook API. */
export const JQL_FILTER_KEY = 'issue-related-events-section';
/** The events casebridge acts on (issue and comment changes). */
export const CASEBRIDGE_WEBHOOK_EVENTS = ['jira:issue_created', 'jira:issue_updated', 'comment_created', 'comment_updated'] as const;

export interface AdminWebhook {
  /** Numeric id from the `self` link. */
  id: string;
  name: string;
  url: string;
  events: string[];
  jqlFilter: string;
  enabled: boolean;
}

/** 8 hex characters identifying a secret without revealing it. */
export function secretFingerprint(secret: string): string {
  return createHmac('sha256', secret).update('casebridge webhook secret fingerprint').digest('hex').slice(0, 8);
}

/** The name casebridge registers its webhook under; it carries the secret's fingerprint. */
export function casebridgeWebhookName(secret: string): string {
  return `casebridge (secret ${secretFingerprint(secret)})`;
}

/** The fingerprint in a webhook name casebridge gave, if any. */
export function fingerprintInName(name: string): string | undefined {
  return /^casebridge \(secret ([0-9a-f]{8})\)$/.exec(name)?.[1];
}

function toAdminWebhook(raw: Record<string, unknown>): AdminWebhook {
  const self = typeof raw['self'] === 'string' ? raw['self'] : '';
  const filters = (typeof raw['filters'] === 'object' && raw['filters'] !== null ? raw['filters'] : {}) as Record<string, unknown>;
  return {
    id: /\/(\d+)$/.exec(self)?.[1] ?? '',
    name: String(raw['name'] ?? ''),
    url: String(raw['url'] ?? ''),
    events: Array.isArray(raw['events']) ? raw['events'].map(String) : [],
    jqlFilter: typeof filters[JQL_FILTER_KEY] === 'string' ? (filters[JQL_FILTER_KEY] as string) : '',
    enabled: raw['enabled'] !== false,
  };
}

async function call<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw fromJiraError(error);
  }
}

/** Every admin webhook of the site (needs the Administer Jira permission). */
export async function listAdminWebhooks(client: Version3Client): Promise<AdminWebhook[]> {
  const raw = await call(() => client.sendRequest<unknown>({ url: ADMIN_WEBHOOKS, method: 'GET' }, undefined as never));
  return (Array.isArray(raw) ? raw : []).map((w) => toAdminWebhook(w as Record<string, unknown>));
}

export async function registerAdminWebhook(client: Version3Client, webhook: { name: string; url: string; events: readonly string[]; jqlFilter: string; secret: string }): Promise<AdminWebhook> {
  const raw = await call(() =>
    client.sendRequest<Record<string, unknown>>(
      {
        url: ADMIN_WEBHOOKS,
        method: 'POST',
        data: { name: webhook.name, url: webhook.url, events: [...webhook.events], filters: { [JQL_FILTER_KEY]: webhook.jqlFilter }, excludeBody: false, secret: webhook.secret },
      },
      undefined as never,
    ),
  );
  return toAdminWebhook(raw);
}

export async function deleteAdminWebhook(client: Version3Client, id: string): Promise<void> {
  await call(() => client.sendRequest<unknown>({ url: `${ADMIN_WEBHOOKS}/${encodeURIComponent(id)}`, method: 'DELETE' }, undefined as never));
}
