/**
 * `POST /webhooks/alerts/:source` (grafana, datadog, newrelic, airbrake, generic): monitoring alerts
 * with `Authorization: Bearer <ALERTS_TOKEN>` (compared in constant time). A wrong token is 401, an
 * unknown or unconfigured source 404, a body that is not the source's payload 400 naming what is
 * wrong; nothing is stored for any of them. Accepted alerts are recorded (de-duplicated, queued)
 * and answered 202 at once; opening incidents and paging happen in the alert worker.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import express from 'express';
import type { Router } from 'express';
import type { AlertSource } from '../../config/schemas/alerts.js';
import type { IncomingAlert } from '../../domain/alerts/incoming.js';
import { isAlertSource, parseAlertPayload } from '../../domain/alerts/parsers.js';

export interface AlertWebhookOptions {
  token: string;
  /** Sources alerts.yaml configures. */
  sources: readonly AlertSource[];
  /** Records the alerts (and queues their work); resolves with what it did. */
  accept(alerts: IncomingAlert[]): Promise<{ recorded: Array<{ fingerprint: string; outcome: string }>; unrouted: Array<{ fingerprint: string; reason: string }> }>;
  onDelivery?: (source: string, outcome: 'accepted' | 'unauthorized' | 'malformed' | 'unknown-source') => void;
}

/** Constant-time comparison of the bearer token: both sides hashed first, so lengths never leak. */
export function isBearerToken(header: string | undefined, token: string): boolean {
  const match = /^Bearer (.+)$/.exec(header ?? '');
  if (!match) return false;
  const given = createHash('sha256').update(match[1]!).digest();
  const expected = createHash('sha256').update(token).digest();
  return timingSafeEqual(given, expected);
}

export function createAlertWebhookRouter(options: AlertWebhookOptions): Router {
  const router = express.Router();
  router.post('/webhooks/alerts/:source', express.raw({ type: () => true, limit: '1mb' }), async (req, res, next) => {
    const source = req.params.source;
    try {
      if (!isBearerToken(req.get('authorization'), options.token)) {
        options.onDelivery?.(source, 'unauthorized');
        res
          .status(401)
          .set('WWW-Authenticate', 'Bearer')
          .json({ error: { code: 'UNAUTHORIZED', message: 'missing or wrong Authorization: Bearer token (ALERTS_TOKEN)' } });
        return;
      }
      if (!isAlertSource(source) || !options.sources.includes(source)) {
        options.onDelivery?.(source, 'unknown-source');
        res.status(404).json({ error: { code: 'UNKNOWN_SOURCE', message: `alert source "${source.slice(0, 40)}" is not configured; alerts.yaml accepts ${options.sources.join(', ')}` } });
        return;
      }
      let json: unknown;
      try {
        json = JSON.parse((Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0)).toString('utf8'));
      } catch {
        options.onDelivery?.(source, 'malformed');
        res.status(400).json({ error: { code: 'INVALID_JSON', message: `the body is not JSON; ${source} sends a JSON payload` } });
        return;
      }
      const parsed = parseAlertPayload(source, json);
      if (!parsed.ok) {
        options.onDelivery?.(source, 'malformed');
        res.status(400).json({ error: { code: 'INVALID_PAYLOAD', message: `not a ${source} alert payload: ${parsed.problems.join('; ')}`, details: parsed.problems } });
        return;
      }
      const outcome = await options.accept(parsed.alerts);
      options.onDelivery?.(source, 'accepted');
      res.status(202).json({ recorded: outcome.recorded.map((r) => ({ fingerprint: r.fingerprint, outcome: r.outcome })), unrouted: outcome.unrouted });
    } catch (error) {
      next(error);
    }
  });
  return router;
}
