/** What casebridge tells people about SLA clocks and reports, independent of the channel. */

/** A clock of a ticket that has just entered at_risk or breached. Instants are epoch ms. */
export interface SlaAlert {
  caseId: string;
  caseNumber: string | null;
  metric: string;
  state: 'at_risk' | 'breached';
  dueAtMs: number | null;
  breachedAtMs: number | null;
  priority: string | null;
  tier: string | null;
  region: string | null;
  topic: string | null;
  policy: string;
  /** Where the case routes (Jira project and the routing rule that picked it). */
  routing: { project: string; rule: string };
  /** The linked Jira issue, when there is one. */
  issueKey: string | null;
}

/** A rendered breach report to deliver. */
export interface ReportDelivery {
  schedule: string;
  title: string;
  /** One line for chat: counts and the window. */
  summary: string;
  attachments: Array<{ fileName: string; contentType: string; content: string }>;
  /** E-mail recipients for this report (from reports.yaml). */
  emailTo: readonly string[];
  /** Post the summary to the Slack webhook. */
  slack: boolean;
}

/** Sends alerts and reports; each channel that is not configured is skipped. */
export interface Notifier {
  sendSlaAlert(alert: SlaAlert): Promise<void>;
  sendReport(report: ReportDelivery): Promise<void>;
}
