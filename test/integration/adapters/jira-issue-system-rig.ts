/**
 * Shared set-up of the Jira adapter suites: a sandbox on a loopback port, reset to seed 0 before
 * each test (issues and call counters), a jira.js client and the adapter on it reading the two
 * custom fields the drafts fill, and `givenDraft`, a valid-looking draft for case number n.
 */
import type { Version3Client } from 'jira.js';
import { createSandbox, type RunningSandbox, type Sandbox } from '../../../src/sandbox/server.js';
import { connectJira, createJiraIssueSystem } from '../../../src/adapters/jira/index.js';
import type { IssueSystem } from '../../../src/engine/ports.js';
import type { IssueDraft } from '../../../src/domain/sync/records.js';
import { sandboxFieldId } from '../../helpers/jira-fields.js';

export const CUSTOMER_TIER = sandboxFieldId('Customer Tier');
export const CASE_NUMBER = sandboxFieldId('Case Number');

export const BULK = 'POST /rest/api/3/issue/bulk';

/** A draft for case number `n` (a valid-looking 18-character case id). */
export function givenDraft(n: number, overrides: Partial<IssueDraft> = {}): IssueDraft {
  return {
    caseId: `500Dn${String(n).padStart(10, '0')}AAA`,
    projectKey: 'DRV',
    issueType: 'Bug',
    summary: `Case ${n}: driver app crashes`,
    description: 'Reported by a VIP customer.\n\nSteps:\n1. open the app\n2. tap "pay"\n\n- iOS 17\n- Android 14\n\n```json\n{"error": "card_declined"}\n\n```',
    priority: 'High',
    labels: ['casebridge'],
    components: ['Trips'],
    fields: { [CUSTOMER_TIER]: 'VIP', [CASE_NUMBER]: String(100_000 + n) },
    ...overrides,
  };
}

export interface JiraAdapterRig {
  sandbox: Sandbox;
  running: RunningSandbox;
  client: Version3Client;
  issues: IssueSystem;
}

/** Registers the suite's hooks; the rig's fields are set once `before` has run. */
export function useJiraAdapterRig(): JiraAdapterRig {
  const rig = {} as JiraAdapterRig;
  before(async () => {
    rig.sandbox = createSandbox();
    rig.running = await rig.sandbox.listen(0);
    rig.client = connectJira({ baseUrl: rig.running.url, email: 'casebridge@integration.example', apiToken: 'test-token' });
    rig.issues = createJiraIssueSystem({ client: rig.client, baseUrl: rig.running.url, extraFields: [CUSTOMER_TIER, CASE_NUMBER] });
  });
  after(async () => rig.running.close());
  beforeEach(() => rig.sandbox.reset({ seed: 0, jiraSeed: 0 }));
  return rig;
}
