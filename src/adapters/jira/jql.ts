/**
 * JQL built from structured input. Values enter only as double-quoted, escaped string literals;
 * issue and project keys are also checked against Jira's key syntax, because jira.js puts keys
 * into URL paths unencoded.
 */
import { InvalidInputError } from '../../errors.js';
import { isIssueKey, isProjectKey } from '../../domain/jira-keys.js';

export { isIssueKey, isProjectKey };

const ESCAPES: Record<string, string> = { '\\': '\\\\', '"': '\\"', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A JQL string literal (with its quotes) holding exactly `value`. */
export function quoteJqlString(value: string): string {
  return `"${value.replace(/[\\"'\n\r\t]/g, (ch) => ESCAPES[ch] as string)}"`;
}

/**
 * A JQL date value `"yyyy-MM-dd HH:mm"` in `timeZone` (JQL reads dates in the API user's profile
 * time zone), floored to the minute. Outside UTC one more hour is taken off, so a wall-clock time
 * that a daylight-saving change makes ambiguous can only widen the window.
 */
export function formatJqlDateTime(instant: Date, timeZone = 'UTC'): string {
  if (Number.isNaN(instant.getTime())) throw new InvalidInputError('a JQL date needs a valid Date, got an invalid one');
  const utc = timeZone === 'UTC' || timeZone === 'Etc/UTC';
  const shifted = new Date(instant.getTime() - (utc ? 0 : 3_600_000));
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(shifted)
      .map((part) => [part.type, part.value]),
  );
  return `"${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}"`;
}

function quotedList(values: readonly string[]): string {
  return values.map(quoteJqlString).join(', ');
}

/** Issues by key (callers chunk the keys and drop the ones that are not keys). */
export function buildKeysJql(keys: readonly string[]): string {
  const bad = keys.find((key) => !isIssueKey(key));
  if (bad !== undefined) throw new InvalidInputError(`${JSON.stringify(bad)} is not a Jira issue key such as PAY-123`);
  if (keys.length === 0) throw new InvalidInputError('buildKeysJql needs at least one key');
  return `key in (${quotedList(keys)}) ORDER BY key ASC`;
}

/** Issues carrying any of these labels. */
export function buildLabelsJql(labels: readonly string[]): string {
  if (labels.length === 0) throw new InvalidInputError('buildLabelsJql needs at least one label');
  return `labels in (${quotedList(labels)}) ORDER BY key ASC`;
}

/** Issues of these projects updated at or after `since`, oldest first. */
export function buildUpdatedJql(since: Date, projectKeys: readonly string[], timeZone = 'UTC'): string {
  if (projectKeys.length === 0) throw new InvalidInputError('listing updated issues needs at least one project key');
  const bad = projectKeys.find((key) => !isProjectKey(key));
  if (bad !== undefined) throw new InvalidInputError(`${JSON.stringify(bad)} is not a Jira project key (upper-case letters, digits, _)`);
  return `project in (${quotedList(projectKeys)}) AND updated >= ${formatJqlDateTime(since, timeZone)} ORDER BY updated ASC, key ASC`;
}
