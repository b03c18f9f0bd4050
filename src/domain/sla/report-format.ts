/** Small formatting helpers shared by the report renderers. */

/** Minutes with at most two decimals, as text. */
export function formatMinutes(minutes: number): string {
  return String(Math.round(minutes * 100) / 100);
}

/** ISO-8601 UTC, or empty text for "none". */
export function toIso(ms: number | null): string {
  return ms === null ? '' : new Date(ms).toISOString();
}
