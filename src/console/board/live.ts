/**
 * The live board: one poll of the clocks' version per process (not per viewer) every few seconds
 * while anybody watches, pushed to every open board as a server-sent event. The page reloads its
 * rows when the version it shows is not the current one; a browser that cannot keep the stream
 * polls `/board/version` instead.
 */
import type { Request, Response } from 'express';
import { getBoardVersion } from '../../adapters/store/board-query.js';
import type { ConsoleDeps } from '../deps.js';

const HEARTBEAT_MS = 25_000;

export interface BoardLive {
  /** `GET /board/events`: a text/event-stream of `version` events. */
  stream(req: Request, res: Response): Promise<void>;
  /** The current version (for the page and the polling fallback). */
  version(): Promise<string>;
  close(): void;
}

export function createBoardLive(deps: ConsoleDeps): BoardLive {
  const clients = new Set<Response>();
  const pollMs = deps.livePollMs ?? 2000;
  let last: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  let polling = false;

  const send = (res: Response, version: string) => res.write(`event: version\ndata: ${version}\n\n`);

  const poll = async () => {
    if (polling) return;
    polling = true;
    try {
      const version = await getBoardVersion(deps.db);
      if (version !== last) {
        last = version;
        for (const res of clients) send(res, version);
      }
    } catch (error) {
      deps.logger.warn({ err: error }, 'live board: reading the clocks version failed; trying again');
    } finally {
      polling = false;
    }
  };

  const start = () => {
    timer ??= setInterval(() => void poll(), pollMs);
    heartbeat ??= setInterval(() => clients.forEach((res) => res.write(': keep-alive\n\n')), HEARTBEAT_MS);
  };
  const stopIfIdle = () => {
    if (clients.size > 0) return;
    clearInterval(timer);
    clearInterval(heartbeat);
    timer = heartbeat = undefined;
  };

  return {
    async stream(req, res) {
      res.status(200).set({ 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
      res.flushHeaders();
      // Reconnect after 3 s if the stream drops (EventSource's default is browser-specific).
      res.write('retry: 3000\n\n');
      clients.add(res);
      start();
      req.on('close', () => {
        clients.delete(res);
        stopIfIdle();
      });
      try {
        const version = await getBoardVersion(deps.db);
        // The first poll must not send this same version again as if it were new.
        last ??= version;
        send(res, version);
      } catch (error) {
        deps.logger.warn({ err: error }, 'live board: reading the clocks version failed; the browser reconnects');
        res.end();
      }
    },
    version: () => getBoardVersion(deps.db),
    close() {
      for (const res of clients) res.end();
      clients.clear();
      stopIfIdle();
    },
  };
}
