/**
 * The notifier the jobs use: formats alerts and reports and sends them to Slack (incoming webhook)
 * and e-mail (SMTP), each only when configured. E-mail recipients of an alert follow the case's
 * routing target: the owning Jira project's list when reports.yaml names one, else the default list.
 */
import type { EmailSender } from './email.js';
import type { SlackWebhook } from './slack.js';
import type { Notifier, ReportDelivery, SlaAlert } from './types.js';

export interface AlertRecipients {
  /** Post alerts to Slack. */
  slack: boolean;
  /** Default e-mail recipients. */
  emailTo: readonly string[];
  /** Recipients by routing target (Jira project key), instead of the default list. */
  emailByProject: Readonly<Record<string, readonly string[]>>;
}

export interface NotifierChannels {
  slack?: SlackWebhook;
  email?: EmailSender;
  recipients: AlertRecipients;
}

export function createNotifier(channels: NotifierChannels): Notifier {
  const { slack, email, recipients } = channels;
  return {
    async sendSlaAlert(alert: SlaAlert): Promise<void> {
      const text = formatAlertText(alert);
      if (slack && recipients.slack) await slack.postText(text);
      const to = recipients.emailByProject[alert.routing.project] ?? recipients.emailTo;
      if (email && to.length > 0) await email.send({ to, subject: formatAlertSubject(alert), text });
    },
    async sendReport(report: ReportDelivery): Promise<void> {
      if (slack && report.slack) await slack.postText(`*${report.title}*\n${report.summary}`);
      if (email && report.emailTo.length > 0) {
        await email.send({
          to: report.emailTo,
          subject: report.title,
          text: report.summary,
          attachments: report.attachments.map((a) => ({ filename: a.fileName, contentType: a.contentType, content: a.content })),
        });
      }
    },
  };
}

const METRIC_NAMES: Record<string, string> = { first_response: 'first response', resolution: 'resolution' };

export function formatAlertSubject(alert: SlaAlert): string {
  const what = alert.state === 'breached' ? 'SLA breached' : 'SLA at risk';
  return `[${what}] case ${alert.caseNumber ?? alert.caseId} ${METRIC_NAMES[alert.metric] ?? alert.metric} (${alert.priority ?? 'no priority'})`;
}

/** Plain text, the same for Slack and e-mail; every figure an on-call person acts on. */
export function formatAlertText(alert: SlaAlert): string {
  const lines = [
    formatAlertSubject(alert),
    alert.state === 'breached' ? `Breached at ${toIso(alert.breachedAtMs)}.` : `Due at ${toIso(alert.dueAtMs)}.`,
    `Policy ${alert.policy}; tier ${alert.tier ?? '-'}; region ${alert.region ?? '-'}; topic ${alert.topic ?? '-'}.`,
    `Routing: ${alert.routing.project} (rule ${alert.routing.rule})${alert.issueKey ? `; Jira ${alert.issueKey}` : ''}.`,
    `Case id ${alert.caseId}.`,
  ];
  return lines.join('\n');
}

function toIso(ms: number | null): string {
  return ms === null ? 'unknown' : new Date(ms).toISOString();
}
