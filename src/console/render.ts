/**
 * Renders console pages with Eta (auto-escaping on): every page gets the access layer's locals
 * (viewer, CSRF token, sandbox flag) and the page's own data, inside layout.eta.
 */
import { Eta } from 'eta';
import type { Response } from 'express';
import type { ConsoleLocals } from './access/types.js';
import { findConsoleDir } from './files.js';

/** Which navigation entry is highlighted. */
export type ConsoleSection = 'board' | 'incidents' | 'health' | 'reports' | 'none';

export interface PageData {
  title: string;
  section: ConsoleSection;
  [key: string]: unknown;
}

let eta: Eta | undefined;

function getEta(): Eta {
  eta ??= new Eta({ views: findConsoleDir('views'), autoEscape: true, cache: true });
  return eta;
}

/** The locals the access layer set, with safe defaults when a test mounts pages without it. */
export function getConsoleLocals(res: Response): ConsoleLocals {
  const locals = res.locals as Partial<ConsoleLocals>;
  return { viewer: locals.viewer ?? { name: 'unknown', role: 'viewer' }, csrfToken: locals.csrfToken ?? '', sandbox: locals.sandbox ?? false };
}

/** Renders `views/<template>.eta` (a page that declares `layout('layout')`) and sends it as HTML. */
export function renderPage(res: Response, template: string, data: PageData, status = 200): void {
  const html = renderTemplate(template, { ...getConsoleLocals(res), ...data });
  res.status(status).type('html').send(html);
}

/** Renders a template (a page or a fragment) to a string. */
export function renderTemplate(template: string, data: object): string {
  return getEta().render(template, data);
}
