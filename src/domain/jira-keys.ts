/**
 * What a Jira project key and an issue key look like: the one rule every part of casebridge uses
 * (config, JQL, webhooks, typed keys, comment footers, the admin API).
 *
 * Jira's supported project keys start with an upper-case letter and go on with upper-case letters,
 * digits or underscores (`PRODUCT_2013`, `R2D2`, `MY_EXAMPLE_PROJECT`; Atlassian, "Changing the
 * project key format"); at least two characters, at most 255 (the highest "maximum project key
 * size" a site may set; Cloud's default is 10). An issue key is `<project key>-<number>`, the
 * number counted from 1 and never written with a leading zero: `ABC-0` and `OPS-01` name nothing.
 */

const PROJECT_KEY_SOURCE = '[A-Z][A-Z0-9_]{1,254}';
const ISSUE_NUMBER_SOURCE = '[1-9][0-9]*';

/** A whole string that is a project key. */
export const PROJECT_KEY_PATTERN = new RegExp(`^${PROJECT_KEY_SOURCE}$`);
/** A whole string that is an issue key. */
export const ISSUE_KEY_PATTERN = new RegExp(`^${PROJECT_KEY_SOURCE}-${ISSUE_NUMBER_SOURCE}$`);
/** An issue key inside longer text, as a capturing group (for footers and messages). */
export const ISSUE_KEY_CAPTURE = `(${PROJECT_KEY_SOURCE}-${ISSUE_NUMBER_SOURCE})`;
/** The issue key rule as regex source without anchors (also valid Java regex: Salesforce's REGEX()). */
export const ISSUE_KEY_SOURCE = `${PROJECT_KEY_SOURCE}-${ISSUE_NUMBER_SOURCE}`;

export function isProjectKey(value: unknown): value is string {
  return typeof value === 'string' && PROJECT_KEY_PATTERN.test(value);
}

export function isIssueKey(value: unknown): value is string {
  return typeof value === 'string' && ISSUE_KEY_PATTERN.test(value);
}

/** The project part of an issue key (`MY_PROJ` of `MY_PROJ-12`). */
export function projectOfIssueKey(key: string): string {
  return key.slice(0, key.lastIndexOf('-'));
}
