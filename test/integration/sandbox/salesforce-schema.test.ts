/**
 * The emulated org has the Case fields a deployed salesforce/ project gives a real org: describe
 * (read with jsforce over HTTP) answers every field of the committed field-meta.xml files with the
 * same type, length, label, help text and picklist values, the Priority values of CasePriority,
 * and enforces the Jira key validation rule the project deploys.
 */
import assert from 'node:assert/strict';
import type { DescribeSObjectResult } from 'jsforce';
import { CASE_CUSTOM_FIELDS } from '../../../src/domain/salesforce/case-fields.js';
import { DESCRIBE_TYPE_OF, readDeclaredCaseFields, readSourceXml } from '../../helpers/sfdx-files.js';
import { givenRunningSandbox, type StartedSandbox } from './salesforce-test-helpers.js';

describe('sandbox Salesforce Case schema and the SFDX metadata', () => {
  let started: StartedSandbox;
  let describe_: DescribeSObjectResult;

  before(async () => {
    started = await givenRunningSandbox();
    describe_ = await started.connect().sobject('Case').describe();
  });
  after(async () => {
    await started?.running.close();
  });

  it('answers every field the field-meta.xml files declare, with the same type, length, label and help text', () => {
    const byName = new Map(describe_.fields.map((f) => [f.name, f]));
    const declared = readDeclaredCaseFields();
    assert.equal(declared.size, CASE_CUSTOM_FIELDS.length);
    for (const field of declared.values()) {
      const described = byName.get(field.fullName);
      assert.ok(described, `${field.fullName} is missing from the emulator's describe`);
      assert.equal(described.type, DESCRIBE_TYPE_OF[field.type], `${field.fullName} type`);
      assert.equal(described.label, field.label, `${field.fullName} label`);
      assert.equal(described.inlineHelpText, field.inlineHelpText, `${field.fullName} help text`);
      assert.equal(described.custom, true);
      if (field.type === 'Text') assert.equal(described.length, field.length, `${field.fullName} length`);
      if (field.type === 'Url') assert.equal(described.length, 255, `${field.fullName} length`);
      if (field.type === 'Checkbox') assert.equal(String(described.defaultValue), field.defaultValue);
      assert.deepEqual(described.picklistValues?.map((p) => ({ value: p.value, label: p.label })) ?? [], field.values, `${field.fullName} picklist`);
      if (field.type === 'Picklist') assert.equal(described.restrictedPicklist, field.restricted);
    }
  });

  it('has no Case custom field the metadata does not declare', () => {
    const declared = readDeclaredCaseFields();
    const extra = describe_.fields.filter((f) => f.custom && !declared.has(f.name)).map((f) => f.name);
    assert.deepEqual(extra, []);
  });

  it('offers the Priority values of the CasePriority standard value set, with its default', () => {
    const set = readSourceXml('standardValueSets/CasePriority.standardValueSet-meta.xml');
    const values = (set.standardValue as Record<string, string>[]).map((v) => v.fullName);
    const priority = describe_.fields.find((f) => f.name === 'Priority')!;
    assert.deepEqual(
      priority.picklistValues?.map((p) => p.value),
      values,
    );
    const defaultValue = (set.standardValue as Record<string, string>[]).find((v) => v.default === 'true')?.fullName;
    assert.equal(priority.defaultValue, defaultValue);
  });

  it('refuses a Jira key the deployed validation rule refuses, with its message', async () => {
    const rule = readSourceXml('objects/Case/validationRules/Casebridge_Jira_Key_Format.validationRule-meta.xml');
    const created = await started.connect().sobject('Case').create({ Subject: 'schema test' });
    assert.ok(created.success);
    const bad = await started.call('PATCH', `/services/data/v62.0/sobjects/Case/${created.id}`, { Jira_Key__c: 'DRV-12 x' }, { authorization: 'Bearer x' });
    assert.equal(bad.status, 400);
    const error = (bad.body as { errorCode: string; message: string }[])[0];
    assert.equal(error?.errorCode, 'FIELD_CUSTOM_VALIDATION_EXCEPTION');
    assert.equal(error?.message, rule.errorMessage);
    const good = await started.call('PATCH', `/services/data/v62.0/sobjects/Case/${created.id}`, { Jira_Key__c: 'DRV-12' }, { authorization: 'Bearer x' });
    assert.equal(good.status, 204);
  });
});
