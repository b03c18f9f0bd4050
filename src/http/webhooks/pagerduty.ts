/**
 * `POST /webhooks/pagerduty`: PagerDuty v3 webhooks, signed `X-PagerDuty-Signature: v1=<hex HMAC-SHA256
 * of the raw body>`, several comma-separated while a secret is rotated; one matching signature is
 * enough. Unsigned, wrongly signed or malformed deliveries are refused (401 / 400) before anything
 * is stored. The work is a few rows (acknowledgement, resolution), written before the answer.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import express from 'express';
import type { Router } from 'express';
import { parsePagerDutyWebhook } from '../../domain/alerts/pagerduty-webhook.js';
import type { PagerDutyWebhookEvent } from '../../domain/alerts/pagerduty-webhook.js';

export interface PagerDutyWebhookOptions {
  secret: string;
  apply(event: PagerDutyWebhookEvent): Promise<string>;
  onDelivery?: (outcome: 'accepted' | 'rejected' | 'malformed') => void;
}

/** Whether any `v1=` signature of the header is the HMAC of the raw body (constant-time per candidate). */
export function verifyPagerDutySignature(secret: string, rawBody: Buffer, header: string | undefined): boolean {
  if (!header) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  let matched = false;
  for (const part of header.split(',').map((p) => p.trim())) {
    if (!part.startsWith('v1=')) continue;
    const given = Buffer.from(part.slice(3), 'hex');
    // Length first: timingSafeEqual throws on different lengths. Every candidate is checked, so timing says nothing about which matched.
    if (given.length === expected.length && timingSafeEqual(given, expected)) matched = true;
  }
  return matched;
}

export function createPagerDutyWebhookRouter(options: PagerDutyWebhookOptions): Router {
  const router = express.Router();
  router.post('/webhooks/pagerduty', express.raw({ type: () => true, limit: '1mb' }), async (req, res, next) => {
    try {
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (!verifyPagerDutySignature(options.secret, raw, req.get('x-pagerduty-signature'))) {
        options.onDelivery?.('rejected');
        res.status(401).json({ error: { code: 'INVALID_SIGNATURE', message: 'missing or invalid X-PagerDuty-Signature (expected v1=<hex HMAC-SHA256 of the body> with the subscription secret)' } });
        return;
      }
      let json: unknown;
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch {
        options.onDelivery?.('malformed');
        res.status(400).json({ error: { code: 'INVALID_JSON', message: 'body is not JSON' } });
        return;
      }
      const parsed = parsePagerDutyWebhook(json);
      if (!parsed.ok) {
        options.onDelivery?.('malformed');
        res.status(400).json({ error: { code: 'INVALID_PAYLOAD', message: 'not a PagerDuty v3 webhook payload', details: parsed.problems } });
        return;
      }
      const outcome = await options.apply(parsed.event);
      options.onDelivery?.('accepted');
      res.status(200).json({ outcome });
    } catch (error) {
      next(error);
    }
  });
  return router;
}
