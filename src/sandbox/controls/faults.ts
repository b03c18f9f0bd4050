/**
 * Fault injection and the daily API budget, applied in front of both emulators. Rules match a
 * system and optionally a `METHOD /route/template` glob; each matching rule can add latency, drop
 * the connection without answering, or answer an error at a given rate. Each rule draws from its
 * own PRNG seeded from the config's seed, so the calls a rule matches, in the same order, always get
 * the same faults whatever else runs concurrently.
 */
import { z } from 'zod';
import { createPrng } from './prng.js';
import { matchesGlob, type SandboxSystem } from './route-template.js';
import { REALISTIC_SALESFORCE_RECORD_FAULTS, RecordLockFaults, salesforceRecordFaultsSchema } from '../salesforce/record-faults.js';

const ruleSchema = z
  .object({
    system: z.enum(['salesforce', 'jira']),
    /** Glob on `METHOD /template` or on the template alone; `*` matches any run. All routes when absent. */
    route: z.string().min(1).optional(),
    /** Share of matching calls answered with `status`, 0–1. */
    errorRate: z.number().min(0).max(1).default(0),
    status: z.union([z.literal(429), z.literal(500), z.literal(503), z.literal('REQUEST_LIMIT_EXCEEDED')]).default(503),
    /** Retry-After sent with 429 and 503 answers, in seconds. */
    retryAfterSeconds: z.number().int().min(0).default(1),
    /**
     * Share of this rule's Jira 429 answers, 0–1, that carry no `Retry-After`, only `X-RateLimit-Reset`
     * (request time + `retryAfterSeconds`, `yyyy-MM-ddTHH:mmZ`), as Jira Cloud sometimes answers. Default 0.
     */
    withoutRetryAfterRate: z.number().min(0).max(1).default(0),
    /** Delay added before matching calls are handled, in ms. */
    latencyMs: z.number().int().min(0).max(120_000).default(0),
    /** Share of matching calls whose socket is destroyed without an answer, 0–1. */
    dropRate: z.number().min(0).max(1).default(0),
    /**
     * Share of matching calls the emulator handles in full whose answer is then lost (the socket is
     * destroyed before the status line), 0–1: the write happened, the client sees a reset. Default 0.
     */
    loseAnswerRate: z.number().min(0).max(1).default(0),
  })
  .strict()
  .refine((rule) => rule.status !== 'REQUEST_LIMIT_EXCEEDED' || rule.system === 'salesforce', {
    message: "status REQUEST_LIMIT_EXCEEDED exists only for system 'salesforce'",
    path: ['status'],
  });

/** The body of `PUT /__sandbox/faults`. */
export const faultConfigSchema = z
  .object({
    /** Seed of the fault PRNG. Default 1. */
    seed: z.number().int().default(1),
    /** Jira behaviours that are not per-call faults. */
    jira: z
      .object({
        /**
         * How long `/search/jql` lags behind writes, ms: an issue created less than this ago is not found, one
         * changed less than this ago is found as it was (`reconcileIssues` ids are read fresh). Default 0.
         */
        searchIndexLagMs: z.number().int().min(0).max(600_000).default(0),
      })
      .strict()
      .default({ searchIndexLagMs: 0 }),
    rules: z.array(ruleSchema).default([]),
    /** Calls allowed per UTC day per system; further calls are refused. */
    dailyApiLimit: z.object({ salesforce: z.number().int().positive().optional(), jira: z.number().int().positive().optional() }).strict().default({}),
    /** Per-record Salesforce faults (UNABLE_TO_LOCK_ROW), see `salesforce/record-faults.ts`. */
    salesforceRecords: salesforceRecordFaultsSchema.default(() => salesforceRecordFaultsSchema.parse({})),
  })
  .strict();

/** A validated fault config. */
export type FaultConfig = z.infer<typeof faultConfigSchema>;
/** One validated fault rule. */
export type FaultRule = FaultConfig['rules'][number];

/** What to do with one call. */
export type FaultDecision =
  | { kind: 'pass'; latencyMs: number }
  | { kind: 'drop'; latencyMs: number }
  | { kind: 'loseAnswer'; latencyMs: number }
  | { kind: 'error'; latencyMs: number; rule: FaultRule; withoutRetryAfter: boolean };

/** Daily allowance shown in Sforce-Limit-Info when no budget is configured (a large Enterprise org). */
const DEFAULT_DAILY_LIMIT: Record<SandboxSystem, number> = { salesforce: 100_000, jira: 1_000_000 };
const DAY_MS = 86_400_000;

export class FaultInjector {
  private config: FaultConfig = faultConfigSchema.parse({});
  /** One PRNG per rule, so traffic on one system or route never shifts the faults of another. */
  private randoms: (() => number)[] = [];
  private usage: Record<SandboxSystem, { day: number; used: number }> = { salesforce: { day: 0, used: 0 }, jira: { day: 0, used: 0 } };
  /** Row locks drawn per Salesforce record write. */
  readonly salesforceRecordLocks = new RecordLockFaults();

  constructor(private readonly now: () => Date) {}

  /** Replaces the config (already validated) and restarts the PRNG from its seed. */
  configure(config: FaultConfig): void {
    this.config = config;
    this.randoms = config.rules.map((_, index) => createPrng((config.seed + Math.imul(index, 0x9e3779b1)) >>> 0));
    this.salesforceRecordLocks.configure(config.seed, config.salesforceRecords);
  }

  /** The current config. */
  current(): FaultConfig {
    return this.config;
  }

  /** Decides latency, drop or error for one call; draws random numbers only for rules that need them. */
  decide(system: SandboxSystem, routeKey: string, template: string): FaultDecision {
    let latencyMs = 0;
    for (const [index, rule] of this.config.rules.entries()) {
      if (rule.system !== system) continue;
      if (rule.route && !matchesGlob(rule.route, routeKey) && !matchesGlob(rule.route, template)) continue;
      latencyMs += rule.latencyMs;
      const random = this.randoms[index] ?? Math.random;
      if (rule.dropRate > 0 && random() < rule.dropRate) return { kind: 'drop', latencyMs };
      if (rule.errorRate > 0 && random() < rule.errorRate) {
        // Drawn only when the option is on, so rules without it keep their patterns.
        const withoutRetryAfter = rule.status === 429 && rule.withoutRetryAfterRate > 0 && random() < rule.withoutRetryAfterRate;
        return { kind: 'error', latencyMs, rule, withoutRetryAfter };
      }
      // Drawn only when the option is on, so rules without it keep their patterns.
      if (rule.loseAnswerRate > 0 && random() < rule.loseAnswerRate) return { kind: 'loseAnswer', latencyMs };
    }
    return { kind: 'pass', latencyMs };
  }

  /** Takes one call from today's budget; false when it is spent. */
  consume(system: SandboxSystem): boolean {
    const usage = this.todayUsage(system);
    if (usage.used >= this.dailyLimit(system)) return false;
    usage.used++;
    return true;
  }

  /** Calls used today and the allowance. */
  apiUsage(system: SandboxSystem): { used: number; max: number } {
    return { used: this.todayUsage(system).used, max: this.dailyLimit(system) };
  }

  /** Seconds until the budget refills (next UTC midnight). */
  secondsUntilRefill(): number {
    const nowMs = this.now().getTime();
    return Math.ceil((Math.floor(nowMs / DAY_MS + 1) * DAY_MS - nowMs) / 1000);
  }

  /** Forgets today's usage (reset). */
  clearUsage(): void {
    this.usage = { salesforce: { day: 0, used: 0 }, jira: { day: 0, used: 0 } };
  }

  private dailyLimit(system: SandboxSystem): number {
    return this.config.dailyApiLimit[system] ?? DEFAULT_DAILY_LIMIT[system];
  }

  private todayUsage(system: SandboxSystem): { day: number; used: number } {
    const day = Math.floor(this.now().getTime() / DAY_MS);
    const usage = this.usage[system];
    if (usage.day !== day) Object.assign(usage, { day, used: 0 });
    return usage;
  }
}

/**
 * The "realistic" fault profile: what Jira Cloud and Salesforce do on an ordinary busy day, for the
 * fault tests and `bench sync --faults realistic`. Jira: search lags writes by 2 s, 40 % of bulk creates
 * are refused with 429 (a quarter of those without Retry-After, only X-RateLimit-Reset). Salesforce: 5 % of
 * record writes find their row locked (UNABLE_TO_LOCK_ROW).
 */
export const REALISTIC_FAULTS: FaultConfig = faultConfigSchema.parse({
  seed: 1,
  jira: { searchIndexLagMs: 2_000 },
  rules: [{ system: 'jira', route: 'POST /rest/api/3/issue/bulk', errorRate: 0.4, status: 429, retryAfterSeconds: 1, withoutRetryAfterRate: 0.25 }],
  salesforceRecords: REALISTIC_SALESFORCE_RECORD_FAULTS,
});
