/**
 * The SLA board and ticket page over real HTTP on port 0, against a test database whose SLA state
 * was computed by the SLA engine itself (tickets and history stored, then evaluateStoredTickets):
 * the board must show what the engine computed. The clock is the test's; `advance()` moves it and
 * runs the evaluation the scheduled scan would run.
 */
import type { Server } from 'node:http';
import express from 'express';
import type { Knex } from 'knex';
import { appendAudit } from '../../src/adapters/store/audit-log.js';
import { insertLinked } from '../../src/adapters/store/links.js';
import { upsertSnapshots } from '../../src/adapters/store/snapshots.js';
import { appendHistory } from '../../src/adapters/store/status-history.js';
import type { HistoryEvent } from '../../src/adapters/store/status-history.js';
import { upsertTickets } from '../../src/adapters/store/tickets.js';
import type { Ticket } from '../../src/adapters/store/tickets.js';
import { createConsoleRouter } from '../../src/console/app.js';
import type { ConsoleRouter } from '../../src/console/app.js';
import type { ConsoleDeps } from '../../src/console/deps.js';
import { createConsoleAccess } from '../../src/console/access/index.js';
import { createDateHolidaysProvider } from '../../src/adapters/holidays/date-holidays-provider.js';
import type { CompiledSla } from '../../src/domain/sla/engine.js';
import { STATUS_SNAPSHOT } from '../../src/domain/sync/plan-pair.js';
import { evaluateStoredTickets } from '../../src/engine/sla/evaluate.js';
import { pairObjectId } from '../../src/engine/sync-cases.js';
import { closeServer, listen } from '../../src/http/serve.js';
import { createLogger } from '../../src/logging.js';
import { givenSla } from '../unit/sla/given.js';
import { loadTestConfig } from './ops-console.js';

export const MINUTE_MS = 60_000;
/** "Now" when the fixture is seeded: Wednesday 2 Dec 2026 12:00 UTC. */
export const SEED_NOW = Date.parse('2026-12-02T12:00:00Z');

/** 24x7 calendar, first response 1h, resolution 8h, at risk under 20 % left. */
export function givenBoardSla(): CompiledSla {
  return givenSla({ calendar: 'always', firstResponse: '1h', resolution: '8h' });
}

export interface SeededTicket {
  caseNumber: string;
  caseId: string;
  createdMinutesAgo: number;
  region?: string;
  tier?: string;
  priority?: string;
  topic?: string;
  /** Events as [minutes ago, status or 'reply']. */
  events?: Array<[number, string]>;
  subject?: string;
  owner?: string;
  /** The customer company: [account id, name]. */
  account?: [string, string];
}

/** Stores the tickets and their history, then evaluates them at `nowMs` as a sync pass would. */
export async function seedTickets(db: Knex, sla: CompiledSla, tickets: readonly SeededTicket[], nowMs = SEED_NOW): Promise<void> {
  const rows: Ticket[] = tickets.map((t) => ({
    caseId: t.caseId,
    caseNumber: t.caseNumber,
    createdAt: new Date(nowMs - t.createdMinutesAgo * MINUTE_MS),
    priority: t.priority ?? 'P2',
    tier: t.tier ?? 'Private',
    region: t.region ?? 'GB',
    topic: t.topic ?? 'rider_app',
    status: [...(t.events ?? [])].reverse().find(([, what]) => what !== 'reply')?.[1] ?? 'New',
    subject: t.subject ?? `Subject of ${t.caseNumber}`,
    ownerId: '005Dn0000000001IAA',
    ownerName: t.owner ?? 'Harry Patel',
    accountId: t.account?.[0] ?? null,
    accountName: t.account?.[1] ?? null,
  }));
  for (let i = 0; i < rows.length; i += 1000) await upsertTickets(db, rows.slice(i, i + 1000));
  const events: HistoryEvent[] = tickets.flatMap((t) =>
    (t.events ?? []).map(([ago, what]): HistoryEvent => ({
      caseId: t.caseId,
      at: new Date(nowMs - ago * MINUTE_MS),
      type: what === 'reply' ? 'agentReply' : 'status',
      value: what === 'reply' ? null : what,
    })),
  );
  for (let i = 0; i < events.length; i += 1000) await appendHistory(db, events.slice(i, i + 1000));
  for (let i = 0; i < rows.length; i += 500) {
    await evaluateStoredTickets(
      db,
      sla,
      rows.slice(i, i + 500).map((r) => r.caseId),
      nowMs,
    );
  }
}

/** A Jira issue linked to a case, with the Jira status the last sync saw. */
export async function seedIssue(db: Knex, caseId: string, key: string, jiraStatus: string): Promise<void> {
  await insertLinked(db, caseId, { key, id: String(10_000 + Number(key.replace(/\D/g, ''))) });
  await upsertSnapshots(db, [{ system: 'jira', objectId: pairObjectId(key, caseId), field: STATUS_SNAPSHOT, value: jiraStatus, sourceUpdatedAt: null, writtenByUs: false }]);
}

export async function seedClassification(db: Knex, caseId: string, at: Date): Promise<void> {
  await appendAudit(db, [
    {
      system: 'casebridge',
      objectType: 'classification',
      objectId: caseId,
      action: 'classify',
      after: { topic: 'payments_billing', priority: 'P2', computedPriority: 'P2', confidence: 0.91, source: 'rules', prioritySource: 'casebridge' },
      note: 'keyword "charged twice" (payments_billing/keywords); tier Private',
      correlationId: 'corr-classify-1',
    },
  ]);
  await db('audit_log').where({ object_id: caseId, object_type: 'classification' }).update({ at });
}

export interface BoardRig {
  baseUrl: string;
  sla: CompiledSla;
  nowMs(): number;
  /** Moves the clock and evaluates every ticket whose next check is due (what the SLA scan does). */
  advance(ms: number): Promise<void>;
  close(): Promise<void>;
}

export async function startBoardRig(db: Knex, sla: CompiledSla, options: { livePollMs?: number; nowMs?: number } = {}): Promise<BoardRig> {
  let nowMs = options.nowMs ?? SEED_NOW;
  const deps: ConsoleDeps = {
    db,
    config: loadTestConfig(),
    logger: createLogger({ level: 'silent' }),
    now: () => new Date(nowMs),
    links: { salesforceInstanceUrl: 'https://acme.my.salesforce.com', jiraSiteUrl: 'https://acme.atlassian.net' },
    sla,
    holidays: createDateHolidaysProvider(),
    livePollMs: options.livePollMs ?? 200,
  };
  const app = express();
  const router: ConsoleRouter = createConsoleRouter(deps, createConsoleAccess({ mode: 'sandbox', logger: deps.logger }));
  app.use(router);
  const server: Server = await listen(app, 0, '127.0.0.1');
  const port = (server.address() as { port: number }).port;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    sla,
    nowMs: () => nowMs,
    async advance(ms) {
      nowMs += ms;
      const due = (await db('tickets').where('sla_next_check_at', '<=', new Date(nowMs)).pluck('case_id')) as string[];
      await evaluateStoredTickets(db, sla, due, nowMs);
    },
    async close() {
      router.close();
      await closeServer(server, 0);
    },
  };
}
