/** Case numbers and issue keys of cases (from the store), and links to both systems and to the ticket page. */
import type { ConsoleLinks } from '../deps.js';

export { loadCaseNames, type CaseName } from '../../adapters/store/case-names.js';

/** Where a case opens in Salesforce Lightning. */
export function caseUrl(links: ConsoleLinks, caseId: string): string {
  return `${links.salesforceInstanceUrl.replace(/\/+$/, '')}/lightning/r/Case/${encodeURIComponent(caseId)}/view`;
}

/** Where an issue opens in Jira. */
export function issueUrl(links: ConsoleLinks, key: string): string {
  return `${links.jiraSiteUrl.replace(/\/+$/, '')}/browse/${encodeURIComponent(key)}`;
}

/** The console's own page of a ticket (A's ticket page), by case number. */
export function ticketPath(caseNumber: string): string {
  return `/tickets/${encodeURIComponent(caseNumber)}`;
}
