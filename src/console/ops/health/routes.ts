/**
 * `GET /health` (feeds, queue, API budgets, problems, dead letters) and its operator actions:
 * `POST /dead-letters/:id/retry` and `POST /cases/resync`. Actions answer a page with a redirect back
 * (303, the outcome in the query) and a script with JSON.
 */
import express from 'express';
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import type { ConsoleAccess } from '../../access/types.js';
import type { ConsoleDeps } from '../../deps.js';
import { renderPage } from '../../render.js';
import { formatCount, formatDuration, formatInstant, formatRelative } from '../format.js';
import { caseUrl, issueUrl, ticketPath } from '../names.js';
import { loadApiBudgets } from './budgets.js';
import { loadFeedHealth, loadQueueHealth } from './feeds.js';
import { loadDeadLetters, loadRecentProblems } from './problems.js';
import { resyncCase, retryDeadLetter } from './actions.js';

const parseForm = express.urlencoded({ extended: false, limit: '16kb' });
const idParam = z.object({ id: z.coerce.number().int().positive() });
const resyncForm = z.object({ caseNumber: z.string().max(40) });
const caseNumberText = z.string().regex(/^\d{1,12}$/);
const notices = z.object({
  retried: z.coerce.number().int().positive().optional(),
  gone: z.coerce.number().int().positive().optional(),
  resynced: caseNumberText.optional(),
  unknownCase: caseNumberText.optional(),
  invalidCase: z.literal('1').optional(),
});

function wantsHtml(req: Request): boolean {
  return req.accepts(['html', 'json']) === 'html';
}

function answer(req: Request, res: Response, status: number, body: Record<string, unknown>, redirect: string): void {
  if (wantsHtml(req) && status < 400) res.redirect(303, redirect);
  else if (wantsHtml(req))
    res
      .status(status)
      .type('text')
      .send(String((body.error as { message?: string } | undefined)?.message ?? 'refused'));
  else res.status(status).json(body);
}

function noQueues(req: Request, res: Response): void {
  answer(req, res, 503, { error: { code: 'NO_QUEUE', message: 'this process runs no queue: retry from a process that runs the engine' } }, '/health');
}

export function registerHealthPage(router: Router, deps: ConsoleDeps, access: ConsoleAccess): void {
  router.get('/health', async (req, res) => {
    const now = deps.now();
    const [feeds, queues, budgets, problems, deadLetters] = await Promise.all([
      loadFeedHealth(deps.db, deps.config, now),
      deps.queueSchema ? loadQueueHealth(deps.db, deps.queueSchema, now) : Promise.resolve(undefined),
      loadApiBudgets(deps.db, now),
      loadRecentProblems(deps.db, now),
      loadDeadLetters(deps.db),
    ]);
    const notice = notices.safeParse(req.query);
    renderPage(res, 'health', {
      title: 'Sync health',
      section: 'health',
      now,
      feeds,
      queues,
      budgets,
      problems,
      deadLetters,
      notice: notice.success ? notice.data : {},
      canAct: deps.queues !== undefined,
      fmt: { instant: formatInstant, duration: formatDuration, relative: formatRelative, count: formatCount },
      url: { case: (id: string) => caseUrl(deps.links, id), issue: (key: string) => issueUrl(deps.links, key), ticket: ticketPath },
    });
  });

  router.post('/dead-letters/:id/retry', access.requireOperator, async (req, res) => {
    const parsed = idParam.safeParse(req.params);
    if (!parsed.success) {
      answer(req, res, 400, { error: { code: 'INVALID_INPUT', message: 'a dead letter id is a positive whole number' } }, '/health');
      return;
    }
    if (!deps.queues) return noQueues(req, res);
    const result = await retryDeadLetter(deps.db, parsed.data.id, deps.queues);
    const retried = result.retried.length > 0;
    deps.logger.info({ deadLetter: parsed.data.id, retried, by: res.locals.viewer?.name }, 'dead letter retried from the console');
    // A letter retried already (another operator, the CLI) is no error: it has left the list either way.
    answer(req, res, 200, { retried: result.retried, caseIds: result.caseIds, issueKeys: result.issueKeys }, retried ? `/health?retried=${parsed.data.id}` : `/health?gone=${parsed.data.id}`);
  });

  router.post('/cases/resync', access.requireOperator, parseForm, async (req, res) => {
    const parsed = resyncForm.safeParse(req.body);
    if (!parsed.success) {
      answer(req, res, 400, { error: { code: 'INVALID_INPUT', message: 'send caseNumber, a case number such as 00001234' } }, '/health');
      return;
    }
    if (!deps.queues) return noQueues(req, res);
    const outcome = await resyncCase(deps.db, parsed.data.caseNumber, deps.queues);
    if (outcome.kind !== 'queued') {
      // A person gets the page back with the problem said there; a script gets the status.
      if (wantsHtml(req)) res.redirect(303, outcome.kind === 'invalid' ? '/health?invalidCase=1' : `/health?unknownCase=${encodeURIComponent(parsed.data.caseNumber.trim())}`);
      else res.status(outcome.kind === 'invalid' ? 400 : 404).json({ error: { code: outcome.kind === 'invalid' ? 'INVALID_INPUT' : 'NOT_FOUND', message: outcome.message } });
      return;
    }
    deps.logger.info({ caseNumber: parsed.data.caseNumber, by: res.locals.viewer?.name }, 'case re-sync queued from the console');
    answer(req, res, 200, { queued: outcome.caseIds.length }, `/health?resynced=${encodeURIComponent(parsed.data.caseNumber.trim())}`);
  });
}
