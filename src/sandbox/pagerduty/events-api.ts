/**
 * Validation of an Events API v2 alert event (`POST /v2/enqueue`) as PagerDuty does it: a 32
 * character alphanumeric `routing_key`, `event_action` trigger | acknowledge | resolve, a `dedup_key`
 * of at most 255 characters (required for acknowledge and resolve), and for trigger a `payload` with
 * `summary` (≤ 1024), `source` and `severity` (critical | error | warning | info). Every error is
 * listed, as PagerDuty's 400 `{ status: "invalid event", message: "Event object is invalid", errors }` does.
 */
export type EventAction = 'trigger' | 'acknowledge' | 'resolve';

export interface AlertEvent {
  routingKey: string;
  action: EventAction;
  dedupKey: string | undefined;
  summary: string | undefined;
  source: string | undefined;
  severity: string | undefined;
  customDetails: Record<string, unknown> | undefined;
}

const SEVERITIES = ['critical', 'error', 'warning', 'info'];
const ACTIONS: readonly EventAction[] = ['trigger', 'acknowledge', 'resolve'];

export function validateAlertEvent(body: unknown): { ok: true; event: AlertEvent } | { ok: false; errors: string[] } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, errors: ['Event object must be a JSON object'] };
  const b = body as Record<string, unknown>;
  const errors: string[] = [];
  const routingKey = typeof b.routing_key === 'string' ? b.routing_key : '';
  if (!routingKey) errors.push("'routing_key' is missing or blank");
  else {
    if (routingKey.length !== 32) errors.push("Length of 'routing_key' is incorrect (should be 32 characters)");
    if (!/^[A-Za-z0-9]+$/.test(routingKey)) errors.push("'routing_key' cannot contain non-alphanumeric characters.");
  }
  const action = ACTIONS.find((a) => a === b.event_action);
  if (!action) errors.push("'event_action' is invalid (must be one of: trigger, acknowledge, resolve)");
  const dedupKey = typeof b.dedup_key === 'string' && b.dedup_key !== '' ? b.dedup_key : undefined;
  if (b.dedup_key !== undefined && typeof b.dedup_key !== 'string') errors.push("'dedup_key' must be a string");
  if (dedupKey && dedupKey.length > 255) errors.push("'dedup_key' is too long (maximum is 255 characters)");
  if (action && action !== 'trigger' && !dedupKey) errors.push(`'dedup_key' is required for ${action} events`);
  const payload = typeof b.payload === 'object' && b.payload !== null ? (b.payload as Record<string, unknown>) : undefined;
  if (action === 'trigger') {
    if (!payload) errors.push("'payload' is missing");
    else {
      if (typeof payload.summary !== 'string' || payload.summary === '') errors.push("'payload.summary' is missing or blank");
      else if (payload.summary.length > 1024) errors.push("'summary' is too long (maximum is 1024 characters)");
      if (typeof payload.source !== 'string' || payload.source === '') errors.push("'payload.source' is missing or blank");
      if (!SEVERITIES.includes(String(payload.severity))) errors.push("'payload.severity' is invalid (must be one of: critical, error, warning, info)");
    }
  }
  if (errors.length > 0 || !action) return { ok: false, errors };
  return {
    ok: true,
    event: {
      routingKey,
      action,
      dedupKey,
      summary: payload?.summary as string | undefined,
      source: payload?.source as string | undefined,
      severity: payload?.severity as string | undefined,
      customDetails: typeof payload?.custom_details === 'object' && payload.custom_details !== null ? (payload.custom_details as Record<string, unknown>) : undefined,
    },
  };
}
