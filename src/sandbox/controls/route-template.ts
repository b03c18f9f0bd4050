/**
 * Which emulated system a path belongs to, and the route template it counts under in stats and
 * matches against in fault rules (`PATCH /services/data/v62.0/sobjects/Case/:id`,
 * `POST /rest/api/3/issue/:key/transitions`).
 */
import { looksLikeSalesforceId } from '../salesforce/ids.js';

/** An emulated system. */
export type SandboxSystem = 'salesforce' | 'jira';

/** The system a request path is for, or undefined for paths outside both APIs. */
export function toSandboxSystem(path: string): SandboxSystem | undefined {
  if (path.startsWith('/services/') || path.startsWith('/id/')) return 'salesforce';
  if (path === '/rest/api/3' || path.startsWith('/rest/api/3/')) return 'jira';
  return undefined;
}

const JIRA_ISSUE_KEY = /^[A-Z][A-Z0-9_]+-\d+$/;
/** Jira path segments followed by a caller-chosen name rather than a fixed word. */
const JIRA_NAMED_AFTER: Record<string, string> = { project: ':projectIdOrKey', properties: ':propertyKey' };
/** Fixed words that may follow those segments. */
const JIRA_FIXED_WORDS = new Set(['search', 'type', 'recent']);

/** Replaces ids, keys and locators in a path (without query string) by placeholders. */
export function toRouteTemplate(system: SandboxSystem, path: string): string {
  const segments = path.split('?')[0]?.split('/') ?? [];
  const out = segments.map((segment, i) => {
    const previous = segments[i - 1] ?? '';
    if (segment === '') return segment;
    if (system === 'salesforce') {
      if ((previous === 'query' || previous === 'queryAll') && /^[a-zA-Z0-9]{15,18}-\d+$/.test(segment)) return ':locator';
      if (previous === 'id' && i === 2) return ':orgId';
      return looksLikeSalesforceId(segment) && !/^v\d+\.\d$/.test(segment) ? ':id' : segment;
    }
    // Segments 1–3 are the fixed `/rest/api/3` prefix.
    if (i <= 3) return segment;
    if (JIRA_ISSUE_KEY.test(segment) || (previous === 'issue' && /^\d+$/.test(segment))) return ':key';
    if (/^\d+$/.test(segment)) return ':id';
    const named = JIRA_NAMED_AFTER[previous];
    return named && i > 4 && !JIRA_FIXED_WORDS.has(segment) ? named : segment;
  });
  return out.join('/');
}

/** True when a glob (`*` = any run of characters) matches the text. */
export function matchesGlob(glob: string, text: string): boolean {
  const source = glob
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`).test(text);
}
