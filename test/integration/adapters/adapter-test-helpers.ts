/**
 * Shared pieces of the adapter tests: hostile texts and the sandbox control endpoints over HTTP.
 */
import assert from 'node:assert/strict';
import type { CallStatsSnapshot } from '../../../src/sandbox/controls/stats.js';

/** Subjects that break naive query building or encoding (quotes, escapes, query syntax, RTL, Cyrillic, emoji). */
export const HOSTILE_TEXTS: readonly string[] = [
  "O'Brien's card was charged twice",
  "' OR Id != null --",
  'x" OR project = PAY OR summary ~ "y',
  'C:\\Users\\driver\\app.log \\n is not a newline',
  'ends with a backslash \\',
  "\\' escaped quote already",
  'נהג לא הגיע לאיסוף — שלום',
  'Водитель не приехал, деньги списаны ₽',
  'Payment failed 💳🚕 👨‍👩‍👧‍👦 🇮🇱',
  'tab\tand "double" and `back` and % and _ and *',
  'AND ( ) , = != < > ~ ; ? @ # $ ^ & | { } [ ]',
];

/** `GET /__sandbox/stats`. */
export async function getStats(baseUrl: string): Promise<CallStatsSnapshot> {
  const response = await fetch(`${baseUrl}/__sandbox/stats`);
  assert.equal(response.status, 200);
  return (await response.json()) as CallStatsSnapshot;
}

/** `PUT /__sandbox/faults`. */
export async function putFaults(baseUrl: string, config: unknown): Promise<void> {
  const response = await fetch(`${baseUrl}/__sandbox/faults`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(config) });
  assert.equal(response.status, 200, await response.text());
}
