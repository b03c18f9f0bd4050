import assert from 'node:assert/strict';
import { caseFieldNeeds, checkCaseFieldsPresent, checkCaseFieldsWritable, checkCasePicklists } from '../../../src/doctor/case-fields.js';
import type { DescribedField } from '../../../src/doctor/case-fields.js';
import { CASE_CUSTOM_FIELDS } from '../../../src/domain/salesforce/case-fields.js';
import { givenSyncConfig } from '../sync/given.js';

const TYPE: Record<string, string> = { Checkbox: 'boolean', Text: 'string', Url: 'url', DateTime: 'datetime', Picklist: 'picklist' };

/** A describe of the Case as the SFDX project deploys it, plus the standard fields the sync reads. */
function givenDescribe(): DescribedField[] {
  const standard = ['Id', 'CaseNumber', 'Subject', 'Description', 'CreatedDate', 'SystemModstamp', 'LastModifiedById', 'AccountId', 'IsClosed', 'Origin', 'Type'].map((name) => ({
    name,
    type: 'string',
    updateable: true,
  }));
  return [
    ...standard,
    { name: 'Status', type: 'picklist', updateable: true, picklistValues: givenSyncConfig().salesforce.caseStatuses.map((value) => ({ value, active: true })) },
    { name: 'Priority', type: 'picklist', updateable: true, picklistValues: ['P1', 'P2', 'P3', 'P4'].map((value) => ({ value, active: true })) },
    ...CASE_CUSTOM_FIELDS.map((f) => ({
      name: f.apiName,
      type: TYPE[f.type]!,
      updateable: true,
      ...(f.length ? { length: f.length } : {}),
      ...(f.values ? { picklistValues: f.values.map((v) => ({ value: v.value, active: true })) } : {}),
    })),
  ];
}
const change = (fields: DescribedField[], name: string, patch: Partial<DescribedField>) => fields.map((f) => (f.name === name ? { ...f, ...patch } : f));
const whats = (result: { problems: Array<{ what: string }> }) => result.problems.map((p) => p.what);

describe('doctor: the Case describe against what casebridge needs', () => {
  const needs = caseFieldNeeds({ sync: givenSyncConfig() });

  it('passes the Case the SFDX project deploys', () => {
    const described = givenDescribe();
    assert.equal(checkCaseFieldsPresent(described, needs).status, 'pass');
    assert.equal(checkCasePicklists(described, needs).status, 'pass');
    assert.equal(checkCaseFieldsWritable(described, needs).status, 'pass');
  });

  it('names a field of the wrong type, too short, or lacking picklist values; a missing one is fatal', () => {
    let described = change(givenDescribe(), 'Jira_Key__c', { length: 20 });
    described = change(described, 'Jira_Last_Updated__c', { type: 'date' });
    described = change(described, 'Customer_Tier__c', { picklistValues: [{ value: 'Private' }, { value: 'Corporate' }, { value: 'VIP', active: false }] });
    const wrong = checkCaseFieldsPresent(described, needs);
    assert.deepEqual(whats(wrong), [
      'Jira_Key__c holds 20 characters; casebridge writes up to 32',
      'Customer_Tier__c lacks the picklist values VIP',
      'Jira_Last_Updated__c is of type date; casebridge needs DateTime',
    ]);
    assert.ok(!wrong.fatal, 'start still runs with a short field');
    const missing = checkCaseFieldsPresent(
      described.filter((f) => f.name !== 'Jira_URL__c'),
      needs,
    );
    assert.equal(missing.fatal, true);
    assert.equal(whats(missing)[0], 'Jira_URL__c is missing from Case');
  });

  it('names Status values the status map misses (both ways) and priorities the org lacks', () => {
    let described = change(givenDescribe(), 'Status', {
      picklistValues: [...givenSyncConfig().salesforce.caseStatuses.filter((s) => s !== 'Pending Vendor'), 'Escalated to Tier 3'].map((value) => ({ value })),
    });
    described = change(described, 'Priority', { picklistValues: [{ value: 'High' }, { value: 'P1' }] });
    assert.deepEqual(whats(checkCasePicklists(described, needs)), [
      'case status "Pending Vendor" (salesforce.caseStatuses) is not a Status picklist value',
      'Status picklist value "Escalated to Tier 3" is not in salesforce.caseStatuses, so the status map does not cover it',
      'priority "P2" (the Priority mapping in sync.yaml) is not a Priority picklist value',
      'priority "P3" (the Priority mapping in sync.yaml) is not a Priority picklist value',
      'priority "P4" (the Priority mapping in sync.yaml) is not a Priority picklist value',
    ]);
  });

  it('names each written field the integration user cannot edit, and not the ones it only reads', () => {
    let described = change(givenDescribe(), 'Jira_Status__c', { updateable: false });
    described = change(described, 'Escalate_to_Jira__c', { updateable: false });
    assert.deepEqual(whats(checkCaseFieldsWritable(described, needs)), ['the integration user cannot edit Jira_Status__c']);
  });
});
