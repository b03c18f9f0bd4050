/** Builders for sync test data: realistic defaults, override what the test is about. */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { syncFileSchema } from '../../../src/config/schemas/sync.js';
import type { SyncConfig } from '../../../src/config/schemas/sync.js';
import { classificationFileSchema } from '../../../src/config/schemas/classification.js';
import type { ClassificationConfig } from '../../../src/config/schemas/classification.js';
import type { CaseRecord, IssueRecord } from '../../../src/domain/sync/records.js';
import { resolveForSandbox, sandboxFieldId } from '../../helpers/jira-fields.js';

export function givenClassificationConfig(): ClassificationConfig {
  return classificationFileSchema.parse(parse(readFileSync('config/classification.yaml', 'utf8')));
}

/** config/sync.yaml with its Jira field names resolved to the sandbox site's ids, as start-up does. */
export function givenSyncConfig(): SyncConfig {
  return resolveForSandbox({ sync: syncFileSchema.parse(parse(readFileSync('config/sync.yaml', 'utf8'))) }).sync;
}

export function givenCase(fields: Record<string, unknown> = {}, partial: Partial<CaseRecord> = {}): CaseRecord {
  return {
    id: '500000000000001AAA',
    systemModstamp: '2026-11-26T10:00:00.000Z',
    lastModifiedById: '005000000000001AAA',
    ...partial,
    fields: {
      CaseNumber: '00001001',
      Subject: 'Driver app crashes on login',
      Description: 'Since 9:00',
      Status: 'Escalated',
      Priority: 'P2',
      Escalate_to_Jira__c: true,
      Customer_Tier__c: 'Corporate',
      Jira_Key__c: null,
      ...fields,
    },
  };
}

export function givenIssue(partial: Partial<IssueRecord> = {}): IssueRecord {
  return {
    id: '10001',
    key: 'DRV-1',
    url: 'http://jira.example/browse/DRV-1',
    projectKey: 'DRV',
    status: 'To Do',
    summary: 'Driver app crashes on login',
    description: 'Since 9:00',
    priority: 'High',
    labels: ['from-support', 'sfcase-500000000000001AAA'],
    assignee: null,
    fixVersions: [],
    updated: '2026-11-26T10:00:01.000Z',
    fields: { [sandboxFieldId('Customer Tier')]: 'Corporate', [sandboxFieldId('Case Number')]: '00001001' },
    ...partial,
  };
}
