/**
 * Who is calling: the OAuth token endpoint, the identity URL (`/id/{org}/{user}`) and OpenID
 * Connect userinfo. Apart from the data API (routes-data.ts) because these sit outside
 * `/services/data` and only read the users the sessions stand for.
 */
import express, { Router } from 'express';
import { OAuthError, type SfSessions } from './auth.js';
import { sfError } from './errors.js';
import type { SalesforceStore } from './store.js';

/** The token, identity and userinfo endpoints of an org. */
export function createIdentityRoutes(sessions: SfSessions, store: SalesforceStore, organizationId: string): Router {
  const router = Router();
  router.post('/services/oauth2/token', express.urlencoded({ extended: false }), (req, res) => {
    try {
      const baseUrl = `${req.protocol}://${req.get('host') ?? ''}`;
      res.json(sessions.issueToken((req.body ?? {}) as Record<string, string | undefined>, baseUrl));
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      res.status(400).json({ error: error.error, error_description: error.description });
    }
  });
  router.get('/id/:orgId/:userId', sessions.requireSession(), (req, res) => {
    const user = store.get('User', String(req.params.userId));
    if (!user) throw sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    res.json({
      id: `${req.protocol}://${req.get('host') ?? ''}/id/${organizationId}/${String(user.Id)}`,
      user_id: user.Id,
      organization_id: organizationId,
      username: user.Username,
      display_name: user.Name,
      email: user.Email,
      active: user.IsActive,
      user_type: 'STANDARD',
    });
  });

  // OpenID Connect userinfo: how a client holding only a token learns whose token it is.
  router.get('/services/oauth2/userinfo', sessions.requireSession(), (req, res) => {
    const user = store.get('User', String(res.locals.sfUserId));
    if (!user) throw sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    const base = `${req.protocol}://${req.get('host') ?? ''}`;
    res.json({
      sub: `${base}/id/${organizationId}/${String(user.Id)}`,
      user_id: user.Id,
      organization_id: organizationId,
      preferred_username: user.Username,
      nickname: user.Username,
      name: user.Name,
      email: user.Email,
      active: user.IsActive,
    });
  });
  return router;
}
