/** The Jira adapter: the engine's `IssueSystem` over jira.js 5, and how to connect. */
export { createJiraIssueSystem, type JiraIssueSystemOptions } from './issue-system.js';
export { JIRA_BULK_CREATE_SIZE } from './issue-create.js';
export { connectJira, type ConnectJiraOptions } from './connect.js';
export { fromJiraError, parseRetryAfterMs } from './errors.js';
export { formatJqlDateTime, isIssueKey, isProjectKey, quoteJqlString } from './jql.js';
