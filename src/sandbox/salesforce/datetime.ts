/**
 * Date-time text in the forms the Salesforce REST API uses: responses carry
 * `2024-05-01T09:30:00.000+0000`; requests may use any ISO 8601 form with an offset.
 */

/** Formats epoch milliseconds the way Salesforce REST responses do. */
export function formatSalesforceDateTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('Z', '+0000');
}

/** Parses an ISO 8601 date-time (Z, +hh:mm or +hhmm offsets); undefined when it is not one. */
export function parseSalesforceDateTime(text: string): number | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)(Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  if (!match) return undefined;
  const offset = match[3] === undefined || match[3] === 'Z' ? 'Z' : match[3].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(`${match[1]}T${match[2]}${offset}`);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Start of the UTC day containing the instant. */
export function startOfUtcDay(epochMs: number): number {
  const d = new Date(epochMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}

/**
 * An instant cut to its whole second. Salesforce keeps date-times to the second (a record saved at
 * 10:15:30.700 reads back as 10:15:30.000) and SOQL compares them at that precision.
 */
export function toWholeSecond(epochMs: number): number {
  return Math.floor(epochMs / 1000) * 1000;
}
