/**
 * The SFDX project in salesforce/ against the one Case field definition: the committed files are
 * what the generator writes, every field file says what the definition says, the permission sets
 * give each side the access its `writer` implies, and the example config only names fields and
 * values the metadata declares.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { SLA_STATUS_VALUES } from '../../src/domain/salesforce/case-field-types.js';
import { CASE_CUSTOM_FIELDS, findCaseCustomField } from '../../src/domain/salesforce/case-fields.js';
import { CASE_OUTBOUND_MESSAGE, CASE_PRIORITY_VALUES } from '../../src/domain/salesforce/case-automation.js';
import type { SlaState } from '../../src/domain/sla/types.js';
import { findField, SOBJECTS } from '../../src/sandbox/salesforce/schema.js';
import { findDifferences } from '../../scripts/sfdx-generate.js';
import { REPO_DIR, SALESFORCE_DIR, readDeclaredCaseFields, readSourceXml } from '../helpers/sfdx-files.js';

/** The example config's YAML files, parsed once. */
const configDocs: unknown[] = readdirSync(join(REPO_DIR, 'config'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => parse(readFileSync(join(REPO_DIR, 'config', f), 'utf8')) as unknown);

/** Every `X__c` the example config names (relationship paths such as Account.Tier__c are not Case fields). */
function customFieldsNamedInConfig(): Set<string> {
  const names = new Set<string>();
  for (const file of readdirSync(join(REPO_DIR, 'config')).filter((f) => f.endsWith('.yaml'))) {
    const text = readFileSync(join(REPO_DIR, 'config', file), 'utf8');
    for (const match of text.matchAll(/(?<![.\w])[A-Za-z][A-Za-z0-9_]*__c\b/g)) names.add(match[0]);
  }
  return names;
}

/** Every value under the given keys anywhere in the example config's YAML trees. */
function configValuesUnder(keys: readonly string[]): Set<string> {
  const found = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      const leaves = Array.isArray(value) ? value : [value];
      if (keys.includes(key) && leaves.every((v) => typeof v === 'string')) leaves.forEach((v) => found.add(v as string));
      else walk(value);
    }
  };
  configDocs.forEach(walk);
  return found;
}

/** `{ field, equals }` conditions of the example config. */
function configFieldConditions(): { field: string; equals: unknown }[] {
  const found: { field: string; equals: unknown }[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (typeof record.field === 'string' && 'equals' in record) found.push({ field: record.field, equals: record.equals });
    Object.values(record).forEach(walk);
  };
  configDocs.forEach(walk);
  return found;
}

describe('SFDX project (salesforce/) and the Case field definition', () => {
  it('holds exactly the files npm run sfdx:generate writes', () => {
    assert.deepEqual(findDifferences(), []);
  });

  it('declares every field of the definition with its label, type, length, help text and picklist values', () => {
    const declared = readDeclaredCaseFields();
    assert.deepEqual([...declared.keys()].sort(), CASE_CUSTOM_FIELDS.map((f) => f.apiName).sort());
    for (const field of CASE_CUSTOM_FIELDS) {
      const file = declared.get(field.apiName)!;
      assert.equal(file.label, field.label, field.apiName);
      assert.equal(file.type, field.type, field.apiName);
      assert.equal(file.length, field.type === 'Text' ? field.length : undefined, field.apiName);
      assert.equal(file.inlineHelpText, field.helpText, field.apiName);
      assert.deepEqual(
        file.values,
        (field.values ?? []).map((v) => ({ value: v.value, label: v.label })),
        field.apiName,
      );
      assert.equal(file.restricted, field.type === 'Picklist', `${field.apiName} is a restricted picklist`);
      if (field.type === 'Checkbox') assert.equal(file.defaultValue, String(field.defaultChecked ?? false));
      assert.ok(field.helpText.length <= 510, `${field.apiName}: help text over Salesforce's 510 characters`);
    }
  });

  it('declares every __c field the example config names', () => {
    const declared = readDeclaredCaseFields();
    const named = customFieldsNamedInConfig();
    assert.ok(named.has('Escalate_to_Jira__c') && named.has('Jira_Key__c'), 'the scan finds the fields of sync.yaml');
    for (const name of named) assert.ok(declared.has(name), `${name} is used in config/ but has no field-meta.xml`);
  });

  it('declares every value the example config compares a picklist with', () => {
    const topics = findCaseCustomField('Topic__c')!.values!.map((v) => v.value);
    const tiers = findCaseCustomField('Customer_Tier__c')!.values!.map((v) => v.value);
    const priorities = CASE_PRIORITY_VALUES.map((v) => v.value as string);
    const used = { topics: configValuesUnder(['topics', 'fallbackTopic']), tiers: configValuesUnder(['tiers', 'tier']), priorities: configValuesUnder(['priority', 'priorities']) };
    assert.ok(used.topics.size >= 5 && used.tiers.size >= 2 && used.priorities.size >= 3, 'the walk finds the values of the example config');
    for (const topic of used.topics) assert.ok(topics.includes(topic), `topic ${topic}`);
    for (const tier of used.tiers) assert.ok(tiers.includes(tier), `tier ${tier}`);
    for (const priority of used.priorities) assert.ok(priorities.includes(priority), `priority ${priority}`);
    const classification = parse(readFileSync(join(REPO_DIR, 'config', 'classification.yaml'), 'utf8')) as { topics: { id: string }[] };
    assert.ok(classification.topics.length > 0);
    for (const { id } of classification.topics) assert.ok(topics.includes(id), `classification topic ${id} is a Topic__c value`);
    for (const condition of configFieldConditions()) {
      const field = findCaseCustomField(condition.field);
      if (field?.type === 'Picklist')
        assert.ok(
          field.values!.some((v) => v.value === condition.equals),
          `${condition.field} = ${String(condition.equals)}`,
        );
      if (field?.type === 'Checkbox') assert.equal(typeof condition.equals, 'boolean', condition.field);
    }
  });

  it('has an SLA Status value for every SLA state casebridge computes', () => {
    const everyState: Record<SlaState, true> = { met: true, breached: true, running: true, paused: true, at_risk: true };
    assert.deepEqual(SLA_STATUS_VALUES.map((v) => v.value as string).sort(), Object.keys(everyState).sort());
  });

  it('sets the Case Priority values to P1–P4 with P3 as default', () => {
    const set = readSourceXml('standardValueSets/CasePriority.standardValueSet-meta.xml');
    const values = (set.standardValue as Record<string, string>[]).map((v) => [v.fullName, v.default]);
    assert.deepEqual(values, [
      ['P1', 'false'],
      ['P2', 'false'],
      ['P3', 'true'],
      ['P4', 'false'],
    ]);
  });

  it('gives the integration user edit on what casebridge writes, read on the rest, API access and the marker permission', () => {
    const set = readSourceXml('permissionsets/Casebridge_Integration.permissionset-meta.xml');
    const editable = new Map((set.fieldPermissions as Record<string, string>[]).map((p) => [p.field, p.editable === 'true' && p.readable === 'true']));
    for (const field of CASE_CUSTOM_FIELDS) assert.equal(editable.get(`Case.${field.apiName}`), field.writer !== 'agent', field.apiName);
    assert.deepEqual(set.userPermissions, [{ enabled: 'true', name: 'ApiEnabled' }]);
    assert.deepEqual(set.customPermissions, [{ enabled: 'true', name: 'Casebridge_Integration_User' }]);
    const caseAccess = (set.objectPermissions as Record<string, string>[]).find((p) => p.object === 'Case')!;
    assert.deepEqual([caseAccess.allowRead, caseAccess.allowEdit, caseAccess.viewAllRecords, caseAccess.allowDelete], ['true', 'true', 'true', 'false']);
  });

  it('keeps agents read-only on the Jira, SLA and incident fields casebridge writes', () => {
    const set = readSourceXml('permissionsets/Casebridge_Agent.permissionset-meta.xml');
    const byField = new Map((set.fieldPermissions as Record<string, string>[]).map((p) => [String(p.field).replace(/^Case\./, ''), p]));
    for (const field of CASE_CUSTOM_FIELDS) {
      const permission = byField.get(field.apiName);
      assert.equal(permission?.readable, 'true', `${field.apiName} readable`);
      assert.equal(permission?.editable, field.writer === 'casebridge' ? 'false' : 'true', `${field.apiName} editable`);
    }
    for (const name of ['Jira_Status__c', 'Jira_URL__c', 'SLA_Status__c', 'SLA_Due__c', 'Incident_Key__c']) assert.equal(byField.get(name)?.editable, 'false', name);
    assert.equal(byField.get('Escalate_to_Jira__c')?.editable, 'true');
    assert.equal(set.userPermissions, undefined, 'agents get no user permissions from casebridge');
  });

  it('sends the Outbound Message to /webhooks/salesforce with real Case fields, from a Flow that skips casebridge', () => {
    const workflow = readSourceXml('workflows/Case.workflow-meta.xml');
    const message = (workflow.outboundMessages as Record<string, any>[])[0]!;
    assert.equal(message.fullName, CASE_OUTBOUND_MESSAGE.name);
    assert.match(String(message.endpointUrl), /^https:\/\/[^/]+\/webhooks\/salesforce$/);
    assert.deepEqual([...message.fields].sort(), [...CASE_OUTBOUND_MESSAGE.fields].sort());
    const emulatedCase = SOBJECTS.get('Case')!;
    for (const name of message.fields as string[]) assert.ok(findField(emulatedCase, name), `${name} is a Case field`);
    assert.equal(message.includeSessionId, 'false', 'no session id leaves the org');
    const flow = readSourceXml(`flows/${CASE_OUTBOUND_MESSAGE.name}.flow-meta.xml`);
    assert.equal(flow.actionCalls.actionName, `Case.${CASE_OUTBOUND_MESSAGE.name}`);
    assert.deepEqual([flow.start.object, flow.start.triggerType, flow.start.recordTriggerType, flow.status], ['Case', 'RecordAfterSave', 'CreateAndUpdate', 'Active']);
    const condition = flow.decisions.rules[0].conditions[0];
    assert.deepEqual([condition.leftValueReference, condition.rightValue.booleanValue], ['$Permission.Casebridge_Integration_User', 'false']);
  });

  it('fills the deployment URL and integration user in from the environment at deploy time', () => {
    const project = JSON.parse(readFileSync(join(SALESFORCE_DIR, 'sfdx-project.json'), 'utf8')) as { replacements: Record<string, string>[] };
    const workflowText = readFileSync(join(SALESFORCE_DIR, 'force-app/main/default/workflows/Case.workflow-meta.xml'), 'utf8');
    assert.deepEqual(project.replacements.map((r) => r.replaceWithEnv).sort(), ['CASEBRIDGE_INTEGRATION_USERNAME', 'CASEBRIDGE_URL']);
    for (const replacement of project.replacements) {
      assert.equal(replacement.filename, 'force-app/main/default/workflows/Case.workflow-meta.xml');
      assert.ok(workflowText.includes(replacement.stringToReplace!), `${replacement.stringToReplace} is in the workflow`);
    }
  });
});
