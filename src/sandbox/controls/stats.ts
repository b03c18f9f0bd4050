/**
 * Call accounting: every API call counted per system and `METHOD /route/template`, with calls the
 * sandbox refused (injected faults, dropped connections, 401s, spent daily limits) counted apart.
 */
import type { SandboxSystem } from './route-template.js';

/** Counts for one system. */
export interface SystemCallStats {
  /** Calls answered normally (any status other than a refusal). */
  accepted: number;
  /** Calls refused by faults, auth or limits. */
  rejected: number;
  /** Accepted calls per `METHOD /template`. */
  calls: Record<string, number>;
  /** Refused calls per `METHOD /template`. */
  rejectedCalls: Record<string, number>;
}

/** The answer of `GET /__sandbox/stats`. */
export interface CallStatsSnapshot {
  since: string;
  salesforce: SystemCallStats;
  jira: SystemCallStats;
}

function emptySystem(): SystemCallStats {
  return { accepted: 0, rejected: 0, calls: {}, rejectedCalls: {} };
}

export class CallStats {
  private since: Date;
  private systems: Record<SandboxSystem, SystemCallStats> = { salesforce: emptySystem(), jira: emptySystem() };

  constructor(private readonly now: () => Date) {
    this.since = now();
  }

  /** Counts one call. */
  record(system: SandboxSystem, routeKey: string, rejected: boolean): void {
    const stats = this.systems[system];
    const table = rejected ? stats.rejectedCalls : stats.calls;
    table[routeKey] = (table[routeKey] ?? 0) + 1;
    if (rejected) stats.rejected++;
    else stats.accepted++;
  }

  /** A copy of the counters. */
  snapshot(): CallStatsSnapshot {
    return { since: this.since.toISOString(), ...(structuredClone(this.systems) as Record<SandboxSystem, SystemCallStats>) };
  }

  /** Zeroes every counter. */
  clear(): void {
    this.systems = { salesforce: emptySystem(), jira: emptySystem() };
    this.since = this.now();
  }
}
