/**
 * The environment of alert intake and PagerDuty: `ALERTS_TOKEN` (bearer token of
 * `/webhooks/alerts/:source`, at least 16 characters), `PAGERDUTY_WEBHOOK_SECRET` (the v3 webhook
 * subscription's signing secret), `PAGERDUTY_EVENTS_URL` (default https://events.pagerduty.com) and
 * each service's routing key, read from the variable owners.yaml names. A value set but unusable
 * (a short token, a malformed key) is a configuration problem. A value missing in production turns
 * only its feature off, with a warning the start logs (intake off, a service not paged, PagerDuty
 * webhooks off); in sandbox mode missing values are made up for the emulator.
 */
import { createHash } from 'node:crypto';
import type { Environment } from './env.js';
import type { FileConfigs } from './load.js';

export interface AlertingEnv {
  /** Bearer token of the alert webhooks; absent: alert intake is off. */
  alertsToken?: string;
  pagerduty: {
    /** Events API base URL; absent in sandbox mode (the emulator's URL is used). */
    eventsUrl?: string;
    /** v3 webhook signing secret; absent: `/webhooks/pagerduty` is off. */
    webhookSecret?: string;
    /** Per service: the variable's name and the routing key. */
    routingKeys: Record<string, { envName: string; key: string }>;
  };
  /** Features left off because a variable is missing (production), each saying which and why. */
  warnings: string[];
}

/** Used when ALERTS_TOKEN is not set in sandbox mode (loopback only, documented in the README). */
export const SANDBOX_ALERTS_TOKEN = 'sandbox-alerts-token';
const MIN_SECRET = 16;

export function readAlertingEnv(env: Environment, files: FileConfigs, mode: 'sandbox' | 'production'): { ok: true; value: AlertingEnv; secrets: string[] } | { ok: false; problems: string[] } {
  const get = (name: string) => (env[name] === '' ? undefined : env[name]);
  const problems: string[] = [];
  const warnings: string[] = [];
  const token = get('ALERTS_TOKEN');
  if (token !== undefined && token.length < MIN_SECRET) problems.push(`ALERTS_TOKEN must be at least ${MIN_SECRET} characters (alert intake refuses to start with a guessable token)`);
  if (files.alerts && token === undefined && mode === 'production')
    warnings.push(`alert intake refuses to start: alerts.yaml is configured but ALERTS_TOKEN is not set (a bearer token of at least ${MIN_SECRET} characters)`);
  const webhookSecret = get('PAGERDUTY_WEBHOOK_SECRET');
  if (webhookSecret !== undefined && webhookSecret.length < MIN_SECRET) problems.push(`PAGERDUTY_WEBHOOK_SECRET must be at least ${MIN_SECRET} characters`);
  const eventsUrl = get('PAGERDUTY_EVENTS_URL');
  if (eventsUrl !== undefined && !/^https?:\/\/[^\s]+$/.test(eventsUrl)) problems.push('PAGERDUTY_EVENTS_URL must be an absolute URL such as https://events.pagerduty.com');

  const routingKeys: AlertingEnv['pagerduty']['routingKeys'] = {};
  for (const [service, settings] of Object.entries(files.owners?.services ?? {})) {
    const envName = settings.pagerduty?.routingKeyEnv;
    if (!envName) continue;
    const key = get(envName);
    if (key !== undefined) {
      if (!/^[A-Za-z0-9]{32}$/.test(key)) problems.push(`${envName} (owners.yaml services.${service}.pagerduty) must be a 32-character Events API v2 routing key`);
      routingKeys[service] = { envName, key };
    } else if (mode === 'sandbox') {
      // The emulator accepts any 32-character key: one per variable name, stable across runs.
      routingKeys[service] = { envName, key: createHash('sha256').update(envName).digest('hex').slice(0, 32) };
    } else {
      warnings.push(`${service} is not paged through PagerDuty: ${envName} is not set, but owners.yaml services.${service}.pagerduty names it (set the service's Events API v2 routing key there)`);
    }
  }
  if (mode === 'production' && Object.keys(routingKeys).length > 0 && webhookSecret === undefined) {
    warnings.push('PagerDuty webhooks are off: PAGERDUTY_WEBHOOK_SECRET is not set, so acknowledgements in PagerDuty do not stop the escalation (set the v3 webhook subscription secret)');
  }
  if (problems.length > 0) return { ok: false, problems };
  const alertsToken = token ?? (files.alerts && mode === 'sandbox' ? SANDBOX_ALERTS_TOKEN : undefined);
  const sandboxSecret = mode === 'sandbox' ? createHash('sha256').update(`pagerduty-webhook:${process.pid}:${Date.now()}`).digest('hex') : undefined;
  return {
    ok: true,
    value: {
      ...(alertsToken ? { alertsToken } : {}),
      pagerduty: {
        ...(eventsUrl ? { eventsUrl } : mode === 'production' ? { eventsUrl: 'https://events.pagerduty.com' } : {}),
        ...((webhookSecret ?? sandboxSecret) ? { webhookSecret: webhookSecret ?? sandboxSecret } : {}),
        routingKeys,
      },
      warnings,
    },
    secrets: [token, webhookSecret, ...Object.values(routingKeys).map((r) => r.key)].filter((v): v is string => v !== undefined),
  };
}
