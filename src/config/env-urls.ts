/**
 * The shapes of the URLs casebridge takes from the environment. Their messages never echo the
 * value: a URL can carry a password or a token. They may name the host, which is no secret, to
 * say what to write instead.
 */
import { z } from 'zod';

/** Plain http only to this machine (a local emulator): anywhere else it would send the token in clear. */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The site's address alone, e.g. `https://acme.atlassian.net`: what the API paths are appended to. */
function siteProblem(name: string, value: string, example: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${name} must be an absolute URL such as ${example}`;
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    return `${name} must start with https:// (plain http only to localhost), such as ${example}`;
  }
  if (url.username || url.password) return `${name} must not hold a user name or password (the credentials have variables of their own)`;
  const origin = `${url.protocol}//${url.host}`;
  // The Lightning UI's host is what a browser shows; the API answers at the org's My Domain.
  if (url.hostname.endsWith('.lightning.force.com')) {
    return `${name} names the Lightning UI (…lightning.force.com); expected the My Domain address: ${origin.replace(/\.lightning\.force\.com$/, '.my.salesforce.com')}`;
  }
  if (url.pathname !== '/' || url.search || url.hash) return `${name} must be the site's address without a path or query; expected ${origin}`;
  return undefined;
}

/** An https site address from the environment (a Salesforce org, a Jira site). */
export function siteUrl(name: string, example: string) {
  return z.string().superRefine((value, ctx) => {
    const problem = siteProblem(name, value, example);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

/** What is wrong with a PostgreSQL connection URL, in words that hold none of its parts. */
function databaseProblem(value: string): string | undefined {
  if (!/^postgres(ql)?:\/\//.test(value)) return 'DATABASE_URL must start with postgres:// or postgresql://';
  try {
    new URL(value);
    return undefined;
  } catch {
    const shape = 'expected postgres://USER:PASSWORD@HOST:PORT/DATABASE';
    const rest = value.replace(/^postgres(ql)?:\/\//, '');
    const at = rest.lastIndexOf('@');
    if (at >= 0 && /[/?#]/.test(rest.slice(0, at))) return `DATABASE_URL's user name or password has a /, ? or # that must be percent-encoded (%2F, %3F, %23); ${shape}`;
    const host = rest.slice(at + 1).split(/[/?#]/)[0]!;
    if (host === '') return `DATABASE_URL has no host after the @; ${shape}`;
    if (/:(?!\d*$)/.test(host.replace(/^\[[^\]]*\]/, ''))) return `DATABASE_URL has a port that is not a number; ${shape}`;
    return `DATABASE_URL is not a valid URL; ${shape}, with special characters of the password percent-encoded (@ as %40, : as %3A)`;
  }
}

export const databaseUrl = z.string().superRefine((value, ctx) => {
  const problem = databaseProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
