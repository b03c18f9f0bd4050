/** How the operations pages write times and durations for people (UTC, hours and minutes). */

/** `2026-12-02 07:15 UTC`; an em dash for "never". */
export function formatInstant(at: Date | null | undefined): string {
  if (!at) return '—';
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `3 h 05 min`, `45 min`, `2 d 4 h`; negative durations are written as their size. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const minutes = Math.round(Math.abs(ms) / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** `in 3 h 05 min` or `4 min ago`, relative to `now`. */
export function formatRelative(at: Date | null | undefined, now: Date): string {
  if (!at) return '—';
  const ms = at.getTime() - now.getTime();
  if (Math.abs(ms) < 30_000) return 'now';
  return ms > 0 ? `in ${formatDuration(ms)}` : `${formatDuration(ms)} ago`;
}

/** A number with thousands separators (`12,345`). */
export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : value.toLocaleString('en-US');
}
