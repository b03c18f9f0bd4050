import type { FieldDef, ProjectDef } from './catalog-types.js';
import { isAdfDocument, toPlainText } from './adf.js';
import type { JiraStore } from './store.js';
import { isValidDateInput, parseDateTimeInput } from './time-format.js';

/** Parsing of `fields` values and `update` operations from create/edit/transition bodies into stored values. */

export type ParseResult = { ok: true; value: unknown } | { ok: false; error: string };

/** Single-line text (summary, textfield custom fields, labels): 255 characters. */
const MAX_TEXT_LENGTH = 255;
/** Multi-line text (description, textarea custom fields, comment bodies): 32,767 characters in Jira Cloud. */
export const MAX_LONG_TEXT_LENGTH = 32_767;

/** Jira's refusal of text over a limit, e.g. "…the allowed limit of 32,767 characters." */
export function textTooLongMessage(limit: number): string {
  return `The entered text is too long. It exceeds the allowed limit of ${limit.toLocaleString('en-US')} characters.`;
}

/** Characters Jira counts in a rich-text value: the text of an ADF document (UTF-16 units, as Java counts). */
export function longTextLength(value: unknown): number {
  return typeof value === 'string' ? value.length : toPlainText(value).length;
}

function isTextarea(field: FieldDef): boolean {
  return field.schema.custom?.endsWith(':textarea') ?? false;
}

function ok(value: unknown): ParseResult {
  return { ok: true, value };
}
function fail(error: string): ParseResult {
  return { ok: false, error };
}
function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function parseLabel(field: FieldDef, item: unknown): ParseResult {
  if (typeof item !== 'string' || item.trim() === '') return fail(`Field '${field.id}' expects an array of non-empty strings.`);
  if (/\s/.test(item)) return fail(`The label '${item}' contains spaces which is invalid.`);
  if (item.length > MAX_TEXT_LENGTH) return fail(`The label '${item.slice(0, 20)}…' exceeds the allowed limit of 255 characters.`);
  return ok(item);
}

/** Parses one element of components/fixVersions/labels (for `update` add/remove as well as `fields`). */
export function parseArrayElement(field: FieldDef, project: ProjectDef, item: unknown): ParseResult {
  if (field.kind === 'labels') return parseLabel(field, item);
  const record = asRecord(item);
  const options: readonly { id: string; name: string }[] = field.kind === 'components' ? project.components : project.versions;
  const what = field.kind === 'components' ? 'Component' : 'Version';
  if (record && typeof record['id'] === 'string') {
    const found = options.find((o) => o.id === record['id']);
    return found ? ok(found.id) : fail(`${what} id '${record['id']}' is not valid`);
  }
  if (record && typeof record['name'] === 'string') {
    const found = options.find((o) => o.name === record['name']);
    return found ? ok(found.id) : fail(`${what} name '${record['name']}' is not valid`);
  }
  return fail(`${what} must be given as an object with an id or a name`);
}

function parseArray(field: FieldDef, project: ProjectDef, input: unknown): ParseResult {
  if (input === null && field.custom) return ok([]);
  if (!Array.isArray(input)) return fail(`Field '${field.id}' expects an array.`);
  const values: string[] = [];
  for (const item of input) {
    const parsed = parseArrayElement(field, project, item);
    if (!parsed.ok) return parsed;
    if (!values.includes(parsed.value as string)) values.push(parsed.value as string);
  }
  return ok(values);
}

function parseUser(store: JiraStore, field: FieldDef, project: ProjectDef, input: unknown): ParseResult {
  if (input === null) return ok(null);
  const record = asRecord(input);
  const accountId = record?.['accountId'] ?? record?.['id'];
  if (typeof accountId !== 'string') return fail(`Specify a valid value for ${field.id}: an object with an accountId.`);
  if (accountId === '-1' && field.id === 'assignee') return ok(null);
  const user = store.findUser(accountId);
  if (!user) return fail(`Specified user '${accountId}' does not exist.`);
  if (field.id === 'assignee' && !user.assignableIn.includes(project.key)) return fail(`User '${user.displayName}' cannot be assigned issues.`);
  return ok(accountId);
}

function parseText(field: FieldDef, input: unknown): ParseResult {
  if (input === null && field.id !== 'summary') return ok(null);
  if (typeof input !== 'string') return fail(`Operation value must be a string`);
  if (field.id === 'summary') {
    if (input.trim() === '') return fail('You must specify a summary of the issue.');
    if (/[\r\n]/.test(input)) return fail('The summary is invalid because it contains newline characters.');
  }
  if (field.id === 'summary' && input.length > MAX_TEXT_LENGTH) return fail(`Summary can't exceed ${MAX_TEXT_LENGTH} characters.`);
  const limit = isTextarea(field) ? MAX_LONG_TEXT_LENGTH : MAX_TEXT_LENGTH;
  if (input.length > limit) return fail(textTooLongMessage(limit));
  return ok(field.id === 'summary' ? input : input === '' ? null : input);
}

function parseOption(field: FieldDef, input: unknown): ParseResult {
  if (input === null) return ok(null);
  const record = asRecord(input);
  const option = field.options?.find((o) => (record?.['id'] !== undefined ? o.id === record['id'] : o.value === record?.['value']));
  if (option) return ok(option.id);
  const given = record?.['id'] ?? record?.['value'] ?? JSON.stringify(input);
  return fail(record?.['id'] !== undefined ? `Option id '${String(given)}' is not valid` : `Option value '${String(given)}' is not valid`);
}

/** Parses a `fields` value for one field into its stored form. `parent` and project/issuetype are handled by the caller. */
export function parseFieldValue(store: JiraStore, field: FieldDef, project: ProjectDef, input: unknown): ParseResult {
  switch (field.kind) {
    case 'summary':
    case 'string':
      return parseText(field, input);
    case 'description':
      if (input === null) return ok(null);
      if (!isAdfDocument(input)) return fail('Operation value must be an Atlassian Document (see the Atlassian Document Format)');
      return longTextLength(input) > MAX_LONG_TEXT_LENGTH ? fail(textTooLongMessage(MAX_LONG_TEXT_LENGTH)) : ok(input);
    case 'priority': {
      if (input === null) return ok(null);
      const record = asRecord(input);
      const given = record?.['id'] ?? record?.['name'];
      const priority = typeof given === 'string' ? store.findPriority(given) : undefined;
      return priority ? ok(priority.id) : fail('The priority selected is invalid.');
    }
    case 'user':
      return parseUser(store, field, project, input);
    case 'labels':
    case 'components':
    case 'fixVersions':
      return parseArray(field, project, input);
    case 'date':
      if (input === null) return ok(null);
      return typeof input === 'string' && isValidDateInput(input) ? ok(input) : fail(`Error parsing date string: ${String(input)}`);
    case 'datetime': {
      if (input === null) return ok(null);
      const ms = typeof input === 'string' ? parseDateTimeInput(input) : undefined;
      return ms === undefined ? fail(`Error parsing date/time string: ${String(input)}`) : ok(ms);
    }
    case 'number':
      if (input === null) return ok(null);
      return typeof input === 'number' && Number.isFinite(input) ? ok(input) : fail('Operation value must be a number');
    case 'option':
      return parseOption(field, input);
    default:
      return fail(`Field '${field.id}' cannot be set. It is not on the appropriate screen, or unknown.`);
  }
}

/** Applies `update` operations (`add`, `remove`, `set`) for one field to its current stored value. */
export function applyUpdateOperations(store: JiraStore, field: FieldDef, project: ProjectDef, current: unknown, operations: unknown): ParseResult {
  if (!Array.isArray(operations)) return fail(`Update operations for '${field.id}' must be an array.`);
  const isArrayField = field.kind === 'labels' || field.kind === 'components' || field.kind === 'fixVersions';
  let value = isArrayField ? [...((current as string[] | null) ?? [])] : current;
  for (const operation of operations) {
    const record = asRecord(operation);
    const [name, ...rest] = record ? Object.keys(record) : [];
    if (!record || name === undefined || rest.length > 0) return fail(`Each update operation for '${field.id}' must have exactly one of add, remove, set.`);
    const argument = record[name];
    if (name === 'set') {
      const parsed = parseFieldValue(store, field, project, argument);
      if (!parsed.ok) return parsed;
      value = parsed.value;
    } else if ((name === 'add' || name === 'remove') && isArrayField) {
      const parsed = parseArrayElement(field, project, argument);
      if (!parsed.ok) return parsed;
      const list = value as string[];
      if (name === 'add' && !list.includes(parsed.value as string)) list.push(parsed.value as string);
      if (name === 'remove') value = list.filter((item) => item !== parsed.value);
    } else {
      return fail(`Operation '${name}' is not supported by field '${field.id}'.`);
    }
  }
  return ok(value);
}
