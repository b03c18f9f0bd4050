/**
 * Notifies one contact of the owner directory (a person or an on-call group) on every channel it
 * has: Slack (the incoming webhook, mentioning the contact's handle or channel) and e-mail. A
 * channel that fails does not stop the other; the outcome per channel is returned for the audit log.
 */
import type { Contact } from '../../config/schemas/owners.js';
import { createEmailSender } from './email.js';
import type { EmailSender } from './email.js';
import { createSlackWebhook } from './slack.js';
import type { SlackWebhook } from './slack.js';

export interface ChannelOutcome {
  channel: 'slack' | 'email';
  target: string;
  ok: boolean;
  error?: string;
}

export interface ContactNotifier {
  notifyContact(contact: Contact, message: { subject: string; text: string }): Promise<ChannelOutcome[]>;
}

export function createContactNotifier(channels: { slack?: SlackWebhook; email?: EmailSender }): ContactNotifier {
  return {
    async notifyContact(contact, message) {
      const outcomes: ChannelOutcome[] = [];
      if (channels.slack && contact.slack) {
        outcomes.push(await attempt('slack', contact.slack, () => channels.slack!.postText(`${contact.slack} *${message.subject}*\n${message.text}`)));
      }
      if (channels.email && contact.email) {
        outcomes.push(await attempt('email', contact.email, () => channels.email!.send({ to: [contact.email!], subject: message.subject, text: message.text })));
      }
      return outcomes;
    },
  };
}

async function attempt(channel: ChannelOutcome['channel'], target: string, send: () => Promise<void>): Promise<ChannelOutcome> {
  try {
    await send();
    return { channel, target, ok: true };
  } catch (error) {
    return { channel, target, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Channels from the environment (SLACK_WEBHOOK_URL, SMTP_URL via EnvConfig); a channel not configured is skipped. */
export function createConfiguredContactNotifier(env: { slackWebhookUrl?: string; smtpUrl?: string }, from = 'casebridge@localhost'): ContactNotifier {
  return createContactNotifier({
    slack: env.slackWebhookUrl ? createSlackWebhook(env.slackWebhookUrl) : undefined,
    email: env.smtpUrl ? createEmailSender(env.smtpUrl, from) : undefined,
  });
}
