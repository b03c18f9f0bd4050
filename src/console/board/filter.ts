/**
 * The board's filters as they travel in the URL (`?region=IL&state=at_risk&page=2`): validated with
 * zod, empty values meaning "any", so a filtered board is a link a lead can share or reload.
 */
import { z } from 'zod';
import type { BoardFilter } from '../../adapters/store/board-query.js';
import { BOARD_STATES } from '../../adapters/store/board-order.js';
import type { ConsoleNames } from '../names.js';

export const PAGE_SIZE = 50;
/** Deeper pages than this are refused: nobody reads page 2,001, and an offset that deep costs a scan. */
export const MAX_PAGE = 2000;

const optionalText = z
  .string()
  .trim()
  .max(200)
  .optional()
  .transform((v) => (v === '' ? undefined : v));

export const boardQuerySchema = z.object({
  region: optionalText,
  tier: optionalText,
  priority: optionalText,
  topic: optionalText,
  team: optionalText,
  state: z
    .union([z.enum(BOARD_STATES), z.literal('')])
    .optional()
    .transform((v) => (v === '' ? undefined : v)),
  page: z.coerce.number().int().min(1).max(MAX_PAGE).default(1),
});

export type BoardQuery = z.infer<typeof boardQuerySchema>;

/** The filter keys, in the order the URL and the form write them. */
export const FILTER_KEYS = ['region', 'tier', 'priority', 'topic', 'team', 'state'] as const;

export function toBoardFilter(query: BoardQuery, names: ConsoleNames): BoardFilter {
  return {
    ...(query.region ? { region: query.region } : {}),
    ...(query.tier ? { tier: query.tier } : {}),
    ...(query.priority ? { priority: query.priority } : {}),
    ...(query.topic ? { topic: query.topic } : {}),
    ...(query.team ? { topics: names.topicsOfTeam(query.team) } : {}),
    ...(query.state ? { state: query.state } : {}),
  };
}

/** The query string for the same filters with some keys changed (`undefined` removes one). */
export function toQueryString(query: BoardQuery, changes: Partial<Record<(typeof FILTER_KEYS)[number] | 'page', string | number | undefined>> = {}): string {
  const params = new URLSearchParams();
  for (const key of [...FILTER_KEYS, 'page'] as const) {
    const value = key in changes ? changes[key] : query[key];
    if (value === undefined || value === '' || (key === 'page' && Number(value) === 1)) continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
