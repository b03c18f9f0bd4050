/**
 * Fills the in-memory org: users and accounts always, then N cases drawn deterministically from a
 * seeded random source (same seed → same cases), spread over the last 30 days.
 */
import type { SalesforceStore } from '../salesforce/store.js';
import type { SfRecord } from '../salesforce/validate.js';
import { CLOSED_STATUSES } from '../salesforce/sobject-defs.js';
import { pickInt, pickOne, pickWeighted } from '../controls/prng.js';
import { languageFor, priorityFor, STATUS_WEIGHTS, TOPIC_WEIGHTS } from './case-mix.js';
import { CASE_TEXTS, CITIES, CURRENCIES } from './case-texts.js';
import { INTEGRATION_USERNAME, INTEGRATION_USER_NAME, SEED_ACCOUNTS, SEED_AGENTS, type SeedAccount } from './people.js';

const DAY_MS = 86_400_000;
/** Age of the oldest seeded case. */
const SEED_WINDOW_MS = 30 * DAY_MS;
const SEED_MIN_AGE_MS = 10 * 60_000;

/** Ids of the seeded people and accounts. */
export interface SeededPeople {
  integrationUserId: string;
  agents: { id: string; username: string; name: string; region: string }[];
  accounts: { id: string; account: SeedAccount }[];
}

/** Creates the users and accounts; call on an empty store so their ids are always the same. */
export function seedPeople(store: SalesforceStore, nowMs: number): SeededPeople {
  const createdMs = nowMs - 400 * DAY_MS;
  const audit = (userId: string | null): SfRecord => ({
    CreatedDate: createdMs,
    LastModifiedDate: createdMs,
    SystemModstamp: createdMs,
    CreatedById: userId,
    LastModifiedById: userId,
  });
  const integrationUserId = store.insertRaw('User', {
    ...audit(null),
    Name: INTEGRATION_USER_NAME,
    Username: INTEGRATION_USERNAME,
    Email: INTEGRATION_USERNAME,
    IsActive: true,
  });
  patchAudit(store, 'User', integrationUserId, integrationUserId);
  const agents = SEED_AGENTS.map((agent) => {
    const id = store.insertRaw('User', { ...audit(integrationUserId), Name: agent.name, Username: agent.username, Email: agent.username, IsActive: true });
    return { id, username: agent.username, name: agent.name, region: agent.region };
  });
  const accounts = SEED_ACCOUNTS.map((account, i) => {
    const owner = agents.filter((a) => a.region === account.region)[i % 3] ?? agents[0];
    const id = store.insertRaw('Account', {
      ...audit(integrationUserId),
      Name: account.name,
      Tier__c: account.tier,
      Region__c: account.region,
      OwnerId: owner?.id ?? integrationUserId,
    });
    return { id, account };
  });
  return { integrationUserId, agents, accounts };
}

function patchAudit(store: SalesforceStore, sObject: string, id: string, userId: string): void {
  const row = store.get(sObject, id);
  if (row) Object.assign(row, { CreatedById: userId, LastModifiedById: userId });
}

/** Creates `count` cases (and a few comments), all dated in the past relative to `nowMs`. */
export function seedCases(store: SalesforceStore, people: SeededPeople, count: number, random: () => number, nowMs: number): void {
  for (let i = 0; i < count; i++) {
    const tier = pickWeighted(random, [
      ['Private', 60],
      ['Corporate', 35],
      ['VIP', 5],
    ] as const);
    const candidates = people.accounts.filter((a) => a.account.tier === tier);
    const { id: accountId, account } = pickOne(random, candidates.length > 0 ? candidates : people.accounts);
    const language = languageFor(account.region, random);
    const topic = pickWeighted(random, TOPIC_WEIGHTS);
    const text = pickOne(random, CASE_TEXTS[topic][language]);
    const fill = (template: string): string =>
      template
        .replace('{city}', pickOne(random, CITIES[account.region][language]))
        .replace('{amount}', CURRENCIES[account.region](pickInt(random, 1200, 19_900) / 100))
        .replace('{ride}', `R-${pickInt(random, 1_000_000, 9_999_999)}`);
    const owner = pickOne(
      random,
      people.agents.filter((a) => a.region === account.region),
    );
    // Most open cases of a desk are recent: ages skewed towards now (median about 4 days, one in
    // seven under 2 hours), so the demo board shows running and at-risk clocks beside breached ones.
    // Every seeded change is some minutes old, so none shares a whole second with the first start
    // of a deployment that follows the seeding (a feed reads from that second on).
    const createdMs = nowMs - SEED_MIN_AGE_MS - Math.floor(random() ** 3 * (SEED_WINDOW_MS - SEED_MIN_AGE_MS));
    const modifiedMs = createdMs + Math.floor(random() * (nowMs - SEED_MIN_AGE_MS / 2 - createdMs));
    const status = pickWeighted(random, STATUS_WEIGHTS);
    const priority = priorityFor(topic, account.tier, random);
    const escalate = status === 'Escalated' || ((priority === 'P1' || priority === 'P2') && random() < 0.5);
    const caseId = store.insertRaw('Case', {
      Subject: fill(text.subject),
      Description: fill(text.description),
      Status: status,
      Priority: priority,
      IsClosed: CLOSED_STATUSES.includes(status),
      ClosedDate: CLOSED_STATUSES.includes(status) ? modifiedMs : null,
      Origin: pickWeighted(random, [
        ['App', 40],
        ['Web', 20],
        ['Email', 20],
        ['Phone', 12],
        ['Chat', 8],
      ] as const),
      Type:
        topic === 'safety_incident'
          ? 'Incident'
          : topic === 'other'
            ? 'Question'
            : pickWeighted(random, [
                ['Problem', 70],
                ['Question', 20],
                ['Feature Request', 10],
              ] as const),
      AccountId: accountId,
      OwnerId: owner.id,
      ContactEmail: account.email,
      SuppliedName: account.contact,
      Escalate_to_Jira__c: escalate,
      Jira_Key__c: null,
      Jira_Status__c: null,
      Jira_Assignee__c: null,
      Jira_URL__c: null,
      Jira_Fix_Version__c: null,
      Jira_Last_Updated__c: null,
      SLA_Status__c: null,
      SLA_Due__c: null,
      Incident_Key__c: null,
      Topic__c: topic,
      Region__c: account.region,
      Customer_Tier__c: account.tier,
      Priority_Source__c: 'human',
      Language__c: language,
      CreatedDate: createdMs,
      CreatedById: owner.id,
      LastModifiedDate: modifiedMs,
      LastModifiedById: owner.id,
      SystemModstamp: modifiedMs,
    });
    if (random() < 0.3) {
      store.insertRaw('CaseComment', {
        ParentId: caseId,
        CommentBody: language === 'ru' ? 'Связались с клиентом, ждём подробностей.' : language === 'he' ? 'יצרנו קשר עם הלקוח, ממתינים לפרטים.' : 'Contacted the customer, waiting for details.',
        IsPublished: false,
        CreatedDate: modifiedMs,
        CreatedById: owner.id,
        LastModifiedDate: modifiedMs,
        LastModifiedById: owner.id,
        SystemModstamp: modifiedMs,
      });
    }
  }
}
