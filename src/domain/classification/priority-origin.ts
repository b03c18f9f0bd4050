/**
 * Whether a case's current priority is a person's choice, which casebridge keeps, without relying on
 * a `Priority_Source__c` field nobody remembers to tick. A priority is a person's when:
 * - `Priority_Source__c` says `human` (still honoured where the org has the field); or
 * - casebridge set a priority on this case before and the case now has another one, last changed
 *   by someone other than the integration user; or
 * - casebridge never set one and the case has a priority other than the org's default (what the
 *   form gives when nobody picks one), not written by the integration user alone.
 * A priority equal to the org's default that casebridge never set is not taken as a choice: nothing
 * tells it apart from the form's default.
 */

/** What is known about a case's priority. */
export interface PriorityFacts {
  /** Priority as read; empty or missing means none. */
  current: string | null | undefined;
  /** `Priority_Source__c` as read, when the org has the field. */
  sourceField: string | null | undefined;
  /** The org's default priority for new cases (config `priority.orgDefault`). */
  orgDefault: string;
  /** The priority casebridge last set on this case (from the audit log), if it ever did. */
  lastSetByCasebridge: string | undefined;
  createdById: string | undefined;
  lastModifiedById: string | undefined;
  /** Undefined when the org could not tell: every other writer then counts as a person. */
  integrationUserId: string | undefined;
}

/** The verdict, with the reason a person reads. */
export interface PriorityOrigin {
  chosenByPerson: boolean;
  why: string;
}

export function findPriorityOrigin(facts: PriorityFacts): PriorityOrigin {
  const current = facts.current?.trim();
  if (!current) return { chosenByPerson: false, why: 'the case has no priority' };
  if (facts.sourceField?.trim().toLowerCase() === 'human') return { chosenByPerson: true, why: `Priority_Source__c = human (${current})` };
  const isIntegration = (userId: string | undefined): boolean => facts.integrationUserId !== undefined && userId === facts.integrationUserId;
  if (facts.lastSetByCasebridge !== undefined) {
    if (current === facts.lastSetByCasebridge) return { chosenByPerson: false, why: `${current} is what casebridge set` };
    if (isIntegration(facts.lastModifiedById)) return { chosenByPerson: false, why: `changed from casebridge's ${facts.lastSetByCasebridge} to ${current} by the integration user` };
    return { chosenByPerson: true, why: `a person changed casebridge's ${facts.lastSetByCasebridge} to ${current}` };
  }
  if (current === facts.orgDefault) return { chosenByPerson: false, why: `${current} is the org's default` };
  if (isIntegration(facts.createdById) && isIntegration(facts.lastModifiedById)) return { chosenByPerson: false, why: `${current} was set by the integration user` };
  return { chosenByPerson: true, why: `a person chose ${current} (the org's default is ${facts.orgDefault})` };
}
