/**
 * The console's operations pages over real HTTP on port 0, against a seeded test database: the real
 * console router (A's skeleton, these pages) behind a ConsoleAccess that keeps the contract of
 * src/console/access/types.ts — the person is chosen per request by a test header, the CSRF token is
 * a fixed per-rig value checked on every POST, and a viewer's POST is refused with 403. Queue calls
 * are recorded instead of queued.
 */
import type { Server } from 'node:http';
import express from 'express';
import type { Knex } from 'knex';
import { loadConfig } from '../../src/config/index.js';
import type { Config } from '../../src/config/index.js';
import type { ConsoleAccess, ConsoleLocals, ConsoleViewer } from '../../src/console/access/types.js';
import { createConsoleRouter } from '../../src/console/app.js';
import type { ConsoleDeps } from '../../src/console/deps.js';
import { createLogger } from '../../src/logging.js';
import { closeServer, listen } from '../../src/http/serve.js';

export const TEST_CSRF = 'csrf-test-7d2c';
export const OPERATOR: ConsoleViewer = { name: 'Dana Operator', role: 'operator' };
export const VIEWER: ConsoleViewer = { name: 'Vic Viewer', role: 'viewer' };
/** Header naming who the request is from (`operator` or `viewer`); absent: the operator. */
export const AS = 'x-test-as';

export interface OpsConsole {
  baseUrl: string;
  enqueued: { cases: string[]; issues: string[] };
  config: Config;
  close(): Promise<void>;
}

const parseForm = express.urlencoded({ extended: false });

/** The test's ConsoleAccess: same checks in the same order as the real one (CSRF, then role). */
export function createTestAccess(options: { sandbox?: boolean } = {}): ConsoleAccess {
  const locals = (req: express.Request): ConsoleLocals => ({ viewer: req.get(AS) === 'viewer' ? VIEWER : OPERATOR, csrfToken: TEST_CSRF, sandbox: options.sandbox ?? false });
  return {
    router: express.Router(),
    requireViewer: (req, res, next) => {
      Object.assign(res.locals, locals(req));
      next();
    },
    requireOperator: (req, res, next) => {
      parseForm(req, res, () => {
        const sent = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.get('x-csrf-token');
        if (sent !== TEST_CSRF) {
          res.status(403).json({ error: { code: 'CSRF', message: 'missing or wrong CSRF token' } });
          return;
        }
        if ((res.locals as ConsoleLocals).viewer.role !== 'operator') {
          res.status(403).json({ error: { code: 'FORBIDDEN', message: 'this action needs the operator role' } });
          return;
        }
        next();
      });
    },
  };
}

export function loadTestConfig(): Config {
  const loaded = loadConfig({ configDir: 'config', env: { LOG_LEVEL: 'silent', NOTIFICATIONS: 'off' } });
  if (!loaded.ok) throw new Error(`config/ does not load: ${loaded.problems.join('; ')}`);
  return loaded.config;
}

export async function startOpsConsole(db: Knex, options: { now: () => Date; queueSchema?: string; access?: ConsoleAccess }): Promise<OpsConsole> {
  const config = loadTestConfig();
  const enqueued = { cases: [] as string[], issues: [] as string[] };
  const deps: ConsoleDeps = {
    db,
    config,
    logger: createLogger({ level: 'silent' }),
    now: options.now,
    links: { salesforceInstanceUrl: 'https://acme.my.salesforce.com', jiraSiteUrl: 'https://acme.atlassian.net' },
    queues: {
      enqueueCases: async (ids) => void enqueued.cases.push(...ids),
      enqueueIssues: async (keys) => void enqueued.issues.push(...keys),
    },
    ...(options.queueSchema ? { queueSchema: options.queueSchema } : {}),
  };
  const router = createConsoleRouter(deps, options.access ?? createTestAccess());
  const app = express();
  app.use(router);
  const server: Server = await listen(app, 0, '127.0.0.1');
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    enqueued,
    config,
    close: async () => {
      router.close();
      await closeServer(server);
    },
  };
}
