/**
 * Readiness of the connections to Salesforce and Jira: a service whose token is refused is up but
 * useless, so `/readyz` says not ready and names the system. Each probe is one cheap authenticated
 * call (`/limits`, `/myself`), cached so a busy health checker does not spend the API allowance.
 * Only a refusal (401/403, INVALID_SESSION_ID) makes the service not ready: an outage is retried
 * by the engine and queued work waits for it, which a restart would not improve.
 */
import type { Connection } from 'jsforce';
import type { Version3Client } from 'jira.js';
import type { ReadinessProbe } from '../http/app.js';

export interface SystemReadinessOptions {
  /** How long a probe's answer is reused (default 30 s). */
  ttlMs?: number;
  now?: () => number;
}

type Probe = () => Promise<string | undefined>;

export function createSystemsReadiness(clients: { salesforce: Connection; jira: Version3Client }, options: SystemReadinessOptions = {}): ReadinessProbe {
  const probes: Probe[] = [
    cached(
      () => refusal('salesforce', () => clients.salesforce.request(`/services/data/v${clients.salesforce.version}/limits`), 'check the SALESFORCE_* credentials and the integration user'),
      options,
    ),
    cached(() => refusal('jira', () => clients.jira.myself.getCurrentUser(), 'check JIRA_EMAIL and JIRA_API_TOKEN'), options),
  ];
  return {
    async check() {
      const answers = await Promise.all(probes.map((probe) => probe()));
      return answers.filter((a): a is string => a !== undefined);
    },
  };
}

async function refusal(system: 'salesforce' | 'jira', call: () => Promise<unknown>, fix: string): Promise<string | undefined> {
  try {
    await call();
    return undefined;
  } catch (error) {
    const { status, code } = describe(error);
    const refused = status === 401 || status === 403 || code === 'INVALID_SESSION_ID' || code === 'INVALID_AUTH_HEADER';
    // Status and code only: an error message may echo a header or a URL with a token in it.
    return refused ? `${system}: authentication refused (${[status, code].filter(Boolean).join(' ')}); ${fix}` : undefined;
  }
}

function describe(error: unknown): { status?: number; code?: string } {
  const e = error as { status?: unknown; statusCode?: unknown; errorCode?: unknown; name?: unknown };
  const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : undefined;
  const code = typeof e.errorCode === 'string' ? e.errorCode : typeof e.name === 'string' && /^[A-Z_]+$/.test(e.name) ? e.name : undefined;
  return { status, code };
}

function cached(probe: Probe, options: SystemReadinessOptions): Probe {
  const ttlMs = options.ttlMs ?? 30_000;
  const now = options.now ?? Date.now;
  let last: { atMs: number; answer: Promise<string | undefined> } | undefined;
  return () => {
    if (!last || now() - last.atMs >= ttlMs) last = { atMs: now(), answer: probe() };
    return last.answer;
  };
}
