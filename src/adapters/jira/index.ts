/** The Jira adapter: the engine's `IssueSystem` over jira.js 5, and how to connect. */
export { createJiraIssueSystem, JIRA_BULK_CREATE_SIZE, type JiraIssueSystemOptions } from './issue-system.js';
export { connectJira, type ConnectJiraOptions } from './connect.js';
export { fromJiraError, parseRetryAfterMs } from './errors.js';
export { formatJqlDateTime, isIssueKey, isProjectKey, quoteJqlString } from './jql.js';
