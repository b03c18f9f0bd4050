/**
 * An app with the console's real access layer in production mode in front of three stand-in pages:
 * a page (`/` and `/board?…`) with an operator form, a JSON endpoint and an event stream, plus the
 * operator action `POST /act` that counts how often it ran. Sessions live in the test database's
 * console tables (in memory without one). Every log line is kept, unredacted, so tests can look for secrets in them.
 */
import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import express from 'express';
import type { Express, Router } from 'express';
import { pino } from 'pino';
import { parse } from 'yaml';
import type { ConsoleSecrets } from '../../src/config/env.js';
import { consoleFileSchema } from '../../src/config/schemas/console.js';
import { createTableSessionStore } from '../../src/adapters/store/console-sessions.js';
import { createTableSignInStore } from '../../src/adapters/store/console-sign-ins.js';
import type { Database } from '../../src/adapters/store/database.js';
import { createConsoleAccess } from '../../src/console/access/index.js';
import type { ConsoleAccess, ConsoleLocals } from '../../src/console/access/index.js';
import { closeServer, listen } from '../../src/http/serve.js';

export interface AccessRig {
  baseUrl: string;
  /** How many times the operator action ran. */
  actions: number;
  /** Every log line the access layer wrote. */
  logLines: string[];
  /** Moves the access layer's clock. */
  advanceMs(ms: number): void;
  close(): Promise<void>;
}

export interface AccessRigOptions {
  /** Sessions in this database's console tables; in memory when absent. */
  db?: Database;
  /** console.yaml text (validated by the real schema). */
  consoleYaml?: string;
  secrets?: ConsoleSecrets;
  /** Listen on this already-bound server (the OIDC tests need the port before the provider). */
  server?: Server;
  /** The console's real pages instead of the stand-ins (a router that mounts `access.router` itself). */
  pages?: (access: ConsoleAccess) => Router;
}

export async function startAccessRig(options: AccessRigOptions): Promise<AccessRig> {
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  let offsetMs = 0;
  const settings = consoleFileSchema.parse(parse(options.consoleYaml ?? '{}') ?? {});
  const access = createConsoleAccess({
    mode: 'production',
    logger: pino({ level: 'debug' }, sink),
    settings,
    secrets: options.secrets ?? {},
    ...(options.db ? { sessions: createTableSessionStore(options.db.knex), signIns: createTableSignInStore(options.db.knex) } : {}),
    now: () => new Date(Date.now() + offsetMs),
  });
  const rig = { actions: 0 } as AccessRig;
  const app = options.pages ? express().use(options.pages(access)) : standInPages(access, rig);
  const server = options.server ?? (await listen(app, 0, '127.0.0.1'));
  if (options.server) server.on('request', app);
  rig.baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  rig.logLines = logLines;
  rig.advanceMs = (ms) => {
    offsetMs += ms;
  };
  rig.close = () => closeServer(server, 0);
  return rig;
}

function standInPages(access: ConsoleAccess, rig: AccessRig): Express {
  const app = express();
  app.use(access.router);
  app.get(['/', '/board'], access.requireViewer, (req, res) => {
    const { viewer, csrfToken } = res.locals as unknown as ConsoleLocals;
    res
      .type('html')
      .send(
        `<!doctype html><title>SLA board</title><h1>SLA board</h1><p id="who">${viewer.name} (${viewer.role})</p><p id="url">${req.originalUrl}</p>` +
          `<form method="post" action="/act"><input type="hidden" name="_csrf" value="${csrfToken}"><button id="act" type="submit">Retry</button></form>` +
          `<form method="post" action="/signout"><input type="hidden" name="_csrf" value="${csrfToken}"><button id="signout" type="submit">Sign out</button></form>`,
      );
  });
  app.get('/api/data', access.requireViewer, (_req, res) => res.json({ ok: true }));
  app.get('/events', access.requireViewer, (_req, res) => res.type('text/event-stream').send('data: {}\n\n'));
  app.post('/act', access.requireOperator, (_req, res) => {
    rig.actions += 1;
    res.redirect(303, '/');
  });
  return app;
}
