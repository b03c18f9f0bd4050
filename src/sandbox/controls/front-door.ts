/**
 * The middleware in front of both emulators: decides the system from the path, counts the call
 * (as refused when a fault, a 401 or a spent budget answers it), and applies injected faults and
 * the daily budget before the emulator sees the request.
 */
import type { RequestHandler, Response } from 'express';
import type { CallStats } from './stats.js';
import type { FaultInjector, FaultRule } from './faults.js';
import { toRouteTemplate, toSandboxSystem, type SandboxSystem } from './route-template.js';
import { REQUEST_LIMIT_BODY } from '../salesforce/errors.js';

/** Paths that do not spend API budget (Salesforce does not count OAuth calls). */
function isBudgetFree(path: string): boolean {
  return path.startsWith('/services/oauth2/');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** `yyyy-MM-ddTHH:mmZ`, the format of Jira's `X-RateLimit-Reset` (minute precision, so it may lie in the past). */
function toRateLimitReset(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 16)}Z`;
}

/**
 * Jira Cloud's rate-limit headers on a 429: `Retry-After` (seconds) and `X-RateLimit-Reset` (request time
 * plus that wait), `X-RateLimit-Limit`/`-Remaining` and `RateLimit-Reason`; sometimes no `Retry-After` at all.
 */
function setJiraRateLimitHeaders(res: Response, rule: FaultRule, withoutRetryAfter: boolean, nowMs: number): void {
  if (!withoutRetryAfter) res.set('Retry-After', String(rule.retryAfterSeconds));
  res.set('X-RateLimit-Reset', toRateLimitReset(nowMs + rule.retryAfterSeconds * 1000));
  res.set('X-RateLimit-Limit', '100');
  res.set('X-RateLimit-Remaining', '0');
  res.set('RateLimit-Reason', 'jira-burst-based');
}

/** Less than 20 % of the day's budget left. */
function isNearLimit(usage: { used: number; max: number }): boolean {
  return usage.max - usage.used < usage.max * 0.2;
}

/** Answers an injected error in the shape of the system it pretends to come from. */
function answerFault(res: Response, system: SandboxSystem, rule: FaultRule, withoutRetryAfter: boolean, nowMs: number): void {
  if (rule.status === 'REQUEST_LIMIT_EXCEEDED') {
    res.status(403).json(REQUEST_LIMIT_BODY);
    return;
  }
  if (system === 'jira' && rule.status === 429) setJiraRateLimitHeaders(res, rule, withoutRetryAfter, nowMs);
  else if (rule.status === 429 || rule.status === 503) res.set('Retry-After', String(rule.retryAfterSeconds));
  const text = rule.status === 429 ? 'Too many requests' : rule.status === 503 ? 'Service unavailable' : 'Internal server error';
  if (system === 'jira') {
    res.status(rule.status).json({ errorMessages: [`${text} (sandbox fault)`], errors: {} });
    return;
  }
  const code = rule.status === 429 ? 'REQUEST_LIMIT_EXCEEDED' : rule.status === 503 ? 'SERVER_UNAVAILABLE' : 'UNKNOWN_EXCEPTION';
  res.status(rule.status).json([{ message: `${text} (sandbox fault)`, errorCode: code }]);
}

/** The emulator does the work, then the socket is destroyed instead of answering (a reset after the write landed). */
function loseAnswer(res: Response, count: () => void): void {
  const lose = () => {
    count();
    res.socket?.destroy();
    return res;
  };
  res.writeHead = lose as unknown as typeof res.writeHead;
  res.write = (() => Boolean(lose())) as unknown as typeof res.write;
  res.end = lose as unknown as typeof res.end;
}

/** Creates the front middleware. */
export function createFrontDoor(stats: CallStats, faults: FaultInjector, now: () => Date = () => new Date()): RequestHandler {
  return async (req, res, next) => {
    const system = toSandboxSystem(req.path);
    if (!system) {
      next();
      return;
    }
    const template = toRouteTemplate(system, req.path);
    const routeKey = `${req.method} ${template}`;
    let refused = false;
    let counted = false;
    const count = (rejected: boolean): void => {
      if (counted) return;
      counted = true;
      stats.record(system, routeKey, rejected);
    };
    // Counting when the status line is written (before any byte reaches the client) means a test
    // that reads the stats right after a response always sees that call.
    const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => Response;
    res.writeHead = ((...args: unknown[]) => {
      count(refused || res.statusCode === 401);
      return writeHead(...args);
    }) as typeof res.writeHead;

    const decision = faults.decide(system, routeKey, template);
    if (decision.latencyMs > 0) await sleep(decision.latencyMs);
    if (decision.kind === 'drop') {
      count(true);
      req.socket.destroy();
      return;
    }
    if (decision.kind === 'error') {
      refused = true;
      answerFault(res, system, decision.rule, decision.withoutRetryAfter, now().getTime());
      return;
    }
    if (!isBudgetFree(req.path) && !faults.consume(system)) {
      refused = true;
      if (system === 'salesforce') res.status(403).json(REQUEST_LIMIT_BODY);
      else
        res
          .status(429)
          .set('Retry-After', String(faults.secondsUntilRefill()))
          .json({ errorMessages: ['Daily API limit exceeded (sandbox budget)'], errors: {} });
      return;
    }
    // Jira Cloud adds X-RateLimit-NearLimit: true to answers once less than a fifth of a budget remains.
    if (system === 'jira' && isNearLimit(faults.apiUsage('jira'))) res.set('X-RateLimit-NearLimit', 'true');
    if (decision.kind === 'loseAnswer') loseAnswer(res, () => count(false));
    next();
  };
}
