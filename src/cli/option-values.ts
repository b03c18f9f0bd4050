/**
 * The values CLI options take that more than one command shares: an instant (`--since`,
 * `--from`, `--to`), a port, the deployment's public URL. One rule each, so every command
 * accepts and refuses the same text with the same words.
 */
import { InvalidArgumentError } from 'commander';
import { z } from 'zod';

/**
 * A calendar date (midnight UTC) or a date-time with its zone: nothing a local clock could read
 * two ways, and no impossible date (2026-02-30 is refused, where Date.parse reads 2 March).
 */
const isoInstant = z.union([z.iso.date(), z.iso.datetime({ offset: true }), z.iso.datetime({ offset: true, precision: -1 })]);

/**
 * @param example A date that reads right for the option, e.g. 2026-01-01.
 * @returns The instant in epoch ms, or the problem naming the option, the text and what was expected.
 */
export function parseInstantOption(option: string, text: string, example: string): { ok: true; ms: number } | { ok: false; problem: string } {
  if (isoInstant.safeParse(text).success) return { ok: true, ms: Date.parse(text) };
  return { ok: false, problem: `${option} "${text}" is not an ISO-8601 date or date-time with a zone, such as ${example} or ${example}T00:00:00Z` };
}

/** Commander parser of `--port`: a whole number the HTTP server can listen on. */
export function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text.trim()) || port > 65535) throw new InvalidArgumentError('Expected a whole number from 0 to 65535 (0 picks a free port).');
  return port;
}

/** Commander parser of `--public-url`: where Jira reaches this deployment; webhooks go to <url>/webhooks/…. */
export function parsePublicUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidArgumentError('Expected the absolute URL Jira reaches this deployment at, such as https://casebridge.acme.example.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new InvalidArgumentError('Expected an http:// or https:// URL, such as https://casebridge.acme.example.');
  if (url.search || url.hash) throw new InvalidArgumentError('Expected a URL without a query or fragment: /webhooks/jira is appended to it.');
  return text;
}
