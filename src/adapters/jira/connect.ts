/**
 * A jira.js client for a Jira Cloud site with an API token (basic auth: account e-mail + token).
 */
import { Version3Client } from 'jira.js';
import type { JiraAccess } from '../../config/env.js';

export interface ConnectJiraOptions {
  /** Abort a call that has not answered after this long (default 60 000 ms; axios has none). */
  requestTimeoutMs?: number;
}

/** Builds the client; no call is made until the first request. */
export function connectJira(access: JiraAccess, options: ConnectJiraOptions = {}): Version3Client {
  return new Version3Client({
    host: access.baseUrl.replace(/\/+$/, ''),
    authentication: { basic: { email: access.email, apiToken: access.apiToken } },
    baseRequestConfig: { timeout: options.requestTimeoutMs ?? 60_000 },
  });
}
