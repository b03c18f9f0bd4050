/** `GET /incidents`, `GET /incidents/:key` and the operator's `POST /incidents/:key/acknowledge`. */
import type { Router } from 'express';
import { z } from 'zod';
import { isIssueKey } from '../../../domain/jira-keys.js';
import type { ConsoleAccess } from '../../access/types.js';
import type { ConsoleDeps } from '../../deps.js';
import { renderPage } from '../../render.js';
import { formatDuration, formatInstant, formatRelative } from '../format.js';
import { caseUrl, issueUrl, ticketPath } from '../names.js';
import { acknowledgeIncident } from './acknowledge.js';
import { loadIncident, loadIncidentList, RECENT_DAYS } from './incident-data.js';

const keyParam = z.object({ key: z.string().refine(isIssueKey) });
const notice = z.object({ acknowledged: z.literal('1').optional(), already: z.literal('1').optional() });

export function registerIncidentPages(router: Router, deps: ConsoleDeps, access: ConsoleAccess): void {
  const helpers = {
    fmt: { instant: formatInstant, duration: formatDuration, relative: formatRelative },
    url: { case: (id: string) => caseUrl(deps.links, id), issue: (key: string) => issueUrl(deps.links, key), ticket: ticketPath },
  };

  router.get('/incidents', async (_req, res) => {
    const now = deps.now();
    const incidents = await loadIncidentList(deps.db, deps.config, now);
    renderPage(res, 'incidents', { title: 'Incidents', section: 'incidents', now, incidents, recentDays: RECENT_DAYS, ...helpers });
  });

  router.get('/incidents/:key', async (req, res) => {
    const parsed = keyParam.safeParse(req.params);
    const now = deps.now();
    const view = parsed.success ? await loadIncident(deps.db, deps.config, parsed.data.key, now) : undefined;
    if (!view) {
      renderPage(res, 'incident', { title: 'No such incident', section: 'incidents', now, view: undefined, key: String(req.params.key).slice(0, 40), notice: {}, ...helpers }, 404);
      return;
    }
    const shown = notice.safeParse(req.query);
    renderPage(res, 'incident', { title: `Incident ${view.incident.issueKey}`, section: 'incidents', now, view, notice: shown.success ? shown.data : {}, ...helpers });
  });

  router.post('/incidents/:key/acknowledge', access.requireOperator, async (req, res) => {
    const parsed = keyParam.safeParse(req.params);
    if (!parsed.success) {
      res.status(400).json({ error: { code: 'INVALID_INPUT', message: 'an incident is named by its Jira key, such as INC-12' } });
      return;
    }
    const by = (res.locals.viewer as { name?: string } | undefined)?.name ?? 'an operator';
    const outcome = await acknowledgeIncident(deps.db, parsed.data.key, by, deps.now());
    if (outcome === 'not-found') {
      res.status(404).json({ error: { code: 'NOT_FOUND', message: `no incident ${parsed.data.key}` } });
      return;
    }
    deps.logger.info({ incident: parsed.data.key, outcome, by }, 'incident acknowledged from the console');
    const path = `/incidents/${encodeURIComponent(parsed.data.key)}?${outcome === 'acknowledged' ? 'acknowledged' : 'already'}=1`;
    if (req.accepts(['html', 'json']) === 'html') res.redirect(303, path);
    else res.json({ outcome });
  });
}
