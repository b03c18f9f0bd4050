/** The ticket page: one case's timeline and SLA arithmetic. */
import type { Router } from 'express';
import type { ConsoleDeps } from '../deps.js';
import { renderPage } from '../render.js';

export function registerTicketPage(router: Router, _deps: ConsoleDeps): void {
  router.get('/tickets/:caseNumber', (req, res) => {
    renderPage(res, 'ticket', { title: `Case ${req.params.caseNumber}`, section: 'board', caseNumber: req.params.caseNumber });
  });
}
