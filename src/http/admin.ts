/**
 * The admin API under `/admin`, for operators and scripts: links, dead letters (list and retry)
 * and the engine's counters. Every request needs `Authorization: Bearer <ADMIN_TOKEN>`, compared
 * in constant time; without ADMIN_TOKEN configured the API is off (404), never open.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import express from 'express';
import type { NextFunction, Request, Response, Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { listDeadLetters } from '../adapters/store/dead-letters.js';
import { findLiveLinks } from '../adapters/store/links.js';
import { retryDeadLetters } from '../engine/dead-letter-retry.js';
import { isSalesforceId } from '../adapters/salesforce/soql.js';
import { isIssueKey } from '../domain/jira-keys.js';
import type { Enqueuer } from '../engine/dead-letter-retry.js';

export interface AdminApiOptions extends Enqueuer {
  /** The bearer token; undefined turns the API off. */
  token: string | undefined;
  db: Knex;
  stats(): unknown;
}

const idParam = z.object({ id: z.coerce.number().int().positive() });
// Checked before any query: text that cannot name a link (a NUL byte, SQL, a typo) is the caller's mistake.
const linkTarget = z.object({ target: z.string().refine((t) => isSalesforceId(t) || isIssueKey(t)) });

export function createAdminRouter(options: AdminApiOptions): Router {
  const router = express.Router();
  // Hashing both sides gives equal lengths, so the comparison never leaks the token's length.
  const expected = options.token ? createHash('sha256').update(options.token).digest() : undefined;
  router.use('/admin', (req: Request, res: Response, next: NextFunction) => {
    if (!expected) {
      res.status(404).json({ error: { code: 'ADMIN_API_OFF', message: 'the admin API is off: set ADMIN_TOKEN to turn it on' } });
      return;
    }
    const header = req.get('authorization') ?? '';
    const given = createHash('sha256')
      .update(header.startsWith('Bearer ') ? header.slice(7) : '')
      .digest();
    if (!header.startsWith('Bearer ') || !timingSafeEqual(given, expected)) {
      res.status(401).json({ error: { code: 'UNAUTHORIZED', message: 'send Authorization: Bearer <ADMIN_TOKEN>' } });
      return;
    }
    next();
  });

  router.get('/admin/stats', (_req, res) => {
    res.json(options.stats());
  });

  router.get('/admin/links/:target', async (req, res) => {
    const parsed = linkTarget.safeParse(req.params);
    if (!parsed.success) {
      const given = JSON.stringify(String(req.params.target).slice(0, 100));
      res.status(400).json({ error: { code: 'INVALID_INPUT', message: `${given} is neither a case id (15 or 18 letters and digits) nor an issue key such as PAY-123` } });
      return;
    }
    const { target } = parsed.data;
    const links = await findLiveLinks(options.db, target);
    if (links.length === 0) {
      res.status(404).json({ error: { code: 'NOT_FOUND', message: `no live link for ${target}` } });
      return;
    }
    res.json({ links });
  });

  router.get('/admin/dead-letters', async (req, res) => {
    res.json({ deadLetters: await listDeadLetters(options.db, { includeRetried: req.query.all === 'true' }) });
  });

  router.post('/admin/dead-letters/:id/retry', async (req, res) => {
    const parsed = idParam.safeParse(req.params);
    if (!parsed.success) {
      res.status(400).json({ error: { code: 'INVALID_INPUT', message: 'id must be a positive integer' } });
      return;
    }
    const result = await retryDeadLetters(options.db, [parsed.data.id], options);
    if (result.retried.length === 0) {
      res.status(404).json({ error: { code: 'NOT_FOUND', message: `no pending dead letter ${parsed.data.id}` } });
      return;
    }
    res.status(202).json({ retried: parsed.data.id, caseIds: result.caseIds, issueKeys: result.issueKeys });
  });
  return router;
}
