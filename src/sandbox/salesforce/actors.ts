/**
 * People acting in the org outside the API user: an agent edits, closes or reopens a case, or adds
 * a comment. Their writes carry the agent's user id (never the integration user's) and trigger
 * outbound messages like any other change.
 */
import { z } from 'zod';
import { CASE_STATUSES, CLOSED_STATUSES } from './sobject-defs.js';
import { SfRequestError } from './errors.js';
import type { SalesforceStore } from './store.js';
import type { SeededPeople } from '../seed/seed-org.js';

const OPEN_STATUSES = CASE_STATUSES.filter((s) => !CLOSED_STATUSES.includes(s)) as [string, ...string[]];
/** Username or user id of the agent acting; defaults to the case owner (or the first agent). */
const actor = z.string().min(1).optional();
const caseId = z.string().min(15, 'caseId must be a 15- or 18-character Salesforce id');

/** Actions an agent can take, as posted to `/__sandbox/actors` with `system: 'salesforce'`. */
export const salesforceActionSchema = z.discriminatedUnion('action', [
  z.object({ system: z.literal('salesforce'), action: z.literal('editCase'), caseId, fields: z.record(z.string(), z.unknown()), actor }),
  z.object({ system: z.literal('salesforce'), action: z.literal('closeCase'), caseId, status: z.enum(['Closed', 'Resolved']).default('Closed'), actor }),
  z.object({ system: z.literal('salesforce'), action: z.literal('reopenCase'), caseId, status: z.enum(OPEN_STATUSES).default('Working'), actor }),
  z.object({ system: z.literal('salesforce'), action: z.literal('addComment'), caseId, body: z.string().min(1), isPublished: z.boolean().default(true), actor }),
  z.object({ system: z.literal('salesforce'), action: z.literal('createCase'), fields: z.record(z.string(), z.unknown()), actor }),
]);

/** A validated agent action. */
export type SalesforceAction = z.infer<typeof salesforceActionSchema>;

/** The outcome of an actor call, as `/__sandbox/actors` answers it. */
export type ActorOutcome = { ok: true; result: unknown } | { ok: false; error: string };

function resolveActor(store: SalesforceStore, people: SeededPeople, requested: string | undefined, caseIdValue?: string): string | undefined {
  if (requested) {
    return people.agents.find((a) => a.username === requested || a.id === requested || a.id.slice(0, 15) === requested)?.id;
  }
  const owner = caseIdValue ? store.get('Case', caseIdValue)?.OwnerId : undefined;
  return people.agents.find((a) => a.id === owner)?.id ?? people.agents[0]?.id;
}

/** Validates and runs one agent action against the store. */
export function runSalesforceActor(store: SalesforceStore, people: SeededPeople, input: unknown): ActorOutcome {
  const parsed = salesforceActionSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, error: parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ') };
  }
  const action = parsed.data;
  const targetCase = 'caseId' in action ? action.caseId : undefined;
  const userId = resolveActor(store, people, action.actor, targetCase);
  if (!userId) return { ok: false, error: `actor: no agent with username or id ${String(action.actor)}` };
  try {
    switch (action.action) {
      case 'editCase':
        store.update('Case', action.caseId, action.fields, userId);
        return { ok: true, result: { id: store.get('Case', action.caseId)?.Id, actorId: userId } };
      case 'closeCase':
      case 'reopenCase':
        store.update('Case', action.caseId, { Status: action.status }, userId);
        return { ok: true, result: { id: store.get('Case', action.caseId)?.Id, status: action.status, actorId: userId } };
      case 'addComment': {
        const id = store.create('CaseComment', { ParentId: action.caseId, CommentBody: action.body, IsPublished: action.isPublished }, userId);
        return { ok: true, result: { id, actorId: userId } };
      }
      case 'createCase': {
        const id = store.create('Case', action.fields, userId);
        return { ok: true, result: { id, caseNumber: store.get('Case', id)?.CaseNumber, actorId: userId } };
      }
    }
  } catch (error) {
    if (error instanceof SfRequestError) return { ok: false, error: error.message };
    throw error;
  }
}
