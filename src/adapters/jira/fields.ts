/**
 * Jira fields by name. Config names custom fields the way a Jira admin sees them ("Customer Tier");
 * their ids (`customfield_…`) differ from site to site, so they are looked up once from
 * `GET /rest/api/3/field` (the whole list, system and custom fields, in one unpaged answer) and the
 * names are resolved against that list. Resolution is pure; only `listJiraFields` calls Jira.
 */
import type { Version3Client } from 'jira.js';
import { CasebridgeError } from '../../errors.js';
import { fromJiraError } from './errors.js';

/** A field as `GET /rest/api/3/field` declares it (the parts casebridge reads). */
export interface JiraFieldInfo {
  id: string;
  name: string;
  custom: boolean;
  schema?: { type?: string; items?: string; custom?: string };
}

/** A configured custom field: its name and, optionally, the id that pins it. */
export interface JiraFieldRef {
  name: string;
  id?: string;
}

export type FieldResolution = { ok: true; id: string; field: JiraFieldInfo } | { ok: false; code: 'JIRA_FIELD_UNKNOWN' | 'JIRA_FIELD_AMBIGUOUS' | 'JIRA_FIELD_ID_MISMATCH'; message: string };

const CUSTOM_ID = /^customfield_\d+$/;
const normalise = (name: string) => name.trim().toLowerCase();

/** Finds the one custom field a reference names; every failure says what was expected. */
export function resolveJiraField(fields: readonly JiraFieldInfo[], ref: JiraFieldRef): FieldResolution {
  if (ref.id !== undefined) {
    const byId = fields.find((f) => f.id === ref.id);
    if (!byId) return { ok: false, code: 'JIRA_FIELD_UNKNOWN', message: `Jira has no field ${ref.id} (configured for "${ref.name}")` };
    if (normalise(byId.name) !== normalise(ref.name)) {
      return { ok: false, code: 'JIRA_FIELD_ID_MISMATCH', message: `Jira field ${ref.id} is named "${byId.name}", not "${ref.name}"; correct the name or the id` };
    }
    return { ok: true, id: byId.id, field: byId };
  }
  // A bare id is accepted too (it names exactly one field).
  if (CUSTOM_ID.test(ref.name)) return resolveJiraField(fields, { name: fields.find((f) => f.id === ref.name)?.name ?? ref.name, id: ref.name });
  const matches = fields.filter((f) => f.custom && normalise(f.name) === normalise(ref.name));
  if (matches.length === 1) return { ok: true, id: matches[0]!.id, field: matches[0]! };
  if (matches.length > 1) {
    return {
      ok: false,
      code: 'JIRA_FIELD_AMBIGUOUS',
      message: `Jira has ${matches.length} custom fields named "${ref.name}" (${matches.map((f) => f.id).join(', ')}); add its id to the config to pick one`,
    };
  }
  const system = fields.find((f) => !f.custom && normalise(f.name) === normalise(ref.name));
  if (system) return { ok: false, code: 'JIRA_FIELD_UNKNOWN', message: `"${ref.name}" is a Jira system field: name it by its id ${system.id}` };
  return { ok: false, code: 'JIRA_FIELD_UNKNOWN', message: `Jira has no custom field named "${ref.name}" (expected a field of that name; \`casebridge jira setup --apply\` creates the missing ones)` };
}

/** The fields a site declares could not all be resolved: every problem, one per line. */
export class JiraFieldResolutionError extends CasebridgeError {
  override name = 'JiraFieldResolutionError';
  constructor(readonly problems: readonly string[]) {
    super('JIRA_FIELDS_UNRESOLVED', `Jira fields could not be resolved:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

function toFieldInfo(raw: Record<string, unknown>): JiraFieldInfo | undefined {
  if (typeof raw['id'] !== 'string' || typeof raw['name'] !== 'string') return undefined;
  const schema = (typeof raw['schema'] === 'object' && raw['schema'] !== null ? raw['schema'] : undefined) as JiraFieldInfo['schema'];
  return { id: raw['id'], name: raw['name'], custom: raw['custom'] === true, ...(schema ? { schema } : {}) };
}

const cache = new WeakMap<Version3Client, Promise<JiraFieldInfo[]>>();

/**
 * Every field of the site, fetched once per client and cached: field ids do not change while a
 * process runs (a field created later is picked up at the next start). A failed fetch is not cached.
 */
export function listJiraFields(client: Version3Client, options: { refresh?: boolean } = {}): Promise<JiraFieldInfo[]> {
  const cached = cache.get(client);
  if (cached && !options.refresh) return cached;
  const pending = client.issueFields.getFields().then(
    (raw) => (raw as unknown as Array<Record<string, unknown>>).flatMap((f) => toFieldInfo(f) ?? []),
    (error: unknown) => {
      cache.delete(client);
      throw fromJiraError(error);
    },
  );
  cache.set(client, pending);
  return pending;
}
