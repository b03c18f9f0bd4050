/**
 * Live Jira checks: the API user, the custom fields the config names (resolved by name, with a
 * compatible type), each project's issue types and workflow statuses against the status maps, and
 * the admin webhook pointing at this deployment with this deployment's secret.
 */
import type { Version3Client } from 'jira.js';
import type { FileConfigs } from '../config/load.js';
import { fromJiraError } from '../adapters/jira/errors.js';
import { listJiraFields, resolveJiraField } from '../adapters/jira/fields.js';
import type { JiraFieldInfo } from '../adapters/jira/fields.js';
import { fingerprintInName, listAdminWebhooks, secretFingerprint } from '../adapters/jira/admin-webhooks.js';
import { listConfiguredJiraFields } from '../runtime/jira-field-ids.js';
import type { ConfiguredJiraField } from '../runtime/jira-field-ids.js';
import { checkOf, failedCall, skip } from './checks.js';
import type { CheckProblem, CheckResult } from './checks.js';
import { expectedIssueTypes, expectedProjects, expectedWebhook } from './jira-site.js';

const SETUP = 'casebridge jira setup --apply';
/** Field schema types that hold what casebridge writes into each kind of field. */
export const FIELD_SCHEMA_TYPES: Record<ConfiguredJiraField['kind'], readonly string[]> = {
  text: ['string'],
  datetime: ['datetime'],
  number: ['number'],
  select: ['option'],
  labels: ['array'],
};

/** The fast subset `start` also runs: the API user and the custom fields resolved. */
export async function checkJiraFast(client: Version3Client, files: FileConfigs): Promise<{ results: CheckResult[]; fields?: JiraFieldInfo[] }> {
  const auth = 'Jira authentication';
  let email: string | undefined;
  try {
    email = (await client.myself.getCurrentUser()).emailAddress;
  } catch (error) {
    return { results: [failedCall(auth, fromJiraError(error), 'check JIRA_BASE_URL, JIRA_EMAIL and JIRA_API_TOKEN (an API token of the integration account)', true)] };
  }
  const expected = files.sync!.jira.integrationEmail;
  // Jira Cloud hides the e-mail of accounts that chose so; compare only what it shows.
  const authResult = checkOf(
    auth,
    `signed in as ${email ?? 'the API user (e-mail hidden)'}`,
    !email || email.toLowerCase() === expected.toLowerCase()
      ? []
      : [
          {
            what: `signed in as ${email}, but jira.integrationEmail is ${expected} (casebridge would not recognise its own changes)`,
            fix: `use the API token of ${expected}, or set jira.integrationEmail to ${email} in sync.yaml`,
          },
        ],
  );
  let fields: JiraFieldInfo[];
  try {
    fields = await listJiraFields(client);
  } catch (error) {
    return { results: [authResult, failedCall('Jira custom fields', error, 'the API user needs to browse the site (GET /rest/api/3/field)', true)] };
  }
  return { results: [authResult, checkCustomFields(fields, files)], fields };
}

export function checkCustomFields(fields: readonly JiraFieldInfo[], files: FileConfigs): CheckResult {
  const configured = listConfiguredJiraFields(files);
  const problems: CheckProblem[] = [];
  for (const wanted of configured) {
    const resolved = resolveJiraField(fields, wanted.ref);
    if (!resolved.ok) {
      problems.push({
        what: `${wanted.where}: ${resolved.message}`,
        fix: resolved.code === 'JIRA_FIELD_UNKNOWN' ? `${SETUP} creates "${wanted.ref.name}", or correct the name` : 'name the field by its exact name, and add its id when two fields share it',
      });
      continue;
    }
    const type = resolved.field.schema?.type ?? '';
    if (!FIELD_SCHEMA_TYPES[wanted.kind].includes(type)) {
      problems.push({
        what: `${wanted.where}: "${resolved.field.name}" (${resolved.id}) is of type ${type || 'unknown'}; casebridge writes ${wanted.kind} values`,
        fix: `use a ${wanted.kind} field (${SETUP} creates one under another name, then name it in the config)`,
      });
    }
  }
  return checkOf('Jira custom fields', `${configured.length} fields resolved by name (${configured.map((c) => c.ref.name).join(', ')})`, problems, problems.length > 0);
}

/** Per project: it exists, has the issue types casebridge creates, and their workflows fit the status maps. */
export async function checkProjects(client: Version3Client, files: FileConfigs): Promise<CheckResult[]> {
  const expected = expectedIssueTypes(files);
  const results: CheckResult[] = [];
  for (const project of expectedProjects(files)) {
    const name = `Jira project ${project}`;
    let workflows: Array<{ name?: string; statuses?: Array<{ name?: string }> }>;
    try {
      workflows = await client.projects.getAllStatuses(project);
    } catch (error) {
      const mapped = fromJiraError(error);
      results.push(
        failedCall(
          name,
          mapped.status === 404 ? new Error(`project ${project} does not exist, or the API user cannot browse it`) : mapped,
          `create project ${project} or correct the routing (sync.yaml, owners.yaml, incidents.yaml), and let the API user browse it`,
        ),
      );
      continue;
    }
    const problems: CheckProblem[] = [];
    const summary: string[] = [];
    for (const wanted of expected.filter((e) => e.project === project)) {
      const workflow = workflows.find((w) => w.name?.toLowerCase() === wanted.issueType.toLowerCase());
      if (!workflow) {
        problems.push({ what: `issue type ${wanted.issueType} is not available in ${project}`, fix: `add ${wanted.issueType} to the issue type scheme of ${project}, or route to a type it has` });
        continue;
      }
      const statuses = (workflow.statuses ?? []).map((s) => s.name ?? '');
      for (const { status, why } of wanted.required.filter((r) => !statuses.includes(r.status))) {
        problems.push({
          what: `status "${status}" (${why}) is not in the workflow of ${project} ${wanted.issueType}`,
          fix: `add "${status}" to that workflow, or map to one of ${statuses.join(', ')}`,
        });
      }
      for (const status of wanted.mapped ? statuses.filter((s) => !wanted.mapped!.includes(s)) : []) {
        problems.push({
          what: `status "${status}" of ${project} ${wanted.issueType} has no mapping in statusMap.toSalesforce`,
          fix: `add "${status}" to jira.statuses and statusMap.toSalesforce in sync.yaml`,
        });
      }
      summary.push(`${wanted.issueType} (${statuses.length} statuses)`);
    }
    results.push(checkOf(name, summary.join(', '), problems));
  }
  return results;
}

/** The admin webhook to this deployment, with its events, filter and secret. */
export async function checkWebhook(client: Version3Client, files: FileConfigs, options: { secret: string; publicUrl?: string; sandbox: boolean }): Promise<CheckResult> {
  const name = 'Jira webhook';
  if (options.sandbox) return skip(name, "sandbox: the emulator delivers to this process directly, signed with the run's secret");
  if (!options.publicUrl) {
    return {
      name,
      status: 'fail',
      detail: '',
      problems: [
        { what: "this deployment's public URL is not known, so the webhook cannot be checked", fix: 'pass --public-url https://casebridge.example.org (the URL Jira reaches this deployment at)' },
      ],
    };
  }
  const expected = expectedWebhook(files, options.publicUrl, options.secret);
  let registered;
  try {
    registered = await listAdminWebhooks(client);
  } catch (error) {
    return failedCall(name, error, 'the API user needs the Administer Jira permission to read admin webhooks');
  }
  const mine = registered.filter((w) => w.url.replace(/\/+$/, '') === expected.url);
  if (mine.length === 0) return { name, status: 'fail', detail: '', problems: [{ what: `no admin webhook delivers to ${expected.url}`, fix: `${SETUP} --public-url ${options.publicUrl}` }] };
  const problems: CheckProblem[] = [];
  const webhook = mine[0]!;
  if (!webhook.enabled) problems.push({ what: `the webhook to ${expected.url} is disabled`, fix: 'enable it (Jira settings → System → WebHooks)' });
  const lacking = expected.events.filter((e) => !webhook.events.includes(e));
  if (lacking.length > 0) problems.push({ what: `the webhook lacks the events ${lacking.join(', ')}`, fix: `${SETUP} (re-registers it)` });
  const unfiltered = expectedProjects(files).filter((key) => webhook.jqlFilter.trim() !== '' && !new RegExp(`\\b${key}\\b`).test(webhook.jqlFilter));
  if (unfiltered.length > 0) problems.push({ what: `its JQL filter "${webhook.jqlFilter}" leaves out ${unfiltered.join(', ')}`, fix: `${SETUP} (filter: ${expected.jqlFilter})` });
  const fingerprint = fingerprintInName(webhook.name);
  if (fingerprint === undefined) {
    problems.push({
      what: `"${webhook.name}" was not registered by casebridge, and Jira never shows a webhook's secret, so it cannot be compared with JIRA_WEBHOOK_SECRET`,
      fix: `${SETUP} (re-registers it under a name carrying the secret's fingerprint)`,
    });
  } else if (fingerprint !== secretFingerprint(options.secret)) {
    problems.push({
      what: 'the webhook was registered with another secret than JIRA_WEBHOOK_SECRET: its deliveries would be refused (401)',
      fix: `${SETUP} (re-registers it with the current secret), or set JIRA_WEBHOOK_SECRET to the secret it was registered with`,
    });
  }
  if (mine.length > 1)
    problems.push({
      what: `${mine.length} admin webhooks deliver to ${expected.url}: every change would arrive ${mine.length} times`,
      fix: 'delete the extra ones (Jira settings → System → WebHooks)',
    });
  return checkOf(name, `delivers ${webhook.events.length} events of ${expectedProjects(files).join(', ')} to ${expected.url}, signed with JIRA_WEBHOOK_SECRET`, problems);
}
