/**
 * Notification channels: every channel the files use has its endpoint (production), the SMTP server
 * answers (`verify()`: connect, greet, authenticate; nothing is sent), and Slack gets a test post
 * only when asked for, since it lands in a real channel.
 */
import nodemailer from 'nodemailer';
import type { EnvConfig } from '../config/env.js';
import type { FileConfigs } from '../config/load.js';
import { checkProductionConfig } from '../config/production-checks.js';
import { checkOf, failedCall, pass, skip } from './checks.js';
import type { CheckResult } from './checks.js';

export interface NotifyCheckInput {
  files: FileConfigs;
  env: EnvConfig;
  production: boolean;
  /** Post a test message to the Slack webhook (off by default). */
  postTestMessage: boolean;
  /** Abort a channel call after this long (default 10 000 ms). */
  timeoutMs?: number;
}

export async function checkNotifications(input: NotifyCheckInput): Promise<CheckResult[]> {
  const timeoutMs = input.timeoutMs ?? 10_000;
  const results: CheckResult[] = [];
  if (input.production) {
    const issues = checkProductionConfig(input.files, input.env).filter((found) => found.file !== 'sync');
    results.push(
      checkOf(
        'Notification channels configured',
        'every channel the config uses has its endpoint',
        issues.map(({ file, issue }) => ({
          what: `${file}.yaml ${issue.path.join('.')}: ${issue.message.split(': set it')[0]}`,
          fix: /SLACK_WEBHOOK_URL/.test(issue.message) ? 'set SLACK_WEBHOOK_URL (or NOTIFICATIONS=off to send nothing on purpose)' : 'set SMTP_URL (or NOTIFICATIONS=off to send nothing on purpose)',
        })),
      ),
    );
  }
  results.push(await checkSmtp(input.env.smtpUrl, timeoutMs));
  results.push(await checkSlack(input.env.slackWebhookUrl, input.postTestMessage, timeoutMs));
  return results;
}

async function checkSmtp(smtpUrl: string | undefined, timeoutMs: number): Promise<CheckResult> {
  const name = 'E-mail (SMTP)';
  if (!smtpUrl) return skip(name, 'SMTP_URL is not set');
  const url = new URL(smtpUrl);
  // Timeouts as query parameters: nodemailer reads options from the connection URL.
  for (const key of ['connectionTimeout', 'greetingTimeout', 'socketTimeout']) url.searchParams.set(key, String(timeoutMs));
  const transport = nodemailer.createTransport(url.toString());
  try {
    await transport.verify();
    return pass(name, 'the SMTP server accepted the connection and the credentials');
  } catch (error) {
    return failedCall(name, error, 'check SMTP_URL (host, port, smtps:// for TLS, user and password)');
  } finally {
    transport.close();
  }
}

async function checkSlack(webhookUrl: string | undefined, post: boolean, timeoutMs: number): Promise<CheckResult> {
  const name = 'Slack';
  if (!webhookUrl) return skip(name, 'SLACK_WEBHOOK_URL is not set');
  if (!post) return pass(name, 'SLACK_WEBHOOK_URL is set (not tried: --post-test-message posts a test message to its channel)');
  try {
    const response = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'casebridge doctor: test message (Slack notifications reach this channel)' }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.ok) return pass(name, 'the test message was accepted');
    return failedCall(
      name,
      new Error(`the Slack webhook answered ${response.status} ${(await response.text()).slice(0, 80)}`),
      'create a new incoming webhook for the channel and set SLACK_WEBHOOK_URL to it',
    );
  } catch (error) {
    return failedCall(name, error, 'check that SLACK_WEBHOOK_URL is reachable from here');
  }
}
