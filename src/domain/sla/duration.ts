/**
 * SLA target durations as written in config: hours and minutes only (`15m`, `4h`, `1h30m`).
 * Days are refused on purpose: on a business calendar "1d" could mean 24 hours or one working day.
 */

export type DurationParse = { ok: true; minutes: number } | { ok: false; message: string };

const DURATION_PATTERN = /^(?:(\d+)h)?(?:(\d+)m)?$/;

/** Parses `4h`, `15m`, `1h30m` into whole minutes; zero or malformed durations are refused with a reason. */
export function parseDurationMinutes(text: string): DurationParse {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?\s*(d|days?|w|weeks?)$/i.test(trimmed)) {
    return {
      ok: false,
      message: `"${text}": days and weeks are not accepted because on a business calendar a day is ambiguous (24 hours or one working day?); write hours and minutes, e.g. "24h" or "9h"`,
    };
  }
  const match = DURATION_PATTERN.exec(trimmed);
  if (trimmed === '' || !match || (match[1] === undefined && match[2] === undefined)) {
    return { ok: false, message: `"${text}" is not a duration; write hours and/or minutes such as "15m", "4h" or "1h30m"` };
  }
  const minutes = Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0);
  if (minutes <= 0) return { ok: false, message: `"${text}" is zero; an SLA target must be longer than that` };
  return { ok: true, minutes };
}

/** Formats minutes back into the config notation (`90` → `1h30m`), for messages and reports. */
export function formatDurationMinutes(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes - hours * 60;
  if (hours === 0) return `${rest}m`;
  return rest === 0 ? `${hours}h` : `${hours}h${rest}m`;
}
