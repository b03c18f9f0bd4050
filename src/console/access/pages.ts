/** The access layer's own pages (sign-in form, refusals), rendered inside the console's layout. */
import type { Response } from 'express';
import { renderTemplate } from '../render.js';
import type { ConsoleLocals } from './types.js';

export type AccessPage =
  { state: 'token'; csrfToken: string; next: string; message?: string } | { state: 'oidc'; providerHost: string; next: string; message?: string } | { state: 'refused'; message: string };

export function renderAccessPage(res: Response, status: number, page: AccessPage): void {
  const locals = res.locals as Partial<ConsoleLocals>;
  // A signed-out visitor has no viewer: the layout then shows neither name nor sign-out button.
  const html = renderTemplate('signin', {
    title: page.state === 'refused' ? 'Not allowed' : 'Sign in',
    section: 'none',
    sandbox: locals.sandbox ?? false,
    viewer: locals.viewer,
    csrfToken: locals.csrfToken ?? '',
    message: '',
    ...page,
    status,
  });
  res.status(status).type('html').send(html);
}
