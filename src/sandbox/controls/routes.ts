/**
 * `/__sandbox/...`: reset, stats, faults, actors, outbound target and info. Never counted in stats
 * and never subject to faults. Bad bodies answer 400 `{ error: { code, message, details } }`.
 */
import express, { Router, type Response } from 'express';
import { z } from 'zod';
import type { CallStats } from './stats.js';
import { faultConfigSchema, type FaultInjector } from './faults.js';

/** What the control routes operate on; provided by the sandbox server. */
export interface ControlTargets {
  stats: CallStats;
  faults: FaultInjector;
  reset(options: ResetOptions): { cases: number; jiraIssues: number };
  runSalesforceActor(action: unknown): Promise<{ ok: true; result: unknown } | { ok: false; error: string }>;
  runJiraActor(action: unknown): Promise<{ ok: true; result: unknown } | { ok: false; error: string }>;
  setOutboundUrl(url: string | undefined): void;
  setWebhookUrl(url: string | undefined): void;
  /** The Jira API user's profile time zone; an error message for a zone that does not exist. */
  setJiraUserTimeZone(timeZone: string): { ok: true } | { ok: false; error: string };
  info(): Record<string, unknown>;
}

/** Body of `POST /__sandbox/reset`: optional new seed sizes. */
export const resetSchema = z
  .object({
    seed: z.number().int().min(0).max(100_000).optional(),
    jiraSeed: z.number().int().min(0).max(10_000).optional(),
    randomSeed: z.number().int().optional(),
  })
  .strict();
/** Options of a reset. */
export type ResetOptions = z.infer<typeof resetSchema>;

const actorEnvelopeSchema = z.object({ system: z.enum(['salesforce', 'jira']) }).passthrough();
const urlBodySchema = z.object({ url: z.string().url().nullable() }).strict();
const jiraUserBodySchema = z.object({ timeZone: z.string().min(1) }).strict();

function answerInvalid(res: Response, error: z.ZodError): void {
  res.status(400).json({
    error: {
      code: 'INVALID_INPUT',
      message: error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '),
      details: error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    },
  });
}

/** Creates the control router (mount at `/__sandbox`). */
export function createControlRoutes(targets: ControlTargets): Router {
  const router = Router();
  router.use(express.json({ limit: '1mb' }));

  router.get('/', (_req, res) => {
    res.json(targets.info());
  });

  router.post('/reset', (req, res) => {
    const parsed = resetSchema.safeParse(req.body ?? {});
    if (!parsed.success) return answerInvalid(res, parsed.error);
    res.json({ ok: true, ...targets.reset(parsed.data) });
  });

  router.get('/stats', (_req, res) => {
    res.json(targets.stats.snapshot());
  });
  router.delete('/stats', (_req, res) => {
    targets.stats.clear();
    res.status(204).end();
  });

  router.get('/faults', (_req, res) => {
    res.json(targets.faults.current());
  });
  router.put('/faults', (req, res) => {
    const parsed = faultConfigSchema.safeParse(req.body ?? {});
    if (!parsed.success) return answerInvalid(res, parsed.error);
    targets.faults.configure(parsed.data);
    res.json(parsed.data);
  });
  router.delete('/faults', (_req, res) => {
    targets.faults.configure(faultConfigSchema.parse({}));
    res.status(204).end();
  });

  router.post('/actors', async (req, res) => {
    const parsed = actorEnvelopeSchema.safeParse(req.body ?? {});
    if (!parsed.success) return answerInvalid(res, parsed.error);
    const { system, ...action } = parsed.data;
    const outcome = system === 'salesforce' ? await targets.runSalesforceActor(parsed.data) : await targets.runJiraActor(action);
    res.status(outcome.ok ? 200 : 400).json(outcome);
  });

  router.put('/outbound', (req, res) => {
    const parsed = urlBodySchema.safeParse(req.body ?? {});
    if (!parsed.success) return answerInvalid(res, parsed.error);
    targets.setOutboundUrl(parsed.data.url ?? undefined);
    res.status(204).end();
  });
  router.put('/webhook', (req, res) => {
    const parsed = urlBodySchema.safeParse(req.body ?? {});
    if (!parsed.success) return answerInvalid(res, parsed.error);
    targets.setWebhookUrl(parsed.data.url ?? undefined);
    res.status(204).end();
  });

  router.put('/jira/user', (req, res) => {
    const parsed = jiraUserBodySchema.safeParse(req.body ?? {});
    if (!parsed.success) return answerInvalid(res, parsed.error);
    const outcome = targets.setJiraUserTimeZone(parsed.data.timeZone);
    if (!outcome.ok) {
      res.status(400).json({ error: { code: 'INVALID_INPUT', message: `timeZone: ${outcome.error}`, details: [{ path: 'timeZone', message: outcome.error }] } });
      return;
    }
    res.json({ timeZone: parsed.data.timeZone });
  });

  router.use((error: unknown, _req: express.Request, res: Response, _next: express.NextFunction) => {
    const message = error instanceof Error ? error.message : String(error);
    res.status(400).json({ error: { code: 'INVALID_INPUT', message: `request body: ${message}`, details: [] } });
  });
  return router;
}
