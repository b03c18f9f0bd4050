/**
 * Wakes queue workers as soon as a job is queued, instead of at their next poll (pg-boss 10 polls
 * at most every 0.5 s, and our workers every 1 s). A short gather window after the first wake-up
 * lets what arrives together (a burst of webhooks) go out as one batch.
 *
 * In one process the wake-up is a function call; across processes on PostgreSQL it is a
 * `NOTIFY` on a channel per schema, which every process `LISTEN`s to and turns into pg-boss's own
 * `notifyWorker(id)`. The poll stays as the fallback: a lost notification (the listener reconnecting
 * after a database restart) costs one polling interval, never a job.
 */
import type { Logger } from '../logging.js';

export interface QueueWakeup {
  /** Work was queued on `queue`: wake its workers here and in every other process (after the insert). */
  announce(queue: string): Promise<void>;
  /** The local workers of `queue` to wake; returns a function that unregisters them. */
  onWake(queue: string, wake: () => void): () => void;
  close(): Promise<void>;
}

export interface QueueWakeupOptions {
  /** Milliseconds between the first wake-up and the fetch, gathering what arrives meanwhile (default 25). */
  gatherMs?: number;
}

export const DEFAULT_GATHER_MS = 25;

/**
 * The local half: wake-ups of a queue within a gather window are coalesced into one call of its
 * workers' wake functions.
 */
export class LocalWakeups {
  private readonly handlers = new Map<string, Set<() => void>>();
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(private readonly gatherMs: number) {}

  wake(queue: string): void {
    if (this.pending.has(queue) || !this.handlers.get(queue)?.size) return;
    const fire = () => {
      this.pending.delete(queue);
      for (const handler of this.handlers.get(queue) ?? []) handler();
    };
    this.pending.set(queue, setTimeout(fire, this.gatherMs));
  }

  onWake(queue: string, wake: () => void): () => void {
    const set = this.handlers.get(queue) ?? new Set();
    set.add(wake);
    this.handlers.set(queue, set);
    return () => set.delete(wake);
  }

  clear(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    this.handlers.clear();
  }
}

/** Wake-ups within this process only: the embedded database (one process), tests, benchmarks. */
export function createInProcessWakeup(options: QueueWakeupOptions = {}): QueueWakeup {
  const local = new LocalWakeups(options.gatherMs ?? DEFAULT_GATHER_MS);
  return {
    announce: async (queue) => local.wake(queue),
    onWake: (queue, wake) => local.onWake(queue, wake),
    close: async () => local.clear(),
  };
}

/** The NOTIFY channel of a schema's queues (one per schema, so test schemas do not wake each other). */
export function wakeupChannelOf(schema: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name "${schema}": expected lowercase letters, digits and _`);
  return `casebridge_jobs_${schema}`.slice(0, 63);
}

/** What the PostgreSQL wake-up needs of a connection: `pg.Client` has exactly this. */
export interface NotifyConnection {
  connect(): Promise<unknown>;
  query(text: string, values?: unknown[]): Promise<unknown>;
  on(event: 'notification', listener: (message: { channel: string; payload?: string }) => void): unknown;
  on(event: 'error' | 'end', listener: (error?: Error) => void): unknown;
  end(): Promise<void>;
}

export interface PostgresWakeupOptions extends QueueWakeupOptions {
  schema: string;
  /** Opens a dedicated connection for LISTEN (a pooled one would be handed to other queries). */
  connect: () => NotifyConnection;
  /** Sends `NOTIFY` through the pool (any connection will do). */
  notify: (channel: string, payload: string) => Promise<unknown>;
  logger: Pick<Logger, 'warn' | 'info'>;
  /** First reconnect delay after the listener's connection is lost, doubled up to 30 s (default 1000). */
  reconnectDelayMs?: number;
}
