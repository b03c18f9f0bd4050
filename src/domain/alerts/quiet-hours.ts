/**
 * Quiet hours: a daily window in a time zone (`22:00`–`07:00` spans midnight). Owner
 * notifications of notify-only alerts that fire inside it wait until it ends.
 */
import { DateTime } from 'luxon';

export interface QuietHours {
  timeZone: string;
  /** HH:MM, start of the window. */
  from: string;
  /** HH:MM, end of the window (exclusive). */
  to: string;
}

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function isInQuietHours(quiet: QuietHours | undefined, at: Date): boolean {
  if (!quiet) return false;
  const local = DateTime.fromJSDate(at, { zone: quiet.timeZone });
  const minute = local.hour * 60 + local.minute;
  const from = minutesOf(quiet.from);
  const to = minutesOf(quiet.to);
  return from < to ? minute >= from && minute < to : minute >= from || minute < to;
}

/** When the window that contains `at` ends (the moment held notifications go out); `at` itself when outside. */
export function endOfQuietHours(quiet: QuietHours | undefined, at: Date): Date {
  if (!quiet || !isInQuietHours(quiet, at)) return at;
  const local = DateTime.fromJSDate(at, { zone: quiet.timeZone });
  const to = minutesOf(quiet.to);
  let end = local.startOf('day').plus({ minutes: to });
  if (end <= local) end = end.plus({ days: 1 });
  return end.toJSDate();
}
