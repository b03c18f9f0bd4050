import assert from 'node:assert/strict';
import { findPriorityOrigin } from '../../../src/domain/classification/priority-origin.js';
import type { PriorityFacts } from '../../../src/domain/classification/priority-origin.js';
import { classifyCase } from '../../../src/domain/classification/classify-case.js';
import { givenCase, givenConfig } from './given.js';

const INTEGRATION = '005000000000001AAA';
const AGENT = '005000000000002AAA';

function givenFacts(partial: Partial<PriorityFacts> = {}): PriorityFacts {
  return { current: 'P3', sourceField: undefined, orgDefault: 'P3', lastSetByCasebridge: undefined, createdById: AGENT, lastModifiedById: AGENT, integrationUserId: INTEGRATION, ...partial };
}

describe('whose priority a case has', () => {
  it('an agent who creates a case with another priority than the org default chose it', () => {
    const origin = findPriorityOrigin(givenFacts({ current: 'P1' }));
    assert.deepEqual(origin, { chosenByPerson: true, why: "a person chose P1 (the org's default is P3)" });
  });

  it('the org default that casebridge never set is not a choice', () => {
    assert.equal(findPriorityOrigin(givenFacts({ current: 'P3' })).chosenByPerson, false);
    assert.equal(findPriorityOrigin(givenFacts({ current: '' })).chosenByPerson, false);
  });

  it("a priority the integration user alone wrote is not a person's", () => {
    assert.equal(findPriorityOrigin(givenFacts({ current: 'P2', createdById: INTEGRATION, lastModifiedById: INTEGRATION })).chosenByPerson, false);
    assert.equal(findPriorityOrigin(givenFacts({ current: 'P2', createdById: INTEGRATION, lastModifiedById: AGENT })).chosenByPerson, true);
  });

  it("after casebridge set a priority, a change by anyone but the integration user is a person's", () => {
    assert.equal(findPriorityOrigin(givenFacts({ current: 'P4', lastSetByCasebridge: 'P4' })).chosenByPerson, false);
    const changed = findPriorityOrigin(givenFacts({ current: 'P3', lastSetByCasebridge: 'P4' }));
    assert.deepEqual(changed, { chosenByPerson: true, why: "a person changed casebridge's P4 to P3" });
    assert.equal(findPriorityOrigin(givenFacts({ current: 'P1', lastSetByCasebridge: 'P4', lastModifiedById: INTEGRATION })).chosenByPerson, false);
  });

  it('still honours Priority_Source__c = human', () => {
    assert.equal(findPriorityOrigin(givenFacts({ current: 'P3', sourceField: 'Human' })).chosenByPerson, true);
  });

  it("classifyCase keeps the person's priority and says why", () => {
    const input = givenCase({ description: 'Where can I find my ride history?', fields: { Customer_Tier__c: 'Private', Priority: 'P1' } });
    const result = classifyCase({ ...input, priorityOrigin: findPriorityOrigin(givenFacts({ current: 'P1' })) }, givenConfig());
    assert.deepEqual([result.priority, result.prioritySource, result.computedPriority, result.differsFromHuman], ['P1', 'human', 'P4', true]);
    assert.ok(
      result.reasons.some((r) => r.kind === 'human-priority' && r.text === "a person chose P1 (the org's default is P3); kept (casebridge would have chosen P4)"),
      JSON.stringify(result.reasons),
    );
    const notChosen = classifyCase({ ...input, priorityOrigin: { chosenByPerson: false, why: 'P1 is what casebridge set' } }, givenConfig());
    assert.deepEqual([notChosen.priority, notChosen.prioritySource], ['P4', 'rule']);
  });
});
