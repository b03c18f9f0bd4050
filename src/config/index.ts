/**
 * The one validated Config object, built once at start-up from the config directory and the
 * environment. Nothing else in the program reads files under config/ or the environment.
 */
import { readEnv } from './env.js';
import { collectSecretValues } from './env-secrets.js';
import type { EnvConfig, Environment } from './env.js';
import { formatProblem } from './issues.js';
import { loadConfigDir } from './load.js';
import { readAlertingEnv } from './alerts-env.js';
import type { AlertingEnv } from './alerts-env.js';
import type { FileConfigs } from './load.js';

export type { EnvConfig, Environment } from './env.js';
export type { FileConfigs } from './load.js';

/** `sandbox` when no Salesforce/Jira credentials are set: the built-in emulators stand in. */
export type RuntimeMode = 'sandbox' | 'production';

export interface Config {
  mode: RuntimeMode;
  env: EnvConfig;
  files: FileConfigs;
  /** Alert intake and PagerDuty (tokens, secrets, routing keys): see alerts-env.ts. */
  alerting?: AlertingEnv;
  /** Secret values to scrub from logs and error messages. */
  secretValues: string[];
}

export type ConfigResult = { ok: true; config: Config; configFiles: string[] } | { ok: false; problems: string[] };

/**
 * @param options.deferProductionChecks Skip the production-only checks (channels, push org id): for
 *   `doctor`, which runs them itself and reports each as a line of its checklist.
 */
export function loadConfig(options: { env?: Environment; configDir?: string; deferProductionChecks?: boolean } = {}): ConfigResult {
  const env = options.env ?? process.env;
  const envResult = readEnv(env);
  const dir = options.configDir ?? (envResult.ok ? envResult.value.configDir : (env.CASEBRIDGE_CONFIG_DIR ?? './config'));
  const production = envResult.ok && envResult.value.salesforce && envResult.value.jira ? envResult.value : undefined;
  const fileResult = loadConfigDir(dir, { production: options.deferProductionChecks ? undefined : production });
  const problems = [...(envResult.ok ? [] : envResult.problems.map((p) => `environment: ${p}`)), ...(fileResult.ok ? [] : fileResult.problems.map(formatProblem))];
  if (!envResult.ok || !fileResult.ok) return { ok: false, problems };
  const mode: RuntimeMode = envResult.value.salesforce && envResult.value.jira ? 'production' : 'sandbox';
  const alerting = readAlertingEnv(env, fileResult.config, mode);
  if (!alerting.ok) return { ok: false, problems: alerting.problems.map((p) => `environment: ${p}`) };
  return {
    ok: true,
    config: { mode, env: envResult.value, files: fileResult.config, alerting: alerting.value, secretValues: [...collectSecretValues(env), ...alerting.secrets] },
    configFiles: fileResult.files,
  };
}
