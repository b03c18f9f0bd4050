/** The notifier for this process: channels from the environment, recipients from reports.yaml. */
import type { EnvConfig } from '../../config/env.js';
import type { ReportsConfig } from '../../config/schemas/reports.js';
import { createEmailSender } from './email.js';
import { createNotifier } from './notifier.js';
import { createSlackWebhook } from './slack.js';
import type { Notifier } from './types.js';

/** Undefined when neither SLACK_WEBHOOK_URL nor SMTP_URL is set (nobody can be told anything). */
export function createConfiguredNotifier(env: Pick<EnvConfig, 'slackWebhookUrl' | 'smtpUrl'>, reports: ReportsConfig | undefined): Notifier | undefined {
  if (!env.slackWebhookUrl && !env.smtpUrl) return undefined;
  const alerts = reports?.alerts;
  return createNotifier({
    slack: env.slackWebhookUrl ? createSlackWebhook(env.slackWebhookUrl) : undefined,
    email: env.smtpUrl ? createEmailSender(env.smtpUrl, alerts?.email.from ?? 'casebridge@localhost') : undefined,
    recipients: { slack: alerts?.slack ?? true, emailTo: alerts?.email.to ?? [], emailByProject: alerts?.email.byProject ?? {} },
  });
}
