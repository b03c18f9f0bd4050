/**
 * How the console writes times and durations for people: instants in the viewer's time zone (the
 * browser's, sent in a cookie), the calendar's zone on hover, and working durations as hours and
 * minutes (never days: on a business calendar a day is ambiguous).
 */
import type { Request } from 'express';
import { DateTime, IANAZone } from 'luxon';

/** The cookie the console's script sets to the browser's IANA zone (`Intl.DateTimeFormat().resolvedOptions().timeZone`). */
export const TIME_ZONE_COOKIE = 'cb_tz';

/** The viewer's zone from the cookie when it is a real IANA zone; UTC otherwise. */
export function getViewerZone(req: Request): string {
  const header = req.headers.cookie ?? '';
  const match = new RegExp(`(?:^|;\\s*)${TIME_ZONE_COOKIE}=([^;]+)`).exec(header);
  const zone = match ? decodeURIComponent(match[1]!) : '';
  return zone && IANAZone.isValidZone(zone) ? zone : 'UTC';
}

/** `15 Nov 17:00` (the year too when it is not the current one), in `zone`. */
export function formatInstant(at: Date, zone: string, now: Date): string {
  const local = DateTime.fromJSDate(at, { zone });
  const sameYear = local.year === DateTime.fromJSDate(now, { zone }).year;
  return local.toFormat(sameYear ? 'd LLL HH:mm' : 'd LLL yyyy HH:mm');
}

/** `Sun 15 Nov 2026 17:00 Asia/Jerusalem`: the full instant with its zone, for tooltips and timelines. */
export function formatInstantLong(at: Date, zone: string): string {
  return `${DateTime.fromJSDate(at, { zone }).toFormat('ccc d LLL yyyy HH:mm:ss')} ${zone}`;
}

/** Working time as hours and minutes: `0m`, `45m`, `3h 05m`, `54h 10m`. Rounded down to the minute. */
export function formatDurationMs(ms: number): string {
  const totalMinutes = Math.floor(Math.max(0, ms) / 60_000);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  if (hours === 0) return `${minutes}m`;
  return `${hours}h ${String(minutes).padStart(2, '0')}m`;
}

export function formatDurationMinutes(minutes: number): string {
  return formatDurationMs(minutes * 60_000);
}
