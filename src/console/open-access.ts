/**
 * An access layer that lets everybody in as an operator: the sandbox's (a demo bound to loopback)
 * and the pages' tests'. Production uses the real one (sign-in, roles, CSRF) from ./access/.
 */
import express from 'express';
import type { ConsoleAccess, ConsoleLocals, ConsoleViewer } from './access/types.js';

export function createOpenAccess(viewer: ConsoleViewer = { name: 'Sandbox operator', role: 'operator' }, options: { sandbox?: boolean } = {}): ConsoleAccess {
  const locals: ConsoleLocals = { viewer, csrfToken: 'open', sandbox: options.sandbox ?? true };
  return {
    router: express.Router(),
    requireViewer: (_req, res, next) => {
      Object.assign(res.locals, locals);
      next();
    },
    requireOperator: (_req, res, next) => {
      if ((res.locals as Partial<ConsoleLocals>).viewer?.role !== 'operator') {
        res.status(403).json({ error: { code: 'FORBIDDEN', message: 'this action needs the operator role' } });
        return;
      }
      next();
    },
  };
}
