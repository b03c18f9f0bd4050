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
  for (const value of secretValues) {
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

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
