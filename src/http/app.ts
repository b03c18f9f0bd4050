/**
 * The express application: health and readiness now; webhooks, admin API and dashboard mount
 * on it as they arrive. Handlers stay thin; one error middleware answers `{ error: {...} }`.
 */
import express from 'express';
import type { Express, NextFunction, Request, Response } from 'express';
import type { Logger } from '../logging.js';
import { metricsRegistry } from '../metrics.js';

export interface ReadinessProbe {
  /** Resolves with problems (empty when ready); never throws. */
  check(): Promise<string[]>;
}

export interface HttpAppOptions {
  logger: Logger;
  readiness: ReadinessProbe;
  /** Extra routers (webhooks, admin) mounted before the error handler. */
  mount?: (app: Express) => void;
}

export function createHttpApp(options: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    const problems = await options.readiness.check();
    res.status(problems.length === 0 ? 200 : 503).json({ status: problems.length === 0 ? 'ready' : 'not ready', problems });
  });

  app.get('/metrics', async (_req, res) => {
    res.type(metricsRegistry.contentType).send(await metricsRegistry.metrics());
  });

  options.mount?.(app);

  app.use((_req, res) => {
    res.status(404).json({ error: { code: 'NOT_FOUND', message: 'no such route' } });
  });

  // express recognises error handlers by their four parameters.
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = typeof (error as { status?: unknown }).status === 'number' ? (error as { status: number }).status : 500;
    if (status >= 500) options.logger.error({ err: error }, 'request failed');
    const code = status >= 500 ? 'INTERNAL' : ((error as { code?: string }).code ?? 'BAD_REQUEST');
    const message = status >= 500 ? 'internal error' : error instanceof Error ? error.message : String(error);
    res.status(status).json({ error: { code, message } });
  });
  return app;
}
