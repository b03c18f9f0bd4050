/**
 * People working while casebridge syncs: developers move, assign, version and comment on the
 * issues casebridge linked (read from the cases' Jira_Key__c), agents comment on those cases.
 * Actions go through the sandbox actors, as humans, so casebridge sees foreign edits. Seeded: the
 * same seed picks the same kinds of action in the same order.
 */
import type { Sandbox } from '../../src/sandbox/server.js';

/** Incident managers are assignable in every ordinary project. */
const ASSIGNEES = ['im-sarah-oconnor', 'im-yosef-friedman', 'im-anna-kuznetsova'];
const STATUSES = ['In Progress', 'In Review', 'Waiting for Support', 'Done', 'To Do'];
const VERSIONS = ['2026.12', '2027.01'];

export interface ActivityCounts {
  transitions: number;
  assignments: number;
  fixVersions: number;
  jiraComments: number;
  caseComments: number;
  /** Actions the sandbox refused (no such transition from the current status, say). */
  refused: number;
}

export interface Activity {
  /** Stops acting; resolves once the action in hand is done. */
  stop(): Promise<ActivityCounts>;
}

export function startPeopleActivity(sandbox: Sandbox, random: () => number, options: { intervalMs: number }): Activity {
  const counts: ActivityCounts = { transitions: 0, assignments: 0, fixVersions: 0, jiraComments: 0, caseComments: 0, refused: 0 };
  let stopped = false;
  let sequence = 0;
  const act = async (): Promise<void> => {
    const linked = sandbox.salesforce.store.list('Case').filter((c) => typeof c.Jira_Key__c === 'string');
    if (linked.length === 0) return;
    const record = linked[Math.floor(random() * linked.length)]!;
    const issueKey = String(record.Jira_Key__c);
    const roll = random();
    sequence++;
    if (roll < 0.4) {
      count('transitions', await sandbox.jira.runActor({ type: 'transition', issueKey, toStatus: pick(STATUSES, random) }));
    } else if (roll < 0.55) {
      count('assignments', await sandbox.jira.runActor({ type: 'assign', issueKey, accountId: pick(ASSIGNEES, random) }));
    } else if (roll < 0.65) {
      count('fixVersions', await sandbox.jira.runActor({ type: 'setFixVersion', issueKey, version: pick(VERSIONS, random) }));
    } else if (roll < 0.85) {
      // The `#customer` prefix is what the example config mirrors to cases.
      count('jiraComments', await sandbox.jira.runActor({ type: 'comment', issueKey, body: `#customer Update ${sequence}: we found the cause.` }));
    } else {
      const outcome = await sandbox.salesforce.runActor({ system: 'salesforce', action: 'addComment', caseId: String(record.Id), body: `Customer called again (${sequence}).`, isPublished: true });
      count('caseComments', outcome);
    }
  };
  const count = (kind: Exclude<keyof ActivityCounts, 'refused'>, outcome: { ok: boolean }) => {
    if (outcome.ok) counts[kind]++;
    else counts.refused++;
  };
  const loop = (async () => {
    while (!stopped) {
      await act();
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      return counts;
    },
  };
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)]!;
}
