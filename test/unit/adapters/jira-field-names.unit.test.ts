import assert from 'node:assert/strict';
import { resolveJiraField } from '../../../src/adapters/jira/fields.js';
import type { JiraFieldInfo } from '../../../src/adapters/jira/fields.js';
import { syncFileSchema } from '../../../src/config/schemas/sync.js';
import { resolveConfiguredJiraFields } from '../../../src/runtime/jira-field-ids.js';
import { givenSyncConfig } from '../sync/given.js';

const field = (id: string, name: string, custom = true): JiraFieldInfo => ({ id, name, custom, schema: { type: 'string' } });
const SITE: JiraFieldInfo[] = [
  field('summary', 'Summary', false),
  field('duedate', 'Due date', false),
  field('customfield_20001', 'Customer Tier'),
  field('customfield_20002', 'Severity'),
  field('customfield_20003', 'Severity'),
];

describe('Jira fields by name', () => {
  it('resolves a unique custom field name (case and spaces aside) to its id', () => {
    assert.deepEqual(resolveJiraField(SITE, { name: ' customer tier ' }), { ok: true, id: 'customfield_20001', field: SITE[2] });
  });

  it('names what is unknown, ambiguous, a system field, or an id whose name differs', () => {
    const unknown = resolveJiraField(SITE, { name: 'Case Number' });
    assert.equal(unknown.ok, false);
    assert.match(!unknown.ok ? unknown.message : '', /no custom field named "Case Number".*jira setup --apply/);
    const ambiguous = resolveJiraField(SITE, { name: 'Severity' });
    assert.match(!ambiguous.ok ? ambiguous.message : '', /2 custom fields named "Severity" \(customfield_20002, customfield_20003\)/);
    const system = resolveJiraField(SITE, { name: 'Due date' });
    assert.match(!system.ok ? system.message : '', /system field: name it by its id duedate/);
    const mismatch = resolveJiraField(SITE, { name: 'Severity', id: 'customfield_20001' });
    assert.match(!mismatch.ok ? mismatch.message : '', /customfield_20001 is named "Customer Tier", not "Severity"/);
  });

  it('takes an id to pick one of two fields of the same name', () => {
    const pinned = resolveJiraField(SITE, { name: 'Severity', id: 'customfield_20003' });
    assert.equal(pinned.ok && pinned.id, 'customfield_20003');
  });

  it('replaces the names in the config by ids, or lists every name that failed with where it is configured', () => {
    const sync = givenSyncConfig();
    assert.ok(
      sync.fields.every((m) => !/ /.test(m.jira)),
      'the sandbox-resolved config holds ids, not names',
    );
    const raw = syncFileSchema.parse({
      ...rawSync(),
      fields: [
        { salesforce: 'Customer_Tier__c', jira: 'Customer Tier', direction: 'toJira' },
        { salesforce: 'CaseNumber', jira: 'Case Number', direction: 'toJira' },
        { salesforce: 'Subject', jira: 'summary', direction: 'toJira' },
      ],
    });
    const resolved = resolveConfiguredJiraFields({ sync: raw }, SITE);
    assert.deepEqual(resolved, {
      ok: false,
      problems: ['sync.yaml fields[1].jira: Jira has no custom field named "Case Number" (expected a field of that name; `casebridge jira setup --apply` creates the missing ones)'],
    });
    const ok = resolveConfiguredJiraFields({ sync: { ...raw, fields: raw.fields.filter((m) => m.salesforce !== 'CaseNumber') } }, SITE);
    assert.deepEqual(ok.ok && ok.files.sync?.fields.map((m) => m.jira), ['customfield_20001', 'summary']);
  });
});

function rawSync(): Record<string, unknown> {
  return {
    salesforce: { integrationUsername: 'i@example.org', caseStatuses: ['New'], push: false },
    jira: { integrationEmail: 'i@example.org', statuses: ['To Do'] },
    mirror: { when: { any: [{ field: 'Priority', equals: 'P1' }] } },
    routing: { default: { project: 'OPS', issueType: 'Task' } },
    statusMap: { toSalesforce: { 'To Do': { display: 'Queued' } }, toJira: { New: 'ignore' } },
    comments: { toJira: {}, toSalesforce: {} },
  };
}
