/**
 * Environment variables: secrets and endpoints. The only module besides the config loader that
 * may look at the environment, and it takes it as an argument so tests pass their own.
 */
import { z } from 'zod';
import { databaseUrl, siteUrl } from './env-urls.js';

export type Environment = Record<string, string | undefined>;

/** Salesforce access: a ready token, the JWT bearer flow, or client credentials. */
export type SalesforceAccess =
  | { kind: 'token'; instanceUrl: string; accessToken: string }
  | { kind: 'jwt'; loginUrl: string; clientId: string; username: string; privateKey: string }
  | { kind: 'clientCredentials'; loginUrl: string; clientId: string; clientSecret: string };

export interface JiraAccess {
  baseUrl: string;
  email: string;
  apiToken: string;
}

/** Everything the process takes from the environment, validated. */
export interface EnvConfig {
  /** PostgreSQL URL; absent means the embedded PGlite under `dataDir`. */
  databaseUrl?: string;
  /** Where the embedded database lives (default `./.data`). */
  dataDir: string;
  /** PostgreSQL schema for casebridge's tables (default `public`). */
  databaseSchema: string;
  /** Absent means sandbox mode (the built-in emulators). */
  salesforce?: SalesforceAccess;
  jira?: JiraAccess;
  jiraWebhookSecret?: string;
  adminToken?: string;
  /** HTTP port (default 3000; 0 picks a free port). */
  port: number;
  slackWebhookUrl?: string;
  smtpUrl?: string;
  /**
   * `off` (NOTIFICATIONS=off): Slack and e-mail deliberately not sent, whatever the files configure
   * (staging, tests); production checks then do not ask for SLACK_WEBHOOK_URL / SMTP_URL. Default `on`.
   */
  notifications: 'on' | 'off';
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  configDir: string;
  /** Console sign-in secrets (see console.yaml): tokens for token sign-in, the OIDC client secret. */
  console: ConsoleSecrets;
}

export interface ConsoleSecrets {
  operatorToken?: string;
  viewerToken?: string;
  oidcClientSecret?: string;
}

const GROUPS = {
  salesforceToken: ['SALESFORCE_INSTANCE_URL', 'SALESFORCE_ACCESS_TOKEN'],
  salesforceJwt: ['SALESFORCE_LOGIN_URL', 'SALESFORCE_CLIENT_ID', 'SALESFORCE_USERNAME', 'SALESFORCE_PRIVATE_KEY'],
  salesforceClientCredentials: ['SALESFORCE_LOGIN_URL', 'SALESFORCE_CLIENT_ID', 'SALESFORCE_CLIENT_SECRET'],
  jira: ['JIRA_BASE_URL', 'JIRA_EMAIL', 'JIRA_API_TOKEN'],
} as const;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const PORT = 'PORT must be a whole number from 0 to 65535 (0 picks a free port)';

const scalarSchema = z
  .object({
    DATABASE_URL: databaseUrl.optional(),
    CASEBRIDGE_DATA_DIR: z.string().min(1).default('./.data'),
    DATABASE_SCHEMA: z
      .string()
      .regex(/^[a-z_][a-z0-9_]*$/, 'DATABASE_SCHEMA must be lowercase letters, digits and _')
      .default('public'),
    CASEBRIDGE_CONFIG_DIR: z.string().min(1).default('./config'),
    PORT: z.coerce.number(PORT).int(PORT).min(0, PORT).max(65535, PORT).default(3000),
    SLACK_WEBHOOK_URL: z.string().url('SLACK_WEBHOOK_URL must be an absolute URL such as https://hooks.slack.com/services/…').optional(),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'SMTP_URL must start with smtp:// or smtps://')
      .optional(),
    NOTIFICATIONS: z.enum(['on', 'off'], 'NOTIFICATIONS must be on or off').default('on'),
    LOG_LEVEL: z.enum(LOG_LEVELS, `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`).default('info'),
    JIRA_WEBHOOK_SECRET: z.string().min(16, 'JIRA_WEBHOOK_SECRET must be at least 16 characters').optional(),
    ADMIN_TOKEN: z.string().min(16, 'ADMIN_TOKEN must be at least 16 characters').optional(),
    CONSOLE_OPERATOR_TOKEN: z.string().min(16, 'CONSOLE_OPERATOR_TOKEN must be at least 16 characters').optional(),
    CONSOLE_VIEWER_TOKEN: z.string().min(16, 'CONSOLE_VIEWER_TOKEN must be at least 16 characters').optional(),
    CONSOLE_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    SALESFORCE_INSTANCE_URL: siteUrl('SALESFORCE_INSTANCE_URL', 'https://acme.my.salesforce.com').optional(),
    SALESFORCE_LOGIN_URL: siteUrl('SALESFORCE_LOGIN_URL', 'https://login.salesforce.com').optional(),
    JIRA_BASE_URL: siteUrl('JIRA_BASE_URL', 'https://acme.atlassian.net').optional(),
    JIRA_EMAIL: z.string().email('JIRA_EMAIL must be an e-mail address').optional(),
  })
  .loose();

/** Reads and validates the environment; returns every problem, never just the first. */
export function readEnv(env: Environment = process.env): { ok: true; value: EnvConfig } | { ok: false; problems: string[] } {
  // Empty strings count as unset: `FOO=` in a .env file should not half-configure a feature.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const problems: string[] = [];
  const parsed = scalarSchema.safeParse(present);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? 'environment');
      // The messages name their variable; one that does not (zod's own) gets it in front.
      problems.push(issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`);
    }
  }
  const has = (name: string) => name in present;
  const missing = (names: readonly string[]) => names.filter((n) => !has(n));

  let salesforce: SalesforceAccess | undefined;
  const anySalesforce = Object.keys(present).some((k) => k.startsWith('SALESFORCE_'));
  // Two complete ways to sign in leave the admin guessing which one casebridge uses: say so.
  const ways = (
    [
      ['a ready token (SALESFORCE_INSTANCE_URL + SALESFORCE_ACCESS_TOKEN)', GROUPS.salesforceToken],
      ['the JWT bearer flow (SALESFORCE_USERNAME + SALESFORCE_PRIVATE_KEY)', GROUPS.salesforceJwt],
      ['client credentials (SALESFORCE_CLIENT_SECRET)', GROUPS.salesforceClientCredentials],
    ] as const
  ).filter(([, group]) => missing(group).length === 0);
  if (ways.length > 1) problems.push(`Salesforce sign-in is set up ${ways.length} ways at once: ${ways.map(([name]) => name).join(' and ')}; keep the variables of one`);
  if (anySalesforce) {
    if (missing(GROUPS.salesforceToken).length === 0) {
      salesforce = { kind: 'token', instanceUrl: present.SALESFORCE_INSTANCE_URL!, accessToken: present.SALESFORCE_ACCESS_TOKEN! };
    } else if (missing(GROUPS.salesforceJwt).length === 0) {
      salesforce = {
        kind: 'jwt',
        loginUrl: present.SALESFORCE_LOGIN_URL!,
        clientId: present.SALESFORCE_CLIENT_ID!,
        username: present.SALESFORCE_USERNAME!,
        privateKey: present.SALESFORCE_PRIVATE_KEY!.replace(/\\n/g, '\n'),
      };
    } else if (missing(GROUPS.salesforceClientCredentials).length === 0) {
      salesforce = {
        kind: 'clientCredentials',
        loginUrl: present.SALESFORCE_LOGIN_URL!,
        clientId: present.SALESFORCE_CLIENT_ID!,
        clientSecret: present.SALESFORCE_CLIENT_SECRET!,
      };
    } else {
      const closest = [GROUPS.salesforceToken, GROUPS.salesforceJwt, GROUPS.salesforceClientCredentials].map((group) => missing(group)).sort((a, b) => a.length - b.length)[0]!;
      problems.push(
        `Salesforce is half-configured: set SALESFORCE_INSTANCE_URL + SALESFORCE_ACCESS_TOKEN, or SALESFORCE_LOGIN_URL + SALESFORCE_CLIENT_ID + SALESFORCE_USERNAME + SALESFORCE_PRIVATE_KEY (JWT bearer), or SALESFORCE_LOGIN_URL + SALESFORCE_CLIENT_ID + SALESFORCE_CLIENT_SECRET (client credentials); missing ${closest.join(', ')}`,
      );
    }
  }

  let jira: JiraAccess | undefined;
  const jiraPresent = GROUPS.jira.filter(has);
  if (jiraPresent.length === GROUPS.jira.length) {
    jira = { baseUrl: present.JIRA_BASE_URL!, email: present.JIRA_EMAIL!, apiToken: present.JIRA_API_TOKEN! };
  } else if (jiraPresent.length > 0) {
    problems.push(`Jira is half-configured: ${jiraPresent.join(', ')} set but ${missing(GROUPS.jira).join(', ')} missing`);
  }
  if (Boolean(salesforce) !== Boolean(jira) && problems.length === 0) {
    problems.push(
      salesforce
        ? 'Salesforce credentials are set but Jira ones are not (JIRA_BASE_URL, JIRA_EMAIL, JIRA_API_TOKEN): set both, or neither for sandbox mode'
        : 'Jira credentials are set but Salesforce ones are not: set both, or neither for sandbox mode',
    );
  }
  if (jira && !has('JIRA_WEBHOOK_SECRET')) {
    problems.push('JIRA_WEBHOOK_SECRET is required with real Jira credentials: unsigned webhooks would be accepted otherwise');
  }

  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  const scalars = parsed.data;
  return {
    ok: true,
    value: {
      databaseUrl: scalars.DATABASE_URL,
      dataDir: scalars.CASEBRIDGE_DATA_DIR,
      databaseSchema: scalars.DATABASE_SCHEMA,
      configDir: scalars.CASEBRIDGE_CONFIG_DIR,
      salesforce,
      jira,
      jiraWebhookSecret: scalars.JIRA_WEBHOOK_SECRET,
      adminToken: scalars.ADMIN_TOKEN,
      port: scalars.PORT,
      // Off means off: no channel is built, so nothing can be sent by accident.
      slackWebhookUrl: scalars.NOTIFICATIONS === 'off' ? undefined : scalars.SLACK_WEBHOOK_URL,
      smtpUrl: scalars.NOTIFICATIONS === 'off' ? undefined : scalars.SMTP_URL,
      notifications: scalars.NOTIFICATIONS,
      logLevel: scalars.LOG_LEVEL,
      console: { operatorToken: scalars.CONSOLE_OPERATOR_TOKEN, viewerToken: scalars.CONSOLE_VIEWER_TOKEN, oidcClientSecret: scalars.CONSOLE_OIDC_CLIENT_SECRET },
    },
  };
}
