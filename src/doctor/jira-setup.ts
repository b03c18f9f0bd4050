/**
 * `casebridge jira setup`: what the Jira site lacks for this config, and making it so. Plans the
 * custom fields to create (`POST /rest/api/3/field` with the type and its searcher) and the admin
 * webhook to register (events, JQL filter, secret; a stale one to this URL is replaced). The plan is
 * printed as is without `--apply`.
 */
import type { Version3Client } from 'jira.js';
import type { FileConfigs } from '../config/load.js';
import { fromJiraError } from '../adapters/jira/errors.js';
import { listJiraFields, resolveJiraField } from '../adapters/jira/fields.js';
import { deleteAdminWebhook, fingerprintInName, listAdminWebhooks, registerAdminWebhook, secretFingerprint } from '../adapters/jira/admin-webhooks.js';
import type { AdminWebhook } from '../adapters/jira/admin-webhooks.js';
import { listConfiguredJiraFields } from '../runtime/jira-field-ids.js';
import type { ConfiguredJiraField } from '../runtime/jira-field-ids.js';
import { expectedWebhook } from './jira-site.js';
import type { ExpectedWebhook } from './jira-site.js';

const TYPE_PREFIX = 'com.atlassian.jira.plugin.system.customfieldtypes:';
/** Jira's field type and searcher for each kind of value casebridge writes (Jira's documented pairs). */
const FIELD_TYPES: Record<ConfiguredJiraField['kind'], { type: string; searcher: string }> = {
  text: { type: 'textfield', searcher: 'textsearcher' },
  datetime: { type: 'datetime', searcher: 'datetimerange' },
  number: { type: 'float', searcher: 'exactnumber' },
  select: { type: 'select', searcher: 'multiselectsearcher' },
  labels: { type: 'labels', searcher: 'labelsearcher' },
};

export type SetupStep =
  | { kind: 'create-field'; name: string; type: string; searcherKey: string; where: string; note?: string }
  | { kind: 'register-webhook'; webhook: ExpectedWebhook; replaces: AdminWebhook[] }
  | { kind: 'manual'; what: string };

export interface SetupPlan {
  steps: SetupStep[];
  /** What is already in place (for the printout). */
  inPlace: string[];
}

export async function planJiraSetup(client: Version3Client, files: FileConfigs, options: { secret: string; publicUrl?: string; sandbox: boolean; severities?: readonly string[] }): Promise<SetupPlan> {
  const steps: SetupStep[] = [];
  const inPlace: string[] = [];
  const fields = await listJiraFields(client, { refresh: true });
  const planned = new Set<string>();
  for (const wanted of listConfiguredJiraFields(files)) {
    const resolved = resolveJiraField(fields, wanted.ref);
    if (resolved.ok) {
      inPlace.push(`custom field "${wanted.ref.name}" is ${resolved.id}`);
    } else if (resolved.code === 'JIRA_FIELD_UNKNOWN' && wanted.ref.id === undefined && !planned.has(wanted.ref.name.toLowerCase())) {
      planned.add(wanted.ref.name.toLowerCase());
      const { type, searcher } = FIELD_TYPES[wanted.kind];
      const note =
        wanted.kind === 'select'
          ? `then add its options (${(options.severities ?? []).join(', ')}) in Jira settings → Issues → Custom fields → "${wanted.ref.name}" → Contexts and default value`
          : undefined;
      steps.push({ kind: 'create-field', name: wanted.ref.name, type: `${TYPE_PREFIX}${type}`, searcherKey: `${TYPE_PREFIX}${searcher}`, where: wanted.where, ...(note ? { note } : {}) });
    } else if (!resolved.ok && resolved.code !== 'JIRA_FIELD_UNKNOWN') {
      steps.push({ kind: 'manual', what: `${wanted.where}: ${resolved.message}` });
    } else if (!resolved.ok && wanted.ref.id !== undefined) {
      steps.push({ kind: 'manual', what: `${wanted.where}: ${resolved.message} (remove the pinned id to have the field created by name)` });
    }
  }
  if (options.sandbox) {
    inPlace.push('webhook: the sandbox delivers to this process directly');
  } else if (!options.publicUrl) {
    steps.push({ kind: 'manual', what: 'pass --public-url https://… (the URL Jira reaches this deployment at) to register the webhook' });
  } else {
    const webhook = expectedWebhook(files, options.publicUrl, options.secret);
    const toUrl = (await listAdminWebhooks(client)).filter((w) => w.url.replace(/\/+$/, '') === webhook.url);
    const current = toUrl.length === 1 && isCurrent(toUrl[0]!, webhook, options.secret);
    if (current) inPlace.push(`webhook to ${webhook.url} with the current secret`);
    else steps.push({ kind: 'register-webhook', webhook, replaces: toUrl });
  }
  return { steps, inPlace };
}

function isCurrent(registered: AdminWebhook, wanted: ExpectedWebhook, secret: string): boolean {
  return (
    registered.enabled && fingerprintInName(registered.name) === secretFingerprint(secret) && wanted.events.every((e) => registered.events.includes(e)) && registered.jqlFilter === wanted.jqlFilter
  );
}

/** One line per step, as it would be done. */
export function describeStep(step: SetupStep): string {
  switch (step.kind) {
    case 'create-field':
      return `create custom field "${step.name}" (${step.type.slice(TYPE_PREFIX.length)}, searcher ${step.searcherKey.slice(TYPE_PREFIX.length)}) for ${step.where}${step.note ? `; ${step.note}` : ''}`;
    case 'register-webhook':
      return `${step.replaces.length > 0 ? `replace ${step.replaces.length} webhook(s) to ${step.webhook.url} with` : 'register'} admin webhook "${step.webhook.name}" to ${step.webhook.url}: events ${step.webhook.events.join(', ')}; filter ${step.webhook.jqlFilter}; signed with JIRA_WEBHOOK_SECRET`;
    case 'manual':
      return `by hand: ${step.what}`;
  }
}

/** Carries out the plan's automatic steps; returns one line per step done. */
export async function applyJiraSetup(client: Version3Client, plan: SetupPlan, secret: string): Promise<string[]> {
  const done: string[] = [];
  for (const step of plan.steps) {
    if (step.kind === 'create-field') {
      const created = await client.issueFields
        .createCustomField({ name: step.name, type: step.type, searcherKey: step.searcherKey as never, description: `Written by casebridge (${step.where}).` })
        .catch((error: unknown) => {
          throw fromJiraError(error);
        });
      done.push(`created custom field "${step.name}" (${created.id ?? '?'})${step.note ? `; ${step.note}` : ''}`);
    } else if (step.kind === 'register-webhook') {
      for (const stale of step.replaces) await deleteAdminWebhook(client, stale.id);
      const registered = await registerAdminWebhook(client, { ...step.webhook, secret });
      done.push(`registered admin webhook "${registered.name}" to ${registered.url}${step.replaces.length > 0 ? ` (replacing ${step.replaces.length})` : ''}`);
    }
  }
  // Field ids are cached per client: the next reader must see the new fields.
  await listJiraFields(client, { refresh: true });
  return done;
}
