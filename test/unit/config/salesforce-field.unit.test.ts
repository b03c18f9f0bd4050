import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadOne } from '../../../src/config/load.js';
import { formatProblem } from '../../../src/config/issues.js';
import { CONFIG_FILES } from '../../../src/config/registry.js';
import { salesforceField } from '../../../src/config/schemas/salesforce-field.js';

const onCase = salesforceField('Customer_Tier__c');
const withRelationship = salesforceField('Escalate_to_Jira__c', { relationship: true });

function messageOf(schema: typeof onCase, name: string): string {
  const parsed = schema.safeParse(name);
  assert.equal(parsed.success, false, `"${name}" was accepted`);
  return parsed.error!.issues[0]!.message;
}

describe('Salesforce field API names in config', () => {
  it('accepts the shapes Salesforce gives: standard, custom, namespaced, compound, any case', () => {
    for (const name of ['CaseNumber', 'Customer_Tier__c', 'customer_tier__C', 'acme__Region__c', 'Location__latitude__s', 'Jira_Key__c']) assert.ok(onCase.safeParse(name).success, name);
    for (const name of ['Account.Name', 'Parent_Account__r.Tier__c']) assert.ok(withRelationship.safeParse(name).success, name);
  });

  it('says a label is not an API name, and where the API name is', () => {
    assert.equal(
      messageOf(onCase, 'Customer Tier'),
      '"Customer Tier" is not a Salesforce field API name: it has a space, as labels do: write the API name (the Field Name column of Setup → Object Manager → Case → Fields & Relationships, not the Field Label); expected one such as Customer_Tier__c',
    );
  });

  it('names what is wrong with a name that can never be an API name', () => {
    assert.match(
      messageOf(onCase, 'Customer_Tier_c'),
      /^"Customer_Tier_c" is not a Salesforce field API name: it ends in _c: a custom field ends in __c \(two underscores\); expected one such as Customer_Tier__c$/,
    );
    assert.match(messageOf(onCase, 'Customer-Tier__c'), /: it has "-" \(only letters, digits and _\);/);
    assert.match(messageOf(onCase, 'Customer_Tier_'), /: an underscore is misplaced/);
    assert.match(messageOf(onCase, 'Tier___c'), /: an underscore is misplaced/);
    assert.match(messageOf(onCase, '2nd_Tier__c'), /: it does not start with a letter/);
    assert.match(messageOf(onCase, ''), /: it is empty/);
    assert.match(messageOf(onCase, 'Account.Name'), /: it has a "\." \(a field of the case itself is expected here\)/);
    assert.match(messageOf(withRelationship, 'Account.Owner.Name'), /: it has more than one "\."/);
    assert.equal(messageOf(onCase, 42 as unknown as string), 'expected a Salesforce field API name such as Customer_Tier__c');
  });

  it('reports the file, the key and the value in config check', () => {
    const text = readFileSync('config/sync.yaml', 'utf8').replace('salesforce: Customer_Tier__c, jira: Customer Tier', 'salesforce: Customer Tier, jira: Customer Tier');
    const lines = loadOne(
      'sync.yaml',
      text,
      CONFIG_FILES.find((f) => f.name === 'sync')!,
    ).problems.map(formatProblem);
    assert.equal(lines.length, 1, lines.join('\n'));
    assert.match(lines[0]!, /^sync\.yaml:\d+:\d+ fields\[3\]\.salesforce: "Customer Tier" is not a Salesforce field API name: it has a space/);
  });
});
