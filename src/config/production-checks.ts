/**
 * Checks that only make sense against real systems: in production mode, a channel the files
 * configure must have its endpoint in the environment (otherwise alerts, reports and on-call pages
 * reach nobody, silently), and the Outbound Message push needs the org id it accepts (otherwise
 * every message is refused with 403). Sandbox mode has its own emulated endpoints and org id.
 */
import type { EnvConfig } from './env.js';
import type { ConfigIssue } from './issues.js';
import type { FileConfigs } from './load.js';

/** A problem found in one config file (by its name in FileConfigs), located by the loader. */
export interface FileIssue {
  file: string;
  issue: ConfigIssue;
}

const SLACK = 'SLACK_WEBHOOK_URL is not set';
const SMTP = 'SMTP_URL is not set';
/** How to say "I know, send nothing" instead of leaving the endpoint out by accident. */
const OR_OFF = 'set it, or NOTIFICATIONS=off to send nothing on purpose';

export function checkProductionConfig(config: FileConfigs, env: EnvConfig): FileIssue[] {
  const found: FileIssue[] = [];
  if (env.notifications === 'on') found.push(...checkReportChannels(config, env), ...checkOnCallChannels(config, env));
  found.push(...checkPush(config));
  return found;
}

function checkReportChannels({ reports, sla }: FileConfigs, env: EnvConfig): FileIssue[] {
  if (!reports) return [];
  const found: FileIssue[] = [];
  const add = (path: Array<string | number>, message: string) => found.push({ file: 'reports', issue: { path, message } });
  // Alerts are sent only where SLA clocks run.
  if (sla && reports.alerts.slack && !env.slackWebhookUrl) add(['alerts', 'slack'], `SLA alerts go to Slack (alerts.slack: true, the default) but ${SLACK}: ${OR_OFF}, or write alerts.slack: false`);
  const alertRecipients = [...reports.alerts.email.to, ...Object.values(reports.alerts.email.byProject).flat()];
  if (sla && alertRecipients.length > 0 && !env.smtpUrl) add(['alerts', 'email'], `SLA alerts are e-mailed to ${listed(alertRecipients)} but ${SMTP}: ${OR_OFF}`);
  reports.reports.forEach((report, index) => {
    if (report.outputs.slack && !env.slackWebhookUrl) add(['reports', index, 'outputs', 'slack'], `report "${report.name}" goes to Slack but ${SLACK}: ${OR_OFF}`);
    if (report.outputs.email && !env.smtpUrl) add(['reports', index, 'outputs', 'email'], `report "${report.name}" is e-mailed to ${listed(report.outputs.email)} but ${SMTP}: ${OR_OFF}`);
  });
  return found;
}

/** Contacts on the on-call chains incidents walk: each channel they list needs its endpoint. */
function checkOnCallChannels({ owners, incidents }: FileConfigs, env: EnvConfig): FileIssue[] {
  if (!owners || !incidents) return [];
  const onCall = [...new Set(Object.values(owners.services).flatMap((s) => s.chain.map((step) => step.contact)))];
  const withSlack = onCall.filter((id) => owners.contacts[id]?.slack !== undefined);
  const withEmail = onCall.filter((id) => owners.contacts[id]?.email !== undefined);
  const found: FileIssue[] = [];
  if (withSlack.length > 0 && !env.slackWebhookUrl) {
    found.push({ file: 'owners', issue: { path: ['contacts', withSlack[0]!, 'slack'], message: `on-call contacts ${listed(withSlack)} are paged on Slack but ${SLACK}: ${OR_OFF}` } });
  }
  if (withEmail.length > 0 && !env.smtpUrl) {
    found.push({ file: 'owners', issue: { path: ['contacts', withEmail[0]!, 'email'], message: `on-call contacts ${listed(withEmail)} are paged by e-mail but ${SMTP}: ${OR_OFF}` } });
  }
  return found;
}

function checkPush({ sync }: FileConfigs): FileIssue[] {
  if (!sync || sync.salesforce.push === false || sync.salesforce.organizationId) return [];
  return [
    {
      file: 'sync',
      issue: {
        path: ['salesforce'],
        message:
          'Outbound Message push is on (salesforce.push, default true) but salesforce.organizationId is not set, so every message would be refused with 403: set it to your org id (00D…, Setup → Company Information), or salesforce.push: false to rely on polling',
      },
    },
  ];
}

/** At most five values, quoted, then how many more. */
function listed(values: readonly string[]): string {
  const shown = values
    .slice(0, 5)
    .map((v) => `"${v}"`)
    .join(', ');
  return values.length > 5 ? `${shown} and ${values.length - 5} more` : shown;
}
