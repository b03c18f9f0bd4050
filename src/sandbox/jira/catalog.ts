import type { SiteCatalog } from './catalog-types.js';
import { buildFields } from './catalog-fields.js';
import { API_USER_ACCOUNT_ID, USERS, buildProjects } from './catalog-projects.js';
import { ISSUE_TYPES, PRIORITIES, RESOLUTIONS, STATUSES } from './catalog-workflows.js';

/** A fresh copy of the emulated site's configuration (what `reset()` goes back to). */
export function buildSiteCatalog(): SiteCatalog {
  return {
    users: USERS,
    apiUserAccountId: API_USER_ACCOUNT_ID,
    statuses: STATUSES,
    issueTypes: ISSUE_TYPES,
    priorities: PRIORITIES,
    projects: buildProjects(),
    fields: buildFields(),
    linkTypes: [
      { id: '10000', name: 'Blocks', inward: 'is blocked by', outward: 'blocks' },
      { id: '10001', name: 'Cloners', inward: 'is cloned by', outward: 'clones' },
      { id: '10002', name: 'Duplicate', inward: 'is duplicated by', outward: 'duplicates' },
      { id: '10003', name: 'Relates', inward: 'relates to', outward: 'relates to' },
    ],
    resolutions: RESOLUTIONS,
    roles: ['Administrators', 'Developers', 'Service Desk Team', 'Users'],
    groups: ['jira-software-users', 'jira-administrators', 'support-agents', 'incident-managers'],
  };
}
