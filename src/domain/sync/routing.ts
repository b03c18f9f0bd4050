/** Picks the Jira project, issue type, components, labels and assignee for a case. */
import type { SyncConfig } from '../../config/schemas/sync.js';
import { matchesCaseRule } from './case-rules.js';

export interface RoutingTarget {
  project: string;
  issueType: string;
  components: string[];
  labels: string[];
  assigneeAccountId?: string;
  /** Name of the rule that matched, or `default`. */
  rule: string;
}

/** First matching rule wins; a rule's target inherits what it leaves out from the default. */
export function chooseTarget(routing: SyncConfig['routing'], topic: string | null, fields: Readonly<Record<string, unknown>>): RoutingTarget {
  for (const rule of routing.rules) {
    const topicOk = !rule.topics || (topic !== null && rule.topics.includes(topic));
    const fieldsOk = !rule.when || matchesCaseRule(rule.when, fields);
    if (topicOk && fieldsOk) {
      return {
        project: rule.target.project,
        issueType: rule.target.issueType ?? routing.default.issueType,
        components: rule.target.components ?? routing.default.components,
        labels: rule.target.labels ?? routing.default.labels,
        assigneeAccountId: rule.target.assigneeAccountId ?? routing.default.assigneeAccountId,
        rule: rule.name,
      };
    }
  }
  return { ...routing.default, rule: 'default' };
}
