/**
 * Delivering stakeholder updates from their outbox rows (store/stakeholder-updates.ts): the claimed
 * row already holds the contacts, subject and text, so the first send and a retry send the same
 * update. A runner that crashed between the claim and the send leaves the row `claimed`; once the
 * lease is up (well above a send's time, so the normal path never sends twice) one runner re-claims
 * it and delivers it again. `failed` rows (no channel took them) are retried the same way, a few times.
 */
import { appendAudit } from '../../adapters/store/audit-log.js';
import { finishStakeholderUpdate, listUnsentUpdates, reclaimStakeholderUpdate } from '../../adapters/store/stakeholder-updates.js';
import type { StakeholderUpdate } from '../../adapters/store/stakeholder-updates.js';
import type { ChannelOutcome } from '../../adapters/notify/contact-notifier.js';
import type { EngineContext } from '../context.js';
import type { IncidentDeps } from './deps.js';

/** How long a claim holds before another runner may deliver the update again (a send takes seconds). */
export const STAKEHOLDER_CLAIM_LEASE_MS = 5 * 60_000;
/** Tries of one update in all, the first included. */
const MAX_ATTEMPTS = 5;

/** Sends the claimed row to its contacts, records the outcome per channel and audits it. */
export async function deliverClaimedUpdate(ctx: EngineContext, deps: IncidentDeps, update: StakeholderUpdate, issueKey: string, now: Date): Promise<'sent' | 'failed'> {
  const message = { subject: update.subject ?? '', text: update.body ?? '' };
  const recipients: ChannelOutcome[] = [];
  for (const contact of update.deliverTo ?? []) recipients.push(...(await deps.notifier.notifyContact(contact, message)));
  const status = recipients.some((r) => r.ok) ? 'sent' : 'failed';
  await finishStakeholderUpdate(ctx.db, update.id, { status, recipients, at: now });
  await appendAudit(ctx.db, [
    {
      system: 'casebridge',
      objectType: 'stakeholder-update',
      objectId: issueKey,
      action: update.kind,
      after: { slot: update.slotKey, audiences: update.audiences, nextUpdateAt: update.nextUpdateAt?.toISOString() ?? null, channels: recipients, attempt: update.attempts },
      note: recipients.length === 0 ? 'not sent: no channel configured (SLACK_WEBHOOK_URL, SMTP_URL) or no audience' : status === 'failed' ? 'no channel took the update' : null,
    },
  ]);
  return status;
}

/** Delivers again each update whose claim outlived the lease unsent; one runner per row wins the re-claim. */
export async function retryUnsentUpdates(ctx: EngineContext, deps: IncidentDeps, now: Date): Promise<Array<{ issueKey: string; slotKey: string; status: 'sent' | 'failed' }>> {
  const retried: Array<{ issueKey: string; slotKey: string; status: 'sent' | 'failed' }> = [];
  for (const update of await listUnsentUpdates(ctx.db, new Date(now.getTime() - STAKEHOLDER_CLAIM_LEASE_MS), MAX_ATTEMPTS)) {
    if (!(await reclaimStakeholderUpdate(ctx.db, update, now))) continue;
    ctx.logger.info({ issueKey: update.issueKey, slot: update.slotKey, attempt: update.attempts + 1 }, 'stakeholder update not sent within its lease: sending it again');
    const status = await deliverClaimedUpdate(ctx, deps, { ...update, attempts: update.attempts + 1 }, update.issueKey, now);
    retried.push({ issueKey: update.issueKey, slotKey: update.slotKey, status });
  }
  return retried;
}
