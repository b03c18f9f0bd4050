/**
 * Decides what a case needs before any field sync: a new issue, a link to an issue an agent
 * named, a switch to another issue, or nothing.
 */
import type { SyncConfig } from '../../config/schemas/sync.js';
import { matchesCaseRule } from './case-rules.js';
import { fallbackSummary, jiraValueOfCase } from './field-values.js';
import type { CaseRecord, IssueDraft } from './records.js';
import { chooseTarget } from './routing.js';
import { isIssueKey } from '../jira-keys.js';

export type CaseDecision =
  | { kind: 'none' }
  | { kind: 'create'; draft: IssueDraft; routingRule: string }
  | { kind: 'link'; issueKey: string }
  | { kind: 'relink'; fromIssueKey: string; issueKey: string }
  | { kind: 'invalidKey'; value: string };

export interface CaseContext {
  /** The live link's issue key, when the case has one. */
  linkedIssueKey: string | null;
  /** The key casebridge last wrote into the case's key field (snapshot), if any. */
  keyWeWrote: string | null;
  /** Topic from classification or the case's topic field. */
  topic: string | null;
}

export function decideCase(config: SyncConfig, record: CaseRecord, context: CaseContext): CaseDecision {
  const typed = String(record.fields[config.mirror.jiraKeyField] ?? '').trim();
  const typedByPerson = typed !== '' && typed !== context.keyWeWrote && typed !== context.linkedIssueKey;
  if (typedByPerson) {
    if (!isIssueKey(typed)) return { kind: 'invalidKey', value: typed };
    return context.linkedIssueKey ? { kind: 'relink', fromIssueKey: context.linkedIssueKey, issueKey: typed } : { kind: 'link', issueKey: typed };
  }
  if (context.linkedIssueKey) return { kind: 'none' };
  if (!matchesCaseRule(config.mirror.when, record.fields)) return { kind: 'none' };
  const target = chooseTarget(config.routing, context.topic, record.fields);
  return { kind: 'create', draft: buildIssueDraft(config, record, target), routingRule: target.rule };
}

/** The label that marks an issue as the mirror of a case: how recovery finds it again. */
export function caseLabel(config: SyncConfig, caseId: string): string {
  return config.jira.caseLabel.replace('{caseId}', caseId);
}

function buildIssueDraft(config: SyncConfig, record: CaseRecord, target: ReturnType<typeof chooseTarget>): IssueDraft {
  const draft: IssueDraft = {
    caseId: record.id,
    projectKey: target.project,
    issueType: target.issueType,
    summary: '',
    description: '',
    labels: [...new Set([...target.labels, caseLabel(config, record.id)])],
    components: target.components,
    assigneeAccountId: target.assigneeAccountId,
    fields: {},
  };
  for (const mapping of config.fields) {
    if (mapping.direction === 'toSalesforce') continue;
    const value = jiraValueOfCase(mapping, record);
    if (mapping.jira === 'summary') draft.summary = String(value ?? '');
    else if (mapping.jira === 'description') draft.description = String(value ?? '');
    else if (mapping.jira === 'priority') {
      if (value !== null) draft.priority = String(value);
    } else if (mapping.jira === 'labels') {
      if (value) draft.labels.push(...String(value).split(/\s+/).filter(Boolean));
    } else if (value !== null && value !== undefined) draft.fields[mapping.jira] = value;
  }
  if (!draft.summary) draft.summary = fallbackSummary(record);
  return draft;
}
