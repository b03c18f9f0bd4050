/**
 * Writes to one issue each (field edits, transitions, watchers, comments), each answered with a
 * per-record outcome. Apart from issue-system.ts because they share one rule for what a failed
 * request means for its record: a 400/404/409 answer or a key that is not a key is a failure of
 * that record, an exhausted rate limit is kept for later, and an ambiguous failure of a write that
 * is not idempotent is unknown; anything else is thrown.
 */
import type { Version3Client } from 'jira.js';
import { toAdf } from '../../domain/sync/adf.js';
import type { WriteOutcome } from '../../domain/sync/records.js';
import type { IssueSystem } from '../../engine/ports.js';
import { toWriteFailure, type RequestSender } from '../request-outcome.js';
import { fromJiraError, readJiraResponseBody } from './errors.js';
import { toFailure } from './issues.js';
import { isIssueKey } from './jql.js';

export interface IssueWriteDeps {
  client: Version3Client;
  send: RequestSender;
}

export type IssueWrites = Pick<IssueSystem, 'updateIssue' | 'transitionIssue' | 'addWatcher' | 'addComment'>;

/** A string that is not an issue key names no issue: that write fails as an unknown issue would. */
function notAnIssueKey(key: string): WriteOutcome<never> {
  return { ok: false, error: { code: 'NOT_FOUND', message: `${JSON.stringify(key)} is not a Jira issue key` } };
}

export function createIssueWrites({ client, send }: IssueWriteDeps): IssueWrites {
  /**
   * Runs a per-record request: 400/404/409 answers become failed outcomes, an exhausted rate limit
   * and (for writes that are not idempotent) an ambiguous failure become outcomes too; the rest are thrown.
   */
  const callForOutcome = async <T>(operation: string, run: () => Promise<T>, idempotent: boolean): Promise<{ ok: true; value: T } | WriteOutcome<never>> => {
    try {
      return { ok: true, value: await send(operation, run, idempotent) };
    } catch (error) {
      const mapped = fromJiraError(error);
      const original = mapped.cause ?? error;
      if (mapped.status === 400 || mapped.status === 404 || mapped.status === 409) {
        return toFailure(mapped.status, readJiraResponseBody(original));
      }
      const failure = toWriteFailure(mapped, { idempotent });
      if (failure) return { ok: false, error: failure };
      throw mapped;
    }
  };

  return {
    async updateIssue(key: string, edits: Record<string, unknown>): Promise<WriteOutcome<null>> {
      if (!isIssueKey(key)) return notAnIssueKey(key);
      // The v3 API takes descriptions as ADF only; plain text is converted rather than refused.
      const fieldsToSend = typeof edits.description === 'string' ? { ...edits, description: edits.description === '' ? null : toAdf(edits.description) } : edits;
      // Setting fields to values is idempotent: a request that may have arrived is simply sent again.
      const outcome = await callForOutcome('jira.updateIssue', () => client.issues.editIssue({ issueIdOrKey: key, fields: fieldsToSend, notifyUsers: false }), true);
      return outcome.ok ? { ok: true, value: null } : outcome;
    },

    async transitionIssue(key: string, transitionId: string): Promise<WriteOutcome<null>> {
      if (!isIssueKey(key)) return notAnIssueKey(key);
      // Not idempotent: the same transition id may exist again from the status it led to.
      const outcome = await callForOutcome('jira.transition', () => client.issues.doTransition({ issueIdOrKey: key, transition: { id: transitionId } }), false);
      return outcome.ok ? { ok: true, value: null } : outcome;
    },

    async addWatcher(key: string, accountId: string): Promise<WriteOutcome<null>> {
      if (!isIssueKey(key)) return notAnIssueKey(key);
      // The body is the accountId as a JSON string; quoted here, since axios sends a string that parses
      // as JSON (an all-digit id) as it is. Idempotent in Jira: adding a watcher twice is one watcher.
      const outcome = await callForOutcome('jira.addWatcher', () => client.issueWatchers.addWatcher({ issueIdOrKey: key, accountId: JSON.stringify(accountId) }), true);
      return outcome.ok ? { ok: true, value: null } : outcome;
    },

    async addComment(key: string, body: string, properties: Record<string, unknown>): Promise<WriteOutcome<{ id: string }>> {
      if (!isIssueKey(key)) return notAnIssueKey(key);
      const outcome = await callForOutcome(
        'jira.addComment',
        () =>
          client.issueComments.addComment({
            issueIdOrKey: key,
            comment: toAdf(body) as never,
            properties: Object.entries(properties).map(([propertyKey, value]) => ({ key: propertyKey, value })),
          }),
        false,
      );
      return outcome.ok ? { ok: true, value: { id: String(outcome.value.id) } } : outcome;
    },
  };
}
