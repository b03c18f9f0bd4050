/**
 * `--experiment echo-filters`: approximates two proposed engine changes from the outside, to
 * measure what they would save before anyone writes them properly:
 *  1. a sync pass records `$seenUpdated` (the snapshot the Jira poll de-duplicates on) for every
 *     issue it reads, so the poll does not queue an issue again for a state already synced;
 *  2. the Salesforce poll drops cases last modified by the integration user (our own write-backs).
 * Both are cruder than the real thing would be (1 records on read rather than after a successful
 * pass; 2 would also need to compare the read fields with the snapshots, to not hide a change an
 * agent made between our read and our write); the benchmark has no such races, so the call
 * counts are what the real changes would give. Off by default.
 */
import { upsertSnapshots } from '../../src/adapters/store/snapshots.js';
import type { CaseSystem, IssueSystem } from '../../src/engine/ports.js';
import type { CaseRecord } from '../../src/domain/sync/records.js';
import type { SyncRig } from './rig.js';

export function applyEchoFilters(rig: SyncRig): void {
  const issues: IssueSystem = rig.context.issues;
  const cases: CaseSystem = rig.context.cases;
  const integrationUserId = rig.sandbox.salesforce.people().integrationUserId;
  rig.context.issues = {
    ...issues,
    getIssues: async (keys) => {
      const found = await issues.getIssues(keys);
      await upsertSnapshots(
        rig.context.db,
        found.map((i) => ({ system: 'jira' as const, objectId: i.key, field: '$seenUpdated', value: i.updated, sourceUpdatedAt: new Date(i.updated), writtenByUs: false })),
      );
      return found;
    },
  };
  rig.context.cases = {
    ...cases,
    listChangedCases: (since, fields) => dropOwnChanges(cases.listChangedCases(since, fields), integrationUserId),
  };
}

async function* dropOwnChanges(pages: AsyncIterable<CaseRecord[]>, integrationUserId: string): AsyncGenerator<CaseRecord[]> {
  for await (const page of pages) yield page.filter((c) => c.lastModifiedById !== integrationUserId);
}
