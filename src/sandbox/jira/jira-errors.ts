/** A refusal in Jira's error shape: `{ errorMessages: [...], errors: { field: message } }` with a status. */
export class JiraApiError extends Error {
  override name = 'JiraApiError';
  constructor(
    readonly status: number,
    readonly errorMessages: readonly string[],
    readonly errors: Readonly<Record<string, string>> = {},
  ) {
    super(errorMessages[0] ?? Object.values(errors)[0] ?? `HTTP ${status}`);
  }

  toBody(): { errorMessages: string[]; errors: Record<string, string> } {
    return { errorMessages: [...this.errorMessages], errors: { ...this.errors } };
  }
}

export const ISSUE_NOT_FOUND_MESSAGE = 'Issue does not exist or you do not have permission to see it.';

export function issueNotFound(): JiraApiError {
  return new JiraApiError(404, [ISSUE_NOT_FOUND_MESSAGE]);
}

export function badRequest(message: string): JiraApiError {
  return new JiraApiError(400, [message]);
}
