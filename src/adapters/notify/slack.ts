/** Slack incoming webhook: one JSON POST per message (`{ text }`), no SDK needed. */
import { ApiError } from '../../errors.js';

export interface SlackWebhook {
  postText(text: string): Promise<void>;
}

export function createSlackWebhook(webhookUrl: string, options: { timeoutMs?: number } = {}): SlackWebhook {
  return {
    async postText(text: string): Promise<void> {
      let response: Response;
      try {
        response = await fetch(webhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ text }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
      } catch (error) {
        throw new ApiError({ system: 'slack', code: 'SLACK_UNREACHABLE', message: `Slack webhook did not answer: ${(error as Error).message}`, status: 0, transient: true, cause: error });
      }
      if (!response.ok) {
        const body = await response.text().catch(() => '');
        const retryAfterSeconds = Number(response.headers.get('retry-after'));
        throw new ApiError({
          system: 'slack',
          code: 'SLACK_REFUSED',
          message: `Slack webhook answered HTTP ${response.status}: ${body.slice(0, 200)}`,
          status: response.status,
          transient: response.status === 429 || response.status >= 500,
          ...(Number.isFinite(retryAfterSeconds) && retryAfterSeconds > 0 ? { retryAfterMs: retryAfterSeconds * 1000 } : {}),
        });
      }
    },
  };
}
