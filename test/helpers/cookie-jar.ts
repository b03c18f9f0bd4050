/** fetch() with cookies, as a browser keeps them for one site (name → value; expiry by Max-Age=0 only). */
export interface CookieJar {
  cookies: Map<string, string>;
  /** Every Set-Cookie header seen, as sent. */
  setCookieHeaders: string[];
  fetch(url: string, init?: RequestInit & { form?: Record<string, string> }): Promise<Response>;
}

export function createCookieJar(): CookieJar {
  const cookies = new Map<string, string>();
  const setCookieHeaders: string[] = [];
  return {
    cookies,
    setCookieHeaders,
    async fetch(url, init = {}) {
      const headers = new Headers(init.headers);
      if (cookies.size > 0) headers.set('cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '));
      let body = init.body;
      if (init.form) {
        headers.set('content-type', 'application/x-www-form-urlencoded');
        body = new URLSearchParams(init.form).toString();
      }
      const res = await fetch(url, { ...init, headers, body, redirect: 'manual' });
      for (const header of res.headers.getSetCookie()) {
        setCookieHeaders.push(header);
        const [pair] = header.split(';');
        const eq = pair!.indexOf('=');
        const name = pair!.slice(0, eq).trim();
        const value = pair!.slice(eq + 1).trim();
        if (/;\s*max-age=0/i.test(header) || /expires=Thu, 01 Jan 1970/i.test(header) || value === '') cookies.delete(name);
        else cookies.set(name, value);
      }
      return res;
    },
  };
}

/** The value of a hidden form field in an HTML page. */
export function hiddenField(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!match) throw new Error(`no hidden field ${name} in the page`);
  return match[1]!;
}
