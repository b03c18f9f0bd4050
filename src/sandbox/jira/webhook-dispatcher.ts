import { createHmac, randomUUID } from 'node:crypto';
import { compileJql } from './jql/jql-compile.js';
import type { IssueEvent } from './model.js';
import type { JiraStore } from './store.js';
import { buildWebhookPayload } from './webhook-payload.js';

/** A webhook the emulated site will call. */
export interface WebhookRegistration {
  id: number;
  url: string;
  /** Event names (`jira:issue_created`, `comment_created`, …); empty means all. */
  events: readonly string[];
  jqlFilter: string | null;
  /** HMAC-SHA256 secret; deliveries carry `X-Hub-Signature: sha256=<hex>` when set. */
  secret: string | undefined;
  /** Dynamic webhooks expire after 30 days in Jira Cloud. */
  expirationDateMs: number;
  /** `api`: dynamic (`/rest/api/3/webhook`); `admin`: `/rest/webhooks/1.0/webhook`; `default`: setWebhookTarget. */
  source: 'api' | 'admin' | 'default';
}

export interface WebhookDispatcherOptions {
  nowMs: () => number;
  /** Waits before each retry of a failed delivery; the length is the number of retries. */
  retryDelaysMs: readonly number[];
  /** Per-attempt HTTP timeout. */
  timeoutMs: number;
}

/** Default retry schedule: Jira Cloud retries failed deliveries up to five times with growing waits. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [5_000, 30_000, 120_000, 600_000, 1_800_000];

const THIRTY_DAYS_MS = 30 * 86_400_000;

/** Statuses Jira Cloud retries a delivery on; any other answer (2xx, 400, 401, 404, …) ends it. */
const RETRIED_STATUSES = new Set([408, 409, 425, 429]);

/** Whether an answer calls for another attempt: 408, 409, 425, 429 or any 5xx. */
export function isRetriedDeliveryStatus(status: number): boolean {
  return RETRIED_STATUSES.has(status) || (status >= 500 && status <= 599);
}

/** Signature header value for a raw body: `sha256=` + hex HMAC-SHA256. */
export function signWebhookBody(rawBody: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')}`;
}

/** Keeps webhook registrations and delivers events with signatures and retries. */
export class WebhookDispatcher {
  private registrations: WebhookRegistration[] = [];
  private timers = new Set<NodeJS.Timeout>();
  private inFlight = new Set<Promise<void>>();
  private generation = 0;
  /** Delivery attempts made, for tests and the demo banner. */
  attempts = 0;

  constructor(
    private readonly store: JiraStore,
    private readonly options: WebhookDispatcherOptions,
  ) {}

  list(): readonly WebhookRegistration[] {
    return this.registrations;
  }

  register(url: string, events: readonly string[], jqlFilter: string | null, secret: string | undefined, source: WebhookRegistration['source']): WebhookRegistration {
    const registration: WebhookRegistration = {
      id: this.store.allocateId('webhook'),
      url,
      events: [...events],
      jqlFilter,
      secret,
      source,
      expirationDateMs: this.options.nowMs() + THIRTY_DAYS_MS,
    };
    this.registrations.push(registration);
    return registration;
  }

  remove(ids: readonly number[]): void {
    this.registrations = this.registrations.filter((r) => !ids.includes(r.id));
  }

  /** Replaces the default (all events) registration used by demo mode; undefined removes it. */
  setDefaultTarget(url: string | undefined, secret: string | undefined): void {
    this.registrations = this.registrations.filter((r) => r.source !== 'default');
    if (url !== undefined) this.register(url, [], null, secret, 'default');
  }

  /** Sends an event to every matching registration; never throws, never blocks the API call. */
  dispatch(event: IssueEvent): void {
    const targets = this.registrations.filter((r) => this.isInterested(r, event));
    if (targets.length === 0) return;
    const payload = buildWebhookPayload(this.store, event);
    if (!payload) return;
    const rawBody = JSON.stringify(payload);
    for (const target of targets) this.attempt(target, rawBody, randomUUID(), 0, this.generation);
  }

  /** Resolves once no delivery is in flight or waiting for a retry. */
  async whenIdle(): Promise<void> {
    while (this.inFlight.size > 0 || this.timers.size > 0) {
      await Promise.race([...this.inFlight, new Promise((resolve) => setTimeout(resolve, 10))]);
    }
  }

  /** Drops registrations and pending retries (on reset). */
  reset(): void {
    this.cancelRetries();
    this.registrations = [];
  }

  cancelRetries(): void {
    this.generation += 1;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private isInterested(registration: WebhookRegistration, event: IssueEvent): boolean {
    if (registration.events.length > 0 && !registration.events.includes(event.webhookEvent)) return false;
    if (registration.jqlFilter === null || registration.jqlFilter.trim() === '') return true;
    const issue = this.store.issues.get(event.issueId);
    if (!issue) return false;
    try {
      return compileJql(this.store, registration.jqlFilter, { nowMs: this.options.nowMs(), currentUserId: event.actorId, timeZone: this.store.apiUserTimeZone() }).matches(issue);
    } catch {
      return false;
    }
  }

  private attempt(target: WebhookRegistration, rawBody: string, deliveryId: string, retry: number, generation: number): void {
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'Atlassian Webhook HTTP Client (casebridge sandbox)',
      'x-atlassian-webhook-identifier': deliveryId,
    };
    if (retry > 0) headers['x-atlassian-webhook-retry'] = String(retry);
    if (target.secret) headers['x-hub-signature'] = signWebhookBody(rawBody, target.secret);
    this.attempts += 1;
    const delivery = fetch(target.url, { method: 'POST', headers, body: rawBody, signal: AbortSignal.timeout(this.options.timeoutMs) })
      .then(async (response) => {
        await response.arrayBuffer().catch(() => undefined);
        return isRetriedDeliveryStatus(response.status);
      })
      // A connection failure or a timeout is retried, as in Jira Cloud.
      .catch(() => true)
      .then((retried) => {
        this.inFlight.delete(delivery);
        const delayMs = this.options.retryDelaysMs[retry];
        if (!retried || delayMs === undefined || generation !== this.generation) return;
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          if (generation === this.generation) this.attempt(target, rawBody, deliveryId, retry + 1, generation);
        }, delayMs);
        this.timers.add(timer);
      });
    this.inFlight.add(delivery);
  }
}
