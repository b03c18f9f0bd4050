/** The ticket page: `/tickets/<case number>` (a case number is what people have at hand). */
import type { Router } from 'express';
import { z } from 'zod';
import type { ConsoleDeps } from '../deps.js';
import { formatInstant, formatInstantLong, getViewerZone } from '../format.js';
import { createConsoleNames } from '../names.js';
import { renderPage } from '../render.js';
import { loadTicketView } from './ticket-view.js';

const caseNumberSchema = z.string().trim().min(1).max(40);

export function registerTicketPage(router: Router, deps: ConsoleDeps): void {
  const names = createConsoleNames(deps.config);
  router.get('/tickets/:caseNumber', async (req, res) => {
    const parsed = caseNumberSchema.safeParse(req.params.caseNumber);
    if (!parsed.success) {
      renderPage(res, 'error', { title: 'Not a case number', section: 'board', message: 'A ticket page is /tickets/<case number>, e.g. /tickets/00001003.' }, 400);
      return;
    }
    const viewerZone = getViewerZone(req);
    const view = await loadTicketView(deps, names, deps.holidays, parsed.data, viewerZone);
    if (!view) {
      renderPage(
        res,
        'error',
        { title: `No case ${parsed.data}`, section: 'board', message: `casebridge has no ticket with case number ${parsed.data}: it has not been synced, or the number is mistyped.` },
        404,
      );
      return;
    }
    const now = deps.now();
    // Timeline instants: in the viewer's zone, in full with the zone on hover.
    const when = (at: Date) => ({ text: formatInstant(at, viewerZone, now), title: formatInstantLong(at, viewerZone), iso: at.toISOString() });
    renderPage(res, 'ticket', { title: `Case ${parsed.data}`, section: 'board', ...view, viewerZone, when });
  });
}
