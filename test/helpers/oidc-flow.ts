/**
 * Walks an OpenID Connect sign-in the way a browser would, with fetch and a cookie jar: from the
 * console's /signin/oidc through the local provider's login and consent forms (development
 * interactions) back to the console's callback, following every redirect by hand.
 */
import type { CookieJar } from './cookie-jar.js';

export interface OidcWalk {
  /** The console's answer to the provider's redirect (the callback); an empty 204 with `follow: false`. */
  callback: Response;
  /** The callback URL as the provider sent it (code, state, iss). */
  callbackUrl: string;
  /** The authorization request the console sent the browser to. */
  authorizationUrl: URL;
}

/** With `follow: false` the walk stops before the callback: the test presents the URL itself. */
export async function walkOidcSignIn(jar: CookieJar, consoleBaseUrl: string, login: string, next = '/', options: { follow?: boolean } = {}): Promise<OidcWalk> {
  const start = await jar.fetch(`${consoleBaseUrl}/signin/oidc?next=${encodeURIComponent(next)}`);
  if (start.status !== 302) throw new Error(`/signin/oidc answered ${start.status}: ${await start.text()}`);
  const authorizationUrl = new URL(start.headers.get('location')!);
  let url = authorizationUrl.href;
  let init: Parameters<CookieJar['fetch']>[1] = {};
  for (let step = 0; step < 12; step += 1) {
    if (url.startsWith(`${consoleBaseUrl}/signin/callback`)) {
      const callback = options.follow === false ? new Response(null, { status: 204 }) : await jar.fetch(url);
      return { callback, callbackUrl: url, authorizationUrl };
    }
    const res = await jar.fetch(url, init);
    init = {};
    const location = res.headers.get('location');
    if (location) {
      url = new URL(location, url).href;
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (res.status !== 200 || !action) throw new Error(`the provider answered ${res.status} at ${url}: ${html.slice(0, 300)}`);
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    url = new URL(action, url).href;
    init = { method: 'POST', form: prompt === 'login' ? { prompt, login, password: 'any' } : { prompt: prompt ?? 'consent' } };
  }
  throw new Error('the sign-in did not come back to the console in 12 steps');
}
