/**
 * The SLA board (home page) and its live parts: `/` the page, `/board/rows` the same rows as an
 * HTML fragment (what the page swaps in when a clock changes), `/board/events` the change stream,
 * `/board/version` its polling fallback.
 */
import type { Request, Response, Router } from 'express';
import type { ConsoleDeps } from '../deps.js';
import { getViewerZone } from '../format.js';
import { createConsoleNames } from '../names.js';
import { renderPage, renderTemplate } from '../render.js';
import { createBoardService } from './board-view.js';
import { boardQuerySchema, toQueryString } from './filter.js';
import type { BoardQuery } from './filter.js';
import { createBoardLive } from './live.js';

export function registerBoardPages(router: Router, deps: ConsoleDeps): { close(): void } {
  const names = createConsoleNames(deps.config);
  const board = createBoardService(deps, names);
  const live = createBoardLive(deps);

  /** The query, or a 400 page naming what is wrong. */
  const parseQuery = (req: Request, res: Response): BoardQuery | undefined => {
    const parsed = boardQuerySchema.safeParse(req.query);
    if (parsed.success) return parsed.data;
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    renderPage(res, 'error', { title: 'Bad filter', section: 'board', message: 'This board link has a filter the board does not know.', problems }, 400);
    return undefined;
  };

  const viewData = async (req: Request, query: BoardQuery) => {
    // Read before the rows: a clock that changes in between makes the page reload once, never miss it.
    const version = await live.version();
    const view = await board.load(query, getViewerZone(req));
    return {
      ...view,
      query,
      version,
      viewerZone: getViewerZone(req),
      slaConfigured: deps.sla !== undefined,
      jiraSite: deps.links.jiraSiteUrl.replace(/\/+$/, ''),
      link: (changes: Parameters<typeof toQueryString>[1]) => toQueryString(query, changes),
    };
  };

  router.get('/', async (req, res) => {
    const query = parseQuery(req, res);
    if (!query) return;
    renderPage(res, 'board', { title: 'SLA board', section: 'board', ...(await viewData(req, query)) });
  });

  router.get('/board/rows', async (req, res) => {
    const query = parseQuery(req, res);
    if (!query) return;
    res
      .type('html')
      .set('Cache-Control', 'no-store')
      .send(renderTemplate('board-rows', await viewData(req, query)));
  });

  router.get('/board/events', (req, res) => live.stream(req, res));

  router.get('/board/version', async (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ version: await live.version() });
  });

  return { close: () => live.close() };
}
