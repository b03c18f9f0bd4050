/**
 * How the access layer says no: a browser navigating to a page is sent to sign in (and back after);
 * fetch(), EventSource and API clients get JSON 401/403; a form POST from a browser gets a page.
 */
import type { Request, Response } from 'express';
import { renderAccessPage } from './pages.js';

/** A page navigation: GET asking for HTML (fetch() sends `*\/*`, EventSource `text/event-stream`). */
export function wantsHtml(req: Request): boolean {
  return req.method === 'GET' && (req.get('accept') ?? '').includes('text/html');
}

export function refuseSignedOut(req: Request, res: Response): void {
  if (wantsHtml(req)) return void res.redirect(302, `/signin?next=${encodeURIComponent(req.originalUrl)}`);
  refuse(req, res, 401, 'SIGN_IN_REQUIRED', 'sign in to the console first');
}

export function refuse(req: Request, res: Response, status: 401 | 403 | 400, code: string, message: string): void {
  const fromBrowserForm = req.method === 'POST' && req.is('application/x-www-form-urlencoded') && (req.get('accept') ?? '').includes('text/html');
  if (wantsHtml(req) || fromBrowserForm) return void renderAccessPage(res, status, { state: 'refused', message });
  res.status(status).json({ error: { code, message } });
}

/** Only paths on this site: `/board?x=1` yes; `//evil.example`, `https://…`, `/\evil` no. */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\') || value.startsWith('/signin')) return '/';
  return value;
}
