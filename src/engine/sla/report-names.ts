/**
 * Names for a breach report's cases, read from the store: case numbers and the Jira keys they
 * follow, linked to Salesforce and Jira when their base URLs are known, and topic names. What every
 * HTML copy of the report (scheduled, CLI, console) uses, so they all read the same.
 */
import type { Db } from '../../adapters/store/db-handle.js';
import { loadCaseNames } from '../../adapters/store/case-names.js';
import type { SlaReport } from '../../domain/sla/report.js';
import type { ReportNames } from '../../domain/sla/report-html.js';

export interface ReportLinks {
  /** Salesforce instance: cases open at `<instance>/lightning/r/Case/<Id>/view`. */
  salesforceInstanceUrl?: string;
  /** Jira site: issues open at `<site>/browse/<KEY>`. */
  jiraSiteUrl?: string;
  /** Overrides where a case links to (the console links its own ticket page). */
  caseHref?: (caseId: string, caseNumber: string | undefined) => string | undefined;
}

/** `payments_billing` → `Payments billing`: topics have ids and descriptions, not display names. */
export function toTopicDisplayName(id: string): string {
  const words = id.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export async function loadReportNames(db: Db, report: SlaReport, links: ReportLinks = {}, rowsShown = 500): Promise<ReportNames> {
  const names = await loadCaseNames(
    db,
    report.breaches.slice(0, rowsShown).map((b) => b.ticketId),
  );
  const trim = (url: string) => url.replace(/\/+$/, '');
  return {
    caseNumber: (id) => names.get(id)?.caseNumber ?? undefined,
    issueKey: (id) => names.get(id)?.issueKey ?? undefined,
    topicName: toTopicDisplayName,
    caseHref: links.caseHref ?? (links.salesforceInstanceUrl ? (id) => `${trim(links.salesforceInstanceUrl!)}/lightning/r/Case/${encodeURIComponent(id)}/view` : undefined),
    ...(links.jiraSiteUrl ? { issueHref: (key: string) => `${trim(links.jiraSiteUrl!)}/browse/${encodeURIComponent(key)}` } : {}),
  };
}
