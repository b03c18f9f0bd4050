/** The SLA board (home page). */
import type { Router } from 'express';
import type { ConsoleDeps } from '../deps.js';
import { renderPage } from '../render.js';

export function registerBoardPages(router: Router, _deps: ConsoleDeps): { close(): void } {
  router.get('/', (_req, res) => {
    renderPage(res, 'board', { title: 'SLA board', section: 'board' });
  });
  return { close: () => undefined };
}
