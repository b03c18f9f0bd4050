/**
 * Every issue of the sandbox's Jira site over its REST API, as a checker needs it: labels, status,
 * assignee, fix versions, `updated` and every comment (raw ADF). Independent of casebridge's Jira
 * adapter, so a bug there cannot hide in the reading.
 */
const AUTH = { authorization: `Basic ${Buffer.from('checker@example.com:checker').toString('base64')}` };

export interface JiraIssueState {
  key: string;
  labels: string[];
  status: string;
  /** Display name of the assignee. */
  assignee: string | null;
  fixVersions: string[];
  updated: string;
  comments: Array<{ id: string; body: unknown; authorAccountId: string }>;
  /** The latest change a person (not the API user) made: a changelog entry or a comment; null if none. */
  lastChangeByPersonMs: number | null;
}

interface SearchPage {
  issues: Array<{ key: string; fields: Record<string, unknown>; changelog?: { histories?: Array<{ created: string; author?: { accountId: string } }> } }>;
  nextPageToken?: string;
}

export async function readJiraIssues(baseUrl: string): Promise<JiraIssueState[]> {
  const apiUser = ((await getJson(`${baseUrl}/rest/api/3/myself`)) as { accountId: string }).accountId;
  const projects = (await getJson(`${baseUrl}/rest/api/3/project`)) as Array<{ key: string }>;
  const jql = `project in (${projects.map((p) => p.key).join(', ')}) ORDER BY key ASC`;
  const fields = ['labels', 'status', 'assignee', 'fixVersions', 'updated', 'comment'];
  const issues: JiraIssueState[] = [];
  let nextPageToken: string | undefined;
  do {
    const response = await fetch(`${baseUrl}/rest/api/3/search/jql`, {
      method: 'POST',
      headers: { ...AUTH, 'content-type': 'application/json' },
      body: JSON.stringify({ jql, fields, expand: 'changelog', maxResults: 100, ...(nextPageToken ? { nextPageToken } : {}) }),
    });
    if (!response.ok) throw new Error(`reading Jira issues: ${response.status} ${await response.text()}`);
    const page = (await response.json()) as SearchPage;
    issues.push(...page.issues.map((issue) => toIssueState(issue, apiUser)));
    nextPageToken = page.nextPageToken;
  } while (nextPageToken);
  return issues;
}

function toIssueState(issue: SearchPage['issues'][number], apiUser: string): JiraIssueState {
  const f = issue.fields as {
    labels?: string[];
    status?: { name: string };
    assignee?: { displayName: string } | null;
    fixVersions?: Array<{ name: string }>;
    updated?: string;
    comment?: { comments: Array<{ id: string; body: unknown; created: string; author?: { accountId: string } }> };
  };
  const byPerson = [...(issue.changelog?.histories ?? []), ...(f.comment?.comments ?? [])].filter((c) => c.author?.accountId !== apiUser).map((c) => Date.parse(c.created));
  return {
    key: issue.key,
    labels: f.labels ?? [],
    status: f.status?.name ?? '',
    assignee: f.assignee?.displayName ?? null,
    fixVersions: (f.fixVersions ?? []).map((v) => v.name),
    updated: f.updated ?? '',
    comments: (f.comment?.comments ?? []).map((c) => ({ id: c.id, body: c.body, authorAccountId: c.author?.accountId ?? '' })),
    lastChangeByPersonMs: byPerson.length > 0 ? Math.max(...byPerson) : null,
  };
}

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url, { headers: AUTH });
  if (!response.ok) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
  return response.json();
}
