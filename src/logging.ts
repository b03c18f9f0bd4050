/**
 * pino JSON logs with secrets removed twice over: known secret-bearing keys are redacted by path,
 * and every secret value from the environment is scrubbed from the final line whatever key it
 * hides under (an error message, a URL, a stack).
 */
import { pino } from 'pino';
import type { DestinationStream, Logger } from 'pino';

export type { Logger } from 'pino';

const REDACTED_KEYS = ['authorization', 'Authorization', 'password', 'apiToken', 'accessToken', 'access_token', 'privateKey', 'clientSecret', 'client_secret', 'token', 'secret', 'cookie'];
const REDACT_PATHS = [...REDACTED_KEYS, ...REDACTED_KEYS.map((k) => `*.${k}`), ...REDACTED_KEYS.map((k) => `*.*.${k}`), 'req.headers.authorization', 'headers.authorization'];

export interface LoggerOptions {
  level: string;
  /** Values that must never be printed (tokens, keys, passwords). */
  secretValues?: readonly string[];
  /** Where lines go; stdout by default. Tests pass a capturing stream. */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  const scrub = makeScrubber(options.secretValues ?? []);
  return pino(
    {
      level: options.level,
      base: { service: 'casebridge' },
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      hooks: { streamWrite: scrub },
    },
    options.destination ?? pino.destination(1),
  );
}

/** Replaces each secret (and its JSON-escaped form, as it appears inside a log line) with [REDACTED]. */
export function makeScrubber(secretValues: readonly string[]): (line: string) => string {
  const needles = new Set<string>();
  for (const value of secretValues.flatMap((v) => [v, ...secretPartsOfUrl(v)])) {
    if (!value) continue;
    needles.add(value);
    needles.add(JSON.stringify(value).slice(1, -1));
    needles.add(encodeURIComponent(value));
  }
  const sorted = [...needles].filter((n) => n.length > 0).sort((a, b) => b.length - a.length);
  if (sorted.length === 0) return (line) => line;
  const pattern = new RegExp(sorted.map(escapeRegExp).join('|'), 'g');
  return (line) => line.replace(pattern, '[REDACTED]');
}

/**
 * The parts of a secret URL that are secrets on their own, because they leak apart from the URL: a
 * proxy or an HTTP client echoes the path without the host (a Slack webhook's token is its path),
 * drivers print the user and the password, clients log the query. Host names, plain path words
 * (`services`) and role-like user names (`postgres`) are not secrets and stay readable.
 */
export function secretPartsOfUrl(value: string): string[] {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return [];
  }
  if (!url.host) return [];
  const parts: string[] = [];
  const decode = (text: string) => {
    try {
      return decodeURIComponent(text);
    } catch {
      return text;
    }
  };
  if (url.password.length >= 4) parts.push(url.password, decode(url.password));
  // A user name is hidden when it identifies someone (an e-mail, a generated id), not when it is a
  // role word such as `postgres` that appears in ordinary messages.
  const user = decode(url.username);
  if (user.includes('@') || looksLikeToken(user)) parts.push(url.username, user);
  const tokens = url.pathname.split('/').filter(looksLikeToken);
  if (tokens.length > 0) parts.push(url.pathname, ...tokens);
  for (const [, queryValue] of url.searchParams) if (queryValue.length >= 6) parts.push(queryValue);
  if (url.hash.length > 6) parts.push(url.hash.slice(1));
  return parts;
}

/** A path segment that is an id or a token rather than a word: long, or with digits in it. */
function looksLikeToken(segment: string): boolean {
  return segment.length >= 20 || (segment.length >= 8 && /\d/.test(segment) && /[A-Za-z]/.test(segment));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
