/**
 * Validation of the `sla compute` input document. Every problem is reported with the ticket's
 * index, its id and the field, e.g. `tickets[3] (id "C-17").createdAt: not an ISO-8601 instant`.
 */
import { DateTime } from 'luxon';
import { InvalidInputError } from '../../errors.js';
import type { SlaEvent, SlaTicket } from './types.js';

export interface SlaComputeInput {
  nowMs: number;
  tickets: SlaTicket[];
}

/** Reported at most; past this the message says how many more there were. */
const MAX_PROBLEMS = 20;
const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)$/i;
const TICKET_KEYS = new Set(['id', 'createdAt', 'priority', 'tier', 'region', 'events']);
const EVENT_KEYS = new Set(['at', 'type', 'value']);

/** Parses an ISO-8601 instant that carries a zone designator (`Z` or an offset); NaN otherwise. */
export function parseInstantMs(value: unknown): number {
  if (typeof value !== 'string' || !INSTANT_PATTERN.test(value)) return NaN;
  const parsed = DateTime.fromISO(value, { setZone: true });
  return parsed.isValid ? parsed.toMillis() : NaN;
}

/** Validates the whole document; throws one InvalidInputError listing every problem found. */
export function parseSlaComputeInput(document: unknown): SlaComputeInput {
  const problems: string[] = [];
  if (!isRecord(document)) throw new InvalidInputError('input: expected a JSON object with "now" and "tickets"');
  for (const key of Object.keys(document)) if (key !== 'now' && key !== 'tickets') problems.push(`${key}: unknown field (expected "now" and "tickets")`);
  const nowMs = parseInstantMs(document.now);
  if (Number.isNaN(nowMs)) problems.push(`now: ${describeBadInstant(document.now)}`);
  const tickets: SlaTicket[] = [];
  if (!Array.isArray(document.tickets)) problems.push('tickets: expected an array of tickets');
  else {
    const seenIds = new Map<string, number>();
    document.tickets.forEach((raw, index) => {
      const ticket = parseTicket(raw, index, problems);
      const id = isRecord(raw) ? readId(raw.id) : undefined;
      if (id !== undefined) {
        const earlier = seenIds.get(id);
        if (earlier !== undefined) problems.push(`${ticketLabel(index, id)}.id: duplicate of tickets[${earlier}]`);
        else seenIds.set(id, index);
      }
      if (ticket) tickets.push(ticket);
    });
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_PROBLEMS);
    if (problems.length > MAX_PROBLEMS) shown.push(`… and ${problems.length - MAX_PROBLEMS} more problems`);
    throw new InvalidInputError(`invalid SLA input:\n${shown.join('\n')}`);
  }
  return { nowMs, tickets };
}

function parseTicket(raw: unknown, index: number, problems: string[]): SlaTicket | undefined {
  if (!isRecord(raw)) {
    problems.push(`tickets[${index}]: expected an object`);
    return undefined;
  }
  const id = readId(raw.id);
  const label = ticketLabel(index, id);
  const before = problems.length;
  if (id === undefined) problems.push(`${label}.id: expected a non-empty string`);
  for (const key of Object.keys(raw)) if (!TICKET_KEYS.has(key)) problems.push(`${label}.${key}: unknown field`);
  const createdAtMs = parseInstantMs(raw.createdAt);
  if (Number.isNaN(createdAtMs)) problems.push(`${label}.createdAt: ${describeBadInstant(raw.createdAt)}`);
  for (const key of ['priority', 'tier', 'region'] as const) {
    if (typeof raw[key] !== 'string') problems.push(`${label}.${key}: expected a string, got ${describeValue(raw[key])}`);
  }
  const events: SlaEvent[] = [];
  if (raw.events !== undefined && !Array.isArray(raw.events)) problems.push(`${label}.events: expected an array`);
  else (raw.events ?? []).forEach((event: unknown, eventIndex: number) => parseEvent(event, `${label}.events[${eventIndex}]`, events, problems));
  if (problems.length > before) return undefined;
  return { id: id!, createdAtMs, priority: raw.priority as string, tier: raw.tier as string, region: raw.region as string, events };
}

function parseEvent(raw: unknown, label: string, out: SlaEvent[], problems: string[]): void {
  if (!isRecord(raw)) {
    problems.push(`${label}: expected an object`);
    return;
  }
  for (const key of Object.keys(raw)) if (!EVENT_KEYS.has(key)) problems.push(`${label}.${key}: unknown field`);
  const atMs = parseInstantMs(raw.at);
  if (Number.isNaN(atMs)) problems.push(`${label}.at: ${describeBadInstant(raw.at)}`);
  if (raw.type === 'status') {
    if (typeof raw.value !== 'string' || raw.value === '') problems.push(`${label}.value: a status event needs the status name as a non-empty string`);
    else if (!Number.isNaN(atMs)) out.push({ atMs, type: 'status', value: raw.value });
  } else if (raw.type === 'agentReply') {
    if (raw.value !== undefined) problems.push(`${label}.value: an agentReply event has no value`);
    else if (!Number.isNaN(atMs)) out.push({ atMs, type: 'agentReply' });
  } else {
    problems.push(`${label}.type: expected "status" or "agentReply", got ${describeValue(raw.type)}`);
  }
}

/** Ticket ids are strings; a numeric id is accepted as its decimal text. */
function readId(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
}

function ticketLabel(index: number, id: string | undefined): string {
  return id === undefined ? `tickets[${index}]` : `tickets[${index}] (id ${JSON.stringify(id)})`;
}

function describeBadInstant(value: unknown): string {
  if (value === undefined) return 'missing; expected an ISO-8601 instant such as 2025-03-30T09:15:00Z';
  return `not an ISO-8601 instant with a zone (Z or ±HH:MM): ${describeValue(value)}`;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
