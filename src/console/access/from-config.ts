/**
 * The access layer for a running casebridge: settings from console.yaml, secrets from the
 * environment, sessions in the database. In production it refuses to exist without a way to sign in
 * (no provider, no token) instead of serving the console open.
 */
import type { Config } from '../../config/index.js';
import { DEFAULT_CONSOLE_CONFIG } from '../../config/schemas/console.js';
import type { ConsoleConfig } from '../../config/schemas/console.js';
import type { Db } from '../../adapters/store/db-handle.js';
import { createTableSessionStore } from '../../adapters/store/console-sessions.js';
import { createTableSignInStore } from '../../adapters/store/console-sign-ins.js';
import type { Logger } from '../../logging.js';
import { createConsoleAccess } from './index.js';
import type { ConsoleAccess } from './types.js';
import { hasTokenSignIn } from './token-sign-in.js';

export class ConsoleSignInNotConfiguredError extends Error {
  override readonly name = 'ConsoleSignInNotConfiguredError';
  readonly code = 'CONSOLE_SIGN_IN_NOT_CONFIGURED';
}

export function consoleSettingsOf(config: Config): ConsoleConfig {
  return (config.files.console as ConsoleConfig | undefined) ?? DEFAULT_CONSOLE_CONFIG;
}

/** What stops production from serving the console safely, or undefined when sign-in is configured. */
export function findConsoleSignInProblem(config: Config): string | undefined {
  if (config.mode === 'sandbox') return undefined;
  const oidc = consoleSettingsOf(config).signIn.oidc;
  const secrets = config.env.console;
  if (oidc && !secrets.oidcClientSecret) {
    return `console.yaml signIn.oidc is configured (issuer ${oidc.issuer}) but CONSOLE_OIDC_CLIENT_SECRET is not set: set it to the client secret the provider gave the casebridge application`;
  }
  if (!oidc && !hasTokenSignIn(secrets)) {
    return 'the console has no sign-in configured, and production does not serve it open: set CONSOLE_OPERATOR_TOKEN (and CONSOLE_VIEWER_TOKEN for read-only people), 16+ random characters each, or configure OpenID Connect in console.yaml signIn.oidc with CONSOLE_OIDC_CLIENT_SECRET';
  }
  return undefined;
}

export function openConsoleAccess(config: Config, db: Db, logger: Logger): ConsoleAccess {
  assertConsoleSignIn(config);
  const settings = consoleSettingsOf(config);
  if (config.mode === 'production' && settings.signIn.oidc && hasTokenSignIn(config.env.console)) {
    logger.warn('console sign-in is by OpenID Connect (console.yaml signIn.oidc): CONSOLE_OPERATOR_TOKEN and CONSOLE_VIEWER_TOKEN are ignored');
  }
  return createConsoleAccess({
    mode: config.mode,
    logger,
    settings,
    secrets: config.env.console,
    // The sandbox keeps sessions in memory: its demo database is thrown away often anyway.
    ...(config.mode === 'production' ? { sessions: createTableSessionStore(db), signIns: createTableSignInStore(db) } : {}),
  });
}

/** For the start of a web role: throws when production has no way to sign in to the console. */
export function assertConsoleSignIn(config: Config): void {
  const problem = findConsoleSignInProblem(config);
  if (problem) throw new ConsoleSignInNotConfiguredError(problem);
}
