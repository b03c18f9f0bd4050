/**
 * helmet's headers with a Content-Security-Policy for server-rendered pages whose scripts all come
 * from the console's own /assets: no inline script, no CDN. Over plain HTTP (the sandbox on
 * loopback, tests) `upgrade-insecure-requests` is left out, or the browser would ask for the
 * assets over https:// where nothing listens.
 */
import type { Request, RequestHandler } from 'express';
import helmet from 'helmet';

const directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

export function securityHeaders(isHttps: (req: Request) => boolean): RequestHandler {
  const overTls = helmet({ contentSecurityPolicy: { useDefaults: true, directives } });
  const overHttp = helmet({ contentSecurityPolicy: { useDefaults: true, directives: { ...directives, 'upgrade-insecure-requests': null } }, strictTransportSecurity: false });
  return (req, res, next) => (isHttps(req) ? overTls : overHttp)(req, res, next);
}
