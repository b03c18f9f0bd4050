/**
 * The console: server-rendered pages for support leads, agents and admins, mounted at `/` of the
 * web role. Order matters: the access layer's own routes (security headers, sign-in, callback,
 * sign-out), then the assets (public: the sign-in page uses them), then every page behind `requireViewer`.
 */
import express from 'express';
import type { Router } from 'express';
import type { ConsoleAccess } from './access/types.js';
import type { ConsoleDeps } from './deps.js';
import { findChartJsFile, findConsoleDir } from './files.js';
import { registerOpsPages } from './ops/index.js';
import { registerBoardPages } from './board/routes.js';
import { registerTicketPage } from './ticket/routes.js';

/** The console router; `close()` ends live streams (server-sent events) so the server can stop at once. */
export interface ConsoleRouter extends Router {
  close(): void;
}

export function createConsoleRouter(deps: ConsoleDeps, access: ConsoleAccess): ConsoleRouter {
  const router = express.Router() as ConsoleRouter;
  // First: security headers on everything, and the sign-in routes.
  router.use(access.router);
  // Served by the app itself: users may be offline, and no CDN sees who opens the console.
  const chartJs = findChartJsFile();
  router.get('/assets/vendor/chart.umd.min.js', (_req, res) => res.sendFile(chartJs, { maxAge: '1h' }));
  router.use('/assets', express.static(findConsoleDir('assets'), { maxAge: '5m', index: false }));
  // Answered here (not by the static handler's error, which names the file's path on disk).
  router.use('/assets', (_req, res) => res.status(404).type('text').send('no such asset'));
  router.use(access.requireViewer);
  const board = registerBoardPages(router, deps);
  registerTicketPage(router, deps);
  registerOpsPages(router, deps, access);
  router.close = () => board.close();
  return router;
}
