/**
 * Which environment values are secrets: they are scrubbed from every log line and every error
 * the CLI prints. Kept apart from env.ts, which validates the environment, because the CLI's last
 * line of defence needs only this.
 */
import type { Environment } from './env.js';

/** Names of the variables holding secrets: their values are scrubbed from every log line. */
export const SECRET_VARIABLES = [
  'SALESFORCE_ACCESS_TOKEN',
  'SALESFORCE_PRIVATE_KEY',
  'SALESFORCE_CLIENT_SECRET',
  'JIRA_API_TOKEN',
  'JIRA_WEBHOOK_SECRET',
  'ADMIN_TOKEN',
  'SLACK_WEBHOOK_URL',
  'SMTP_URL',
  'DATABASE_URL',
  'CONSOLE_OPERATOR_TOKEN',
  'CONSOLE_VIEWER_TOKEN',
  'CONSOLE_OIDC_CLIENT_SECRET',
] as const;

/** The secret values present in the environment (for log scrubbing); short values are skipped to avoid scrubbing common words. */
export function collectSecretValues(env: Environment = process.env): string[] {
  const values = new Set<string>();
  for (const name of SECRET_VARIABLES) {
    const value = env[name];
    if (value && value.length >= 6) values.add(value);
  }
  // Passwords inside connection URLs are secrets even when the URL as a whole is not.
  for (const name of ['DATABASE_URL', 'SMTP_URL'] as const) {
    const password = passwordOf(env[name]);
    if (password && password.length >= 4) values.add(password);
  }
  return [...values];
}

/** The password of a URL as a driver would send it; as written when its %-escapes are broken (`p%zz`), since a driver may then send it so. */
function passwordOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  let raw: string;
  try {
    raw = new URL(value).password;
  } catch {
    return undefined; // An unparsable URL is refused by readEnv, which never echoes it.
  }
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
