/**
 * Jira values copied onto the case fit the case field: Salesforce refuses a text over its field's
 * length for the whole record (STRING_TOO_LONG), so an overlong value is cut with a marker, and a
 * case that already holds the cut value plans nothing more.
 */
import assert from 'node:assert/strict';
import { CUT_FOR_CASE_MARKER, caseTextLength, fitCaseText } from '../../../src/domain/sync/case-text-limits.js';
import { planPair } from '../../../src/domain/sync/plan-pair.js';
import { givenCase, givenIssue, givenSyncConfig } from './given.js';

const config = givenSyncConfig();
const noSnapshots = { salesforce: new Map(), jira: new Map() };
const releases = ['2027.02 Payments platform: card tokenisation rollout (EU)', '2027.03 Payments platform: refunds ledger migration (all regions)'];

describe('fitCaseText', () => {
  it('knows the lengths of casebridge Case fields, whatever the case of the API name, and no others', () => {
    assert.equal(caseTextLength('Jira_Fix_Version__c'), 80);
    assert.equal(caseTextLength('jira_assignee__c'), 120);
    assert.equal(caseTextLength('Jira_URL__c'), 255);
    assert.equal(caseTextLength('Jira_Last_Updated__c'), undefined, 'a date-time has no text length');
    assert.equal(caseTextLength('Some_Other__c'), undefined);
  });

  it('cuts a text over the length to exactly the length, ending in the marker; leaves the rest alone', () => {
    const cut = fitCaseText('Jira_Fix_Version__c', releases.join(', ')) as string;
    assert.equal(cut.length, 80);
    assert.ok(cut.startsWith(`${releases[0]}, `) && cut.endsWith(CUT_FOR_CASE_MARKER), cut);
    assert.equal(fitCaseText('Jira_Fix_Version__c', 'x'.repeat(80)), 'x'.repeat(80));
    assert.equal(fitCaseText('Jira_Fix_Version__c', null), null);
    assert.equal(fitCaseText('Some_Other__c', 'y'.repeat(500)), 'y'.repeat(500));
  });
});

describe('planPair with a Jira value over the case field', () => {
  it('writes the cut fix versions with the status, then plans nothing for the case holding them', () => {
    const issue = givenIssue({ fixVersions: releases, status: 'In Progress' });
    const plan = planPair(config, { case: givenCase(), issue, origin: 'created', snapshots: noSnapshots });
    assert.equal(plan.caseUpdates.Jira_Status__c, 'In development');
    assert.equal(plan.caseUpdates.Jira_Fix_Version__c, fitCaseText('Jira_Fix_Version__c', releases.join(', ')));
    const written = givenCase({ ...plan.caseUpdates });
    const again = planPair(config, { case: written, issue, origin: 'created', snapshots: plan.nextSnapshots });
    assert.deepEqual(again.caseUpdates, {});
  });
});
