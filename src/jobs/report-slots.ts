/**
 * Schedule slots of a 5-field cron expression: each matching minute (in the schedule's zone) is a
 * slot. Used to find the slots a scheduler missed while no replica was running.
 */
import cron from 'node-cron';

const MINUTE_MS = 60_000;
/** How far back a catch-up looks, at most: a month of minutes. */
const MAX_LOOKBACK_MINUTES = 31 * 24 * 60;

export interface SlotMatcher {
  matches(slotMs: number): boolean;
}

export function createSlotMatcher(expression: string, timeZone: string): SlotMatcher {
  // A task that is never started: only its matcher is used.
  const task = cron.createTask(expression, () => undefined, { timezone: timeZone });
  return { matches: (slotMs) => task.match(new Date(slotMs)) };
}

/** The minute containing `ms`. */
export function floorToMinute(ms: number): number {
  return Math.floor(ms / MINUTE_MS) * MINUTE_MS;
}

/**
 * Slots in (afterMs, uptoMs], oldest first, at most `limit` (the newest ones are kept: a report
 * for last week is worth less than this morning's).
 */
export function listSlotsBetween(matcher: SlotMatcher, afterMs: number, uptoMs: number, limit: number): number[] {
  const slots: number[] = [];
  const start = Math.max(floorToMinute(afterMs) + MINUTE_MS, floorToMinute(uptoMs) - MAX_LOOKBACK_MINUTES * MINUTE_MS);
  for (let minute = start; minute <= uptoMs; minute += MINUTE_MS) if (matcher.matches(minute)) slots.push(minute);
  return slots.slice(Math.max(0, slots.length - limit));
}
