import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import { JiraActors } from './actors.js';
import { CommentService } from './comment-service.js';
import { seedDemoIssues, simulateDeveloperStep } from './demo-data.js';
import { IssueMover } from './issue-move.js';
import { IssueService } from './issue-service.js';
import { JiraApiError } from './jira-errors.js';
import type { IssueEvent } from './model.js';
import { mountAdminWebhookRoutes } from './routes/admin-webhook-routes.js';
import { mountCommentRoutes } from './routes/comment-routes.js';
import { mountIssueRoutes } from './routes/issue-routes.js';
import { mountLinkRoutes } from './routes/link-routes.js';
import { mountMetaRoutes } from './routes/meta-routes.js';
import type { JiraRouteContext } from './routes/route-context.js';
import { mountSearchRoutes } from './routes/search-routes.js';
import { mountWatcherRoutes } from './routes/watcher-routes.js';
import { mountWebhookRoutes } from './routes/webhook-routes.js';
import { SearchIndex } from './search-index.js';
import { JiraStore } from './store.js';
import { isKnownTimeZone } from './time-format.js';
import { DEFAULT_RETRY_DELAYS_MS, WebhookDispatcher } from './webhook-dispatcher.js';

export { jiraActorActionSchema, type JiraActorAction } from './actors.js';
export { signWebhookBody } from './webhook-dispatcher.js';
export { API_USER_ACCOUNT_ID } from './catalog-projects.js';

/** How the Jira Cloud emulator is built. */
export interface JiraEmulatorOptions {
  /** Clock for timestamps and relative JQL dates. */
  now: () => Date;
  /** Randomness for seeding and the demo simulator. */
  random: () => number;
  /** Base URL clients reach the sandbox at (used in every `self` link), e.g. `http://127.0.0.1:4000`. */
  publicBaseUrl: () => string;
  /** Default secret of `setWebhookTarget` deliveries (HMAC `X-Hub-Signature`); unsigned when absent. */
  webhookSecret?: string;
  /** Waits before each webhook retry, ms. Default: 5 s, 30 s, 2 min, 10 min, 30 min. */
  webhookRetryDelaysMs?: readonly number[];
  /** Per-attempt webhook HTTP timeout, ms. Default 10 000. */
  webhookTimeoutMs?: number;
  /**
   * How far `/search/jql` lags behind writes, ms, read on every search (the sandbox reads the fault
   * config's `jira.searchIndexLagMs`). Default 0: search is consistent.
   */
  searchIndexLagMs?: () => number;
  /** IANA time zone of the API user's profile (`/myself` `timeZone`; JQL dates are read in it). Default `Etc/UTC`. */
  apiUserTimeZone?: string;
}

/** The Jira Cloud REST v3 emulator, mounted by the sandbox server at `/`. */
export interface JiraEmulator {
  /**
   * Serves `/rest/api/3/**` and the admin webhook API `/rest/webhooks/1.0/webhook`; any Basic or Bearer
   * credentials are accepted, none → 401.
   */
  router: express.Router;
  /** Back to the fresh site: projects, workflows, fields, users; no issues, no webhooks, no pending retries. */
  reset(): void;
  /** Creates demo issues (no webhooks are sent for them). */
  seed(issueCount: number): void;
  /** A developer action (see `jiraActorActionSchema`), performed as a human user; fires webhooks. */
  runActor(action: unknown): Promise<{ ok: true; result: unknown } | { ok: false; error: string }>;
  /** Registers/replaces the default all-events webhook (demo mode); `secret` signs deliveries. */
  setWebhookTarget(url: string | undefined, secret?: string): void;
  /** One gentle random developer action (demo mode). */
  simulateStep(random: () => number): Promise<void>;
  /** Resolves when no webhook delivery is in flight or waiting for a retry (tests). */
  whenWebhooksIdle(): Promise<void>;
  /** Webhook delivery attempts made since start, retries included (tests). */
  webhookAttempts(): number;
  /** Sets the API user's profile time zone until the next reset; an error message for an unknown zone. */
  setApiUserTimeZone(timeZone: string): { ok: true } | { ok: false; error: string };
  /** Stops webhook retry timers. */
  close(): Promise<void>;
}

function hasCredentials(header: string | undefined): boolean {
  const match = /^(Basic|Bearer)\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) return false;
  if (match[1]?.toLowerCase() === 'bearer') return true;
  const decoded = Buffer.from(match[2] ?? '', 'base64').toString('utf8');
  return decoded.includes(':') && decoded.length > 1;
}

function sendError(error: unknown, res: Response): void {
  if (error instanceof JiraApiError) {
    res.status(error.status).json(error.toBody());
    return;
  }
  const parseFailure = typeof error === 'object' && error !== null && (error as { type?: unknown }).type === 'entity.parse.failed';
  if (parseFailure) {
    res.status(400).json({ errorMessages: [`Unexpected character in the request body: ${(error as Error).message}`], errors: {} });
    return;
  }
  res.status(500).json({ errorMessages: [`Internal error in the Jira sandbox: ${error instanceof Error ? error.message : String(error)}`], errors: {} });
}

function unknownZoneError(timeZone: string): string {
  return `'${timeZone}' is not an IANA time zone (for example Asia/Jerusalem or America/Los_Angeles).`;
}

export function createJiraEmulator(options: JiraEmulatorOptions): JiraEmulator {
  const nowMs = () => options.now().getTime();
  const store = new JiraStore(options.publicBaseUrl);
  const initialTimeZone = options.apiUserTimeZone;
  if (initialTimeZone !== undefined && !isKnownTimeZone(initialTimeZone)) throw new Error(`Jira emulator: ${unknownZoneError(initialTimeZone)}`);
  const applyInitialTimeZone = (): void => {
    if (initialTimeZone !== undefined) store.setApiUserTimeZone(initialTimeZone);
  };
  applyInitialTimeZone();
  const webhooks = new WebhookDispatcher(store, {
    nowMs,
    retryDelaysMs: options.webhookRetryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
    timeoutMs: options.webhookTimeoutMs ?? 10_000,
  });
  const index = new SearchIndex(store, nowMs, options.searchIndexLagMs ?? (() => 0));
  let muted = false;
  const emit = (event: IssueEvent): void => {
    if (muted) return;
    index.noteChanged(event.issueId);
    webhooks.dispatch(event);
  };
  const issues = new IssueService(store, nowMs, emit);
  const comments = new CommentService(store, nowMs, emit);
  const actors = new JiraActors(store, issues, comments, new IssueMover(store, issues));
  const context: JiraRouteContext = { store, issues, comments, webhooks, index, nowMs };

  const router = express.Router();
  const prefixes = ['/rest/api/3', '/rest/webhooks/1.0'];
  router.use(prefixes, (req: Request, res: Response, next: NextFunction) => {
    if (!hasCredentials(req.headers.authorization)) {
      res.status(401).json({ errorMessages: ['You are not authenticated. Authentication required to perform this operation.'], errors: {} });
      return;
    }
    next();
  });
  router.use(prefixes, express.json({ limit: '10mb', strict: false }));
  mountMetaRoutes(router, context);
  mountIssueRoutes(router, context);
  mountCommentRoutes(router, context);
  mountLinkRoutes(router, context);
  mountWatcherRoutes(router, context);
  mountSearchRoutes(router, context);
  mountWebhookRoutes(router, context);
  mountAdminWebhookRoutes(router, context);
  router.use(prefixes, (req: Request, res: Response) => {
    res.status(404).json({ errorMessages: [`The Jira sandbox does not implement ${req.method} ${req.originalUrl}.`], errors: {} });
  });
  router.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => sendError(error, res));

  return {
    router,
    reset() {
      webhooks.reset();
      store.reset();
      applyInitialTimeZone();
      index.clear();
    },
    seed(issueCount) {
      muted = true;
      try {
        seedDemoIssues(store, issues, actors, issueCount, options.random);
      } finally {
        muted = false;
      }
      // Seeded issues stand for history from before the sandbox started: search sees them at once.
      index.indexAllNow();
    },
    async runActor(action) {
      return actors.run(action);
    },
    setWebhookTarget(url, secret) {
      webhooks.setDefaultTarget(url, secret ?? options.webhookSecret);
    },
    async simulateStep(random) {
      simulateDeveloperStep(store, issues, actors, random);
    },
    whenWebhooksIdle: () => webhooks.whenIdle(),
    webhookAttempts: () => webhooks.attempts,
    setApiUserTimeZone(timeZone) {
      if (!isKnownTimeZone(timeZone)) return { ok: false, error: unknownZoneError(timeZone) };
      store.setApiUserTimeZone(timeZone);
      return { ok: true };
    },
    async close() {
      webhooks.cancelRetries();
    },
  };
}
