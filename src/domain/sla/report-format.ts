/** Small formatting helpers shared by the report renderers. */
import { DateTime } from 'luxon';

/** Minutes with at most two decimals, as text. */
export function formatMinutes(minutes: number): string {
  return String(Math.round(minutes * 100) / 100);
}

/** ISO-8601 UTC, or empty text for "none". */
export function toIso(ms: number | null): string {
  return ms === null ? '' : new Date(ms).toISOString();
}

/**
 * An instant as a person reads it in the report's time zone ("27 Nov 2026 07:00"): the window line
 * of the HTML report, read by support leads. The machine-readable ISO form stays in `datetime`.
 */
export function toReadableTime(ms: number, timeZone: string): string {
  return DateTime.fromMillis(ms, { zone: timeZone }).toFormat('d LLL yyyy HH:mm');
}
