/**
 * `npm run bench -- console [--tickets N] [--requests N]`
 * SLA board, ticket page and Reports page latency over N open tickets (default 100,000; about 31,000
 * breached clocks, all in the last 4 days, so every report window holds them): tickets, two clocks each,
 * status history, links and Jira statuses bulk-inserted with generate_series, placed on the board by
 * the real placement (placeUnplacedTickets), then the console served on port 0 and asked for board
 * pages with varied filters and pages, and for ticket pages of random cases, one request at a time.
 * PostgreSQL when DATABASE_URL is set (a throwaway schema), else in-memory PGlite. Prints JSON.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import express from 'express';
import { parse } from 'yaml';
import { createDateHolidaysProvider } from '../src/adapters/holidays/date-holidays-provider.js';
import { placeUnplacedTickets } from '../src/adapters/store/board-order.js';
import { migrateLatest, openDatabase } from '../src/adapters/store/database.js';
import { loadConfig } from '../src/config/index.js';
import { slaFileSchema } from '../src/config/schemas/sla.js';
import { createConsoleRouter } from '../src/console/app.js';
import { createConsoleAccess } from '../src/console/access/index.js';
import { compileSla } from '../src/domain/sla/engine.js';
import { createPrng } from '../src/domain/random.js';
import { closeServer, listen } from '../src/http/serve.js';
import { createLogger } from '../src/logging.js';

const TOPICS = ['safety_incident', 'account_access', 'payments_billing', 'corporate_portal', 'driver_app', 'rider_app', 'dispatch_pricing', 'internal_tools'];
const NOW = new Date('2026-12-02T12:00:00Z');

export async function run(args: string[]): Promise<void> {
  const option = (name: string, fallback: number) => {
    const index = args.indexOf(`--${name}`);
    return index >= 0 ? Number(args[index + 1]) : fallback;
  };
  const ticketCount = option('tickets', 100_000);
  const requestCount = option('requests', 200);
  const url = process.env.DATABASE_URL || undefined;
  const schema = url ? `bench_console_${randomBytes(3).toString('hex')}` : undefined;
  const db = await openDatabase({ url, schema, poolMax: 4 });
  const knex = db.knex;
  try {
    await migrateLatest(knex);
    const loaded = loadConfig({ configDir: 'config', env: { LOG_LEVEL: 'silent', NOTIFICATIONS: 'off' } });
    if (!loaded.ok) throw new Error(loaded.problems.join('; '));
    const slaConfig = slaFileSchema.parse(parse(readFileSync('config/sla.yaml', 'utf8')));
    const sla = compileSla(slaConfig, createDateHolidaysProvider());

    const seedStart = performance.now();
    await seed(knex, ticketCount);
    const placeStart = performance.now();
    await placeUnplacedTickets(knex, sla.statusRules.resolvedStatuses);
    const placeMs = performance.now() - placeStart;
    // As autovacuum would after a bulk load: the placement rewrote every row once.
    await knex.raw('VACUUM ANALYZE');
    const seedSeconds = (performance.now() - seedStart) / 1000;

    const app = express();
    const router = createConsoleRouter(
      {
        db: knex,
        config: loaded.config,
        logger: createLogger({ level: 'silent' }),
        now: () => NOW,
        links: { salesforceInstanceUrl: 'https://acme.my.salesforce.com', jiraSiteUrl: 'https://acme.atlassian.net' },
        sla,
        holidays: createDateHolidaysProvider(),
      },
      createConsoleAccess({ mode: 'sandbox', logger: createLogger({ level: 'silent' }) }),
    );
    app.use(router);
    const server = await listen(app, 0, '127.0.0.1');
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const random = createPrng(7);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const boardPaths = Array.from({ length: requestCount }, () => {
      const params = new URLSearchParams();
      if (random() < 0.4) params.set('region', pick(['IL', 'GB', 'RU']));
      if (random() < 0.3) params.set('tier', pick(['VIP', 'Corporate', 'Private']));
      if (random() < 0.3) params.set('priority', pick(['P1', 'P2', 'P3', 'P4']));
      if (random() < 0.2) params.set('topic', pick(TOPICS));
      if (random() < 0.2) params.set('team', pick(['Payments & Billing', 'Driver Experience', 'Rider Experience']));
      if (random() < 0.3) params.set('state', pick(['breached', 'at_risk', 'running', 'paused']));
      if (random() < 0.3) params.set('page', String(1 + Math.floor(random() * (random() < 0.2 ? 400 : 5))));
      return `/?${params}`;
    });
    const ticketPaths = Array.from({ length: requestCount }, () => `/tickets/${String(1 + Math.floor(random() * ticketCount)).padStart(8, '0')}`);
    // The Reports page: windows from a day to a quarter, sometimes filtered, days in a zone.
    // Distinct, so the first round is computed (cold) and the second reuses what the page keeps (warm).
    const reportPaths = uniqueOf(
      Array.from({ length: Math.max(10, Math.round(requestCount / 4)) }, () => {
        const params = new URLSearchParams({ window: pick(['24h', '7d', '7d', '30d', '90d']) });
        if (random() < 0.3) params.set('region', pick(['IL', 'GB', 'RU', 'IL,GB']));
        if (random() < 0.2) params.set('priority', pick(['P1', 'P1,P2']));
        if (random() < 0.3) params.set('tz', pick(['Asia/Jerusalem', 'Europe/London']));
        return `/reports?${params}`;
      }),
    );
    // Warm-up: templates compiled, calendars' intervals built, the filter menus cached (as in a running server).
    for (const path of ['/', '/?state=paused', '/tickets/00000001', '/reports?window=1d']) await (await fetch(base + path)).text();
    const board = await measure(base, boardPaths);
    const ticket = await measure(base, ticketPaths);
    const reportsCold = await measure(base, reportPaths);
    const reportsWarm = await measure(base, reportPaths);
    router.close();
    await closeServer(server, 0);
    process.stdout.write(
      `${JSON.stringify({ database: db.kind, tickets: ticketCount, requests: requestCount, seedSeconds: round(seedSeconds), placeAllMs: Math.round(placeMs), boardMs: board, ticketPageMs: ticket, reportsPageColdMs: reportsCold, reportsPageWarmMs: reportsWarm, goalP95Ms: 300 }, null, 2)}\n`,
    );
  } finally {
    if (schema) await knex.raw(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db.close();
  }
}

async function measure(base: string, paths: readonly string[]): Promise<{ p50: number; p95: number; max: number; errors: number }> {
  const times: number[] = [];
  let errors = 0;
  for (const path of paths) {
    const start = performance.now();
    const response = await fetch(base + path);
    await response.text();
    times.push(performance.now() - start);
    if (response.status !== 200) errors += 1;
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => round(times[Math.min(times.length - 1, Math.floor(q * times.length))]!);
  return { p50: at(0.5), p95: at(0.95), max: round(times.at(-1)!), errors };
}

const round = (n: number) => Math.round(n * 10) / 10;
const uniqueOf = (paths: string[]) => [...new Set(paths)];

/** Tickets, clocks, history, links and Jira statuses in a handful of INSERT … SELECT statements. */
export async function seed(knex: import('knex').Knex, count: number): Promise<void> {
  const now = NOW.toISOString();
  const topics = `ARRAY[${TOPICS.map((t) => `'${t}'`).join(',')}]`;
  await knex.raw(
    `INSERT INTO tickets (case_id, case_number, created_at, priority, tier, region, topic, status, subject, owner_id, owner_name)
     SELECT '500B' || lpad(i::text, 14, '0'), lpad(i::text, 8, '0'), ?::timestamptz - (i % 20000) * interval '1 minute',
       (ARRAY['P1','P2','P3','P4'])[1 + i % 4], (ARRAY['VIP','Corporate','Private'])[1 + (i / 4) % 3], (ARRAY['IL','GB','RU'])[1 + (i / 12) % 3],
       (${topics})[1 + (i / 36) % ${TOPICS.length}], CASE WHEN i % 20 = 0 THEN 'Waiting on Customer' ELSE 'Working' END,
       'Case subject number ' || i, '005B' || lpad((i % 50)::text, 14, '0'), 'Agent ' || (i % 50)
     FROM generate_series(1, ?) AS i`,
    [now, count],
  );
  // Two clocks per ticket; states spread over the board (a paused ticket pauses both).
  await knex.raw(
    `INSERT INTO sla_results (case_id, metric, policy, calendar, target_minutes, elapsed_minutes, paused_minutes, state, due_at, breached_at, stopped_at, computed_at)
     SELECT t.case_id, m.metric, 'bench', CASE WHEN t.priority = 'P1' THEN 'always' ELSE t.region END, m.target, m.target * 0.5, 0,
       s.state,
       CASE WHEN s.state IN ('running', 'at_risk', 'breached') THEN ?::timestamptz + ((hashtext(t.case_id || m.metric) % 5000) * interval '1 minute') END,
       CASE WHEN s.state = 'breached' THEN ?::timestamptz - (abs(hashtext(t.case_id)) % 5000) * interval '1 minute' END,
       NULL, ?::timestamptz
     FROM tickets t
     CROSS JOIN (VALUES ('first_response', 60.0), ('resolution', 480.0)) AS m(metric, target)
     CROSS JOIN LATERAL (SELECT CASE WHEN t.status = 'Waiting on Customer' THEN 'paused'
       ELSE (ARRAY['breached','at_risk','running','running','running','met'])[1 + abs(hashtext(t.case_id || m.metric)) % 6] END AS state) s`,
    [now, now, now],
  );
  await knex.raw(
    `INSERT INTO status_history (case_id, at, type, value)
     SELECT t.case_id, t.created_at + e.offset_minutes * interval '1 minute', e.type, e.value
     FROM tickets t CROSS JOIN (VALUES (0, 'status', 'New'), (30, 'status', 'Working'), (45, 'agentReply', '')) AS e(offset_minutes, type, value)`,
  );
  await knex.raw(
    `INSERT INTO links (case_id, issue_key, issue_id, kind, state, origin)
     SELECT case_id, 'PAY-' || substr(case_number, 3), substr(case_number, 3), 'mirror', 'linked', 'created' FROM tickets WHERE case_number::int % 3 = 0`,
  );
  await knex.raw(
    `INSERT INTO snapshots (system, object_id, field, value)
     SELECT 'jira', issue_key || '@' || case_id, '$status', to_jsonb('In Progress'::text) FROM links`,
  );
}
