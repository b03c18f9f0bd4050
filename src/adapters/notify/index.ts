/** Notifications: Slack incoming webhook and e-mail, behind one Notifier. */
export type { Notifier, ReportDelivery, SlaAlert } from './types.js';
export { createNotifier, formatAlertSubject, formatAlertText } from './notifier.js';
export type { AlertRecipients, NotifierChannels } from './notifier.js';
export { createSlackWebhook } from './slack.js';
export { createEmailSender } from './email.js';
export { createConfiguredNotifier } from './from-config.js';
