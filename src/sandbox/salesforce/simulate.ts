/**
 * One gentle random agent action for demo mode: a comment, a status move, a priority change, a
 * closure, a reopening or a new case. Everything goes through the same code as API writes, so the
 * demo produces outbound messages and SystemModstamp changes like a real org.
 */
import { pickOne } from '../controls/prng.js';
import { CLOSED_STATUSES } from './sobject-defs.js';
import { SfRequestError } from './errors.js';
import type { SalesforceStore } from './store.js';
import type { SeededPeople } from '../seed/seed-org.js';

const DEMO_COMMENTS = [
  'Called the customer back, they confirmed the details.',
  'Клиент прислал скриншот, приложил к кейсу.',
  'הלקוח אישר שהבעיה עדיין קיימת.',
  'Customer asked for an update on the fix.',
];

const NEW_CASE_SUBJECTS = ['Driver app crashes on navigation start', 'Списали деньги за отменённую поездку', 'לא מצליח להוסיף כרטיס אשראי'];

/** Applies one random agent action; does nothing when there is nothing sensible to do. */
export function simulateAgentStep(store: SalesforceStore, people: SeededPeople, random: () => number): void {
  const agent = pickOne(random, people.agents);
  const cases = store.list('Case');
  const open = cases.filter((c) => c.IsClosed !== true);
  const closed = cases.filter((c) => c.IsClosed === true);
  const roll = random();
  try {
    if (roll < 0.35 && open.length > 0) {
      const target = pickOne(random, open);
      store.create('CaseComment', { ParentId: target.Id, CommentBody: pickOne(random, DEMO_COMMENTS), IsPublished: random() < 0.5 }, agent.id);
    } else if (roll < 0.55 && open.length > 0) {
      store.update('Case', String(pickOne(random, open).Id), { Status: pickOne(random, ['Working', 'Waiting on Customer', 'Escalated']) }, agent.id);
    } else if (roll < 0.7 && open.length > 0) {
      store.update('Case', String(pickOne(random, open).Id), { Priority: pickOne(random, ['P1', 'P2', 'P3', 'P4']) }, agent.id);
    } else if (roll < 0.8 && open.length > 0) {
      store.update('Case', String(pickOne(random, open).Id), { Status: pickOne(random, CLOSED_STATUSES) }, agent.id);
    } else if (roll < 0.88 && closed.length > 0) {
      store.update('Case', String(pickOne(random, closed).Id), { Status: 'Working' }, agent.id);
    } else {
      const account = pickOne(random, people.accounts);
      store.create(
        'Case',
        {
          Subject: pickOne(random, NEW_CASE_SUBJECTS),
          Origin: 'App',
          Priority: 'P3',
          AccountId: account.id,
          Region__c: account.account.region,
          Customer_Tier__c: account.account.tier,
          Topic__c: 'other',
          Priority_Source__c: 'human',
        },
        agent.id,
      );
    }
  } catch (error) {
    // A demo step that hits a validation rule is simply skipped.
    if (!(error instanceof SfRequestError)) throw error;
  }
}
