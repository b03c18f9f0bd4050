/**
 * PagerDuty Events API v2: `POST {eventsUrl}/v2/enqueue` with a routing key (the service's Events
 * API v2 integration key), an event action and our dedup_key (the incident key), so one PagerDuty
 * incident follows one casebridge incident through trigger, acknowledge and resolve. 202 is
 * accepted; 400 (invalid event) is final; 429 and 5xx are transient. The routing key is a secret:
 * it never appears in an error message or a log line.
 */
import { CasebridgeError } from '../../errors.js';

export type PagerDutyAction = 'trigger' | 'acknowledge' | 'resolve';

export interface PagerDutyEvent {
  routingKey: string;
  action: PagerDutyAction;
  dedupKey: string;
  /** Trigger only: what the page says (≤ 1024 characters), where and how bad. */
  summary?: string;
  source?: string;
  severity?: 'critical' | 'error' | 'warning' | 'info';
  customDetails?: Record<string, unknown>;
  links?: Array<{ href: string; text: string }>;
}

/** A refused or failed event; `transient` ones (429, 5xx, no answer) are worth sending again. */
export class PagerDutyError extends CasebridgeError {
  override name = 'PagerDutyError';
  readonly status: number;
  readonly transient: boolean;
  readonly retryAfterMs: number | undefined;
  constructor(options: { code: string; message: string; status: number; transient: boolean; retryAfterMs?: number; cause?: unknown }) {
    super(options.code, options.message, { cause: options.cause });
    this.status = options.status;
    this.transient = options.transient;
    this.retryAfterMs = options.retryAfterMs;
  }
}

export interface PagerDutyEvents {
  send(event: PagerDutyEvent): Promise<{ dedupKey: string }>;
}

const SUMMARY_LIMIT = 1024;

export function createPagerDutyEvents(options: { eventsUrl: string; timeoutMs?: number }): PagerDutyEvents {
  const endpoint = `${options.eventsUrl.replace(/\/$/, '')}/v2/enqueue`;
  return {
    async send(event) {
      const body = {
        routing_key: event.routingKey,
        event_action: event.action,
        dedup_key: event.dedupKey,
        ...(event.action === 'trigger'
          ? {
              payload: {
                summary: (event.summary ?? event.dedupKey).slice(0, SUMMARY_LIMIT),
                source: event.source ?? 'casebridge',
                severity: event.severity ?? 'critical',
                custom_details: event.customDetails ?? {},
              },
              links: event.links ?? [],
              client: 'casebridge',
            }
          : {}),
      };
      let response: Response;
      try {
        response = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
      } catch (error) {
        throw new PagerDutyError({ code: 'PAGERDUTY_UNREACHABLE', message: `PagerDuty Events API did not answer (${(error as Error).message})`, status: 0, transient: true, cause: error });
      }
      const text = await response.text().catch(() => '');
      if (response.status === 202) {
        const json = safeJson(text);
        return { dedupKey: typeof json?.dedup_key === 'string' ? json.dedup_key : event.dedupKey };
      }
      const json = safeJson(text);
      const errors = Array.isArray(json?.errors) ? (json.errors as unknown[]).map(String).join('; ') : String(json?.message ?? text.slice(0, 200));
      const retryAfterSeconds = Number(response.headers.get('retry-after'));
      throw new PagerDutyError({
        code: response.status === 400 ? 'PAGERDUTY_INVALID_EVENT' : response.status === 429 ? 'PAGERDUTY_THROTTLED' : 'PAGERDUTY_FAILED',
        // The routing key is never echoed: PagerDuty's messages name the field, not its value.
        message: `PagerDuty refused the ${event.action} of ${event.dedupKey} with HTTP ${response.status}: ${errors}`,
        status: response.status,
        transient: response.status === 429 || response.status >= 500,
        ...(Number.isFinite(retryAfterSeconds) && retryAfterSeconds > 0 ? { retryAfterMs: retryAfterSeconds * 1000 } : {}),
      });
    },
  };
}

function safeJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
