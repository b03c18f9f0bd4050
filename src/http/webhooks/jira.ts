/**
 * `POST /webhooks/jira`: Jira Cloud webhooks, signed `X-Hub-Signature: sha256=<hex HMAC>` over the
 * raw body. Unsigned or wrongly signed requests get 401 and nothing is written. Accepted events
 * are queued and answered at once; the work happens in the workers.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import express from 'express';
import type { Router } from 'express';
import { z } from 'zod';
import { isIssueKey } from '../../domain/jira-keys.js';

export interface JiraWebhookOptions {
  secret: string;
  /** The API user's accountId: events it caused are casebridge's own writes coming back. */
  integrationAccountId: () => string | undefined;
  enqueueIssues: (issueKeys: string[]) => Promise<void>;
  /** Counts accepted, ignored and rejected deliveries (metrics). */
  onDelivery?: (outcome: 'queued' | 'own-change' | 'ignored' | 'rejected') => void;
}

const payloadSchema = z
  .object({
    webhookEvent: z.string(),
    user: z.object({ accountId: z.string().optional() }).loose().optional(),
    issue: z.object({ key: z.string() }).loose().optional(),
    changelog: z
      .object({ items: z.array(z.object({ field: z.string().optional(), fieldId: z.string().optional(), fromString: z.string().nullish() }).loose()).optional() })
      .loose()
      .optional(),
  })
  .loose();

/**
 * The key an issue had before this change, when the change moved it to another project (Jira's
 * changelog item for the `issuekey` field). Links still name the old key: queueing it too lets
 * the pass find the cases and follow the issue to its new key.
 */
function previousKeyOf(changelog: z.infer<typeof payloadSchema>['changelog']): string | undefined {
  const item = changelog?.items?.find((i) => i.fieldId === 'issuekey' || i.field === 'Key');
  return isIssueKey(item?.fromString) ? item.fromString : undefined;
}

export function verifyHubSignature(secret: string, rawBody: Buffer, header: string | undefined): boolean {
  if (!header?.startsWith('sha256=')) return false;
  const given = Buffer.from(header.slice('sha256='.length), 'hex');
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  // Length first: timingSafeEqual throws on different lengths.
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function createJiraWebhookRouter(options: JiraWebhookOptions): Router {
  const router = express.Router();
  router.post('/webhooks/jira', express.raw({ type: () => true, limit: '2mb' }), async (req, res, next) => {
    try {
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (!verifyHubSignature(options.secret, raw, req.get('x-hub-signature'))) {
        options.onDelivery?.('rejected');
        res.status(401).json({ error: { code: 'INVALID_SIGNATURE', message: 'missing or invalid X-Hub-Signature' } });
        return;
      }
      let json: unknown;
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch {
        res.status(400).json({ error: { code: 'INVALID_JSON', message: 'body is not JSON' } });
        return;
      }
      const parsed = payloadSchema.safeParse(json);
      if (!parsed.success) {
        res.status(400).json({ error: { code: 'INVALID_PAYLOAD', message: 'not a Jira webhook payload', details: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) } });
        return;
      }
      const key = parsed.data.issue?.key;
      if (!key) {
        options.onDelivery?.('ignored');
        res.status(204).end();
        return;
      }
      // The engine would refuse the job anyway (ABC-0, OPS-01 name no issue): refuse it here, once.
      if (!isIssueKey(key)) {
        options.onDelivery?.('ignored');
        res.status(400).json({ error: { code: 'INVALID_ISSUE_KEY', message: `issue.key ${JSON.stringify(String(key).slice(0, 300))} is not a Jira issue key such as PAY-123` } });
        return;
      }
      // Each delivery describes one change by one user: one made by our API user is our own echo.
      if (parsed.data.user?.accountId && parsed.data.user.accountId === options.integrationAccountId()) {
        options.onDelivery?.('own-change');
        res.status(204).end();
        return;
      }
      const previousKey = previousKeyOf(parsed.data.changelog);
      const queued = previousKey && previousKey !== key ? [key, previousKey] : [key];
      await options.enqueueIssues(queued);
      options.onDelivery?.('queued');
      res.status(202).json({ queued });
    } catch (error) {
      next(error);
    }
  });
  return router;
}
