/**
 * Bulk creates (`POST /rest/api/3/issue/bulk`): drafts in calls of ≤50 through the client's bulk
 * create gate, one outcome per draft read from Jira's per-element answer. Apart from
 * issue-system.ts because a bulk call fails in ways one record's request does not: Jira refuses
 * every draft of a call at once (a 400 with the per-element body), and once a rate limit refuses a
 * call the later ones are not sent.
 */
import type { Version3Client } from 'jira.js';
import type { IssueDraft, WriteOutcome } from '../../domain/sync/records.js';
import type { IssueSystem } from '../../engine/ports.js';
import { chunk } from '../chunk.js';
import { toWriteFailure, type RequestSender } from '../request-outcome.js';
import type { BulkCreateGate } from './bulk-create-gate.js';
import { fromJiraError, readJiraResponseBody } from './errors.js';
import { toCreateFields, toCreateOutcomes } from './issues.js';

/** Most issues one bulk create may carry (Jira Cloud's limit). */
export const JIRA_BULK_CREATE_SIZE = 50;

type Loose = Record<string, unknown>;

export interface BulkCreateDeps {
  client: Version3Client;
  send: RequestSender;
  /** Bounds the bulk creates in flight over the client, across every pass. */
  bulkCreates: BulkCreateGate;
  /** Prefix of the label marking an issue with its case (`sfcase-`). */
  caseLabelPrefix: string;
}

export function createBulkCreate({ client, send, bulkCreates, caseLabelPrefix }: BulkCreateDeps): IssueSystem['createIssues'] {
  return async (drafts: readonly IssueDraft[]): Promise<WriteOutcome<{ id: string; key: string }>[]> => {
    const outcomes: WriteOutcome<{ id: string; key: string }>[] = [];
    // Once a chunk is refused by an exhausted rate limit, the later ones are not sent: same answer.
    let refusedForNow: WriteOutcome<never> | undefined;
    for (const batch of chunk(drafts, JIRA_BULK_CREATE_SIZE)) {
      if (refusedForNow) {
        outcomes.push(...batch.map(() => refusedForNow!));
        continue;
      }
      const issueUpdates = batch.map((draft) => ({ fields: toCreateFields(draft, `${caseLabelPrefix}${draft.caseId}`) }));
      let answer: Loose;
      try {
        answer = (await send('jira.createIssues', () => bulkCreates.run(() => client.issues.createIssues({ issueUpdates })), false)) as unknown as Loose;
      } catch (error) {
        const mapped = fromJiraError(error);
        // Jira answers 400 with the same per-element body when every draft of the batch failed.
        const body = readJiraResponseBody(mapped.cause ?? error) as Loose | undefined;
        if (mapped.status === 400 && Array.isArray(body?.errors) && body.errors.length > 0) {
          outcomes.push(...toCreateOutcomes(batch.length, body));
          continue;
        }
        const failure = toWriteFailure(mapped, { idempotent: false });
        if (!failure) throw mapped;
        const outcome: WriteOutcome<never> = { ok: false, error: failure };
        if (failure.disposition === 'refusedForNow') refusedForNow = outcome;
        outcomes.push(...batch.map(() => outcome));
        continue;
      }
      outcomes.push(...toCreateOutcomes(batch.length, answer));
    }
    return outcomes;
  };
}
