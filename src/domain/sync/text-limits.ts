/**
 * Size limits of the texts casebridge writes, and how text over them is cut: never refused for
 * good, but shortened with a visible marker that says where the full text is. The marker (and a
 * suffix such as a comment's origin footer) counts in the limit.
 *
 * Limits, as the services document them:
 *  - Jira Cloud: description, comment and multi-line text fields at most 32,767 characters;
 *    summary and single-line text custom fields at most 255 ("The entered text is too long").
 *    Jira counts Java characters, that is UTF-16 code units, as JavaScript's `length` does.
 *  - Salesforce: `CaseComment.CommentBody` at most 4,000 bytes of UTF-8 (Hebrew and Cyrillic
 *    letters take 2 bytes, most emoji 4).
 */

export const JIRA_TEXT_MAX_CHARS = 32_767;
export const JIRA_SINGLE_LINE_MAX_CHARS = 255;
export const CASE_COMMENT_MAX_BYTES = 4_000;

/** A size limit: `chars` counts UTF-16 code units (Jira), `utf8Bytes` counts UTF-8 bytes (Salesforce). */
export interface TextLimit {
  max: number;
  unit: 'chars' | 'utf8Bytes';
}

export const JIRA_LONG_TEXT: TextLimit = { max: JIRA_TEXT_MAX_CHARS, unit: 'chars' };
export const JIRA_SINGLE_LINE: TextLimit = { max: JIRA_SINGLE_LINE_MAX_CHARS, unit: 'chars' };
export const CASE_COMMENT_BODY: TextLimit = { max: CASE_COMMENT_MAX_BYTES, unit: 'utf8Bytes' };

/**
 * `text + suffix` when it fits `limit`; otherwise the longest start of `text` (whole code points)
 * followed by `marker` and `suffix` that fits. A suffix longer than the limit is the caller's bug.
 */
export function fitText(text: string, limit: TextLimit, marker: string, suffix = ''): string {
  const size = (value: string) => (limit.unit === 'chars' ? value.length : Buffer.byteLength(value, 'utf8'));
  if (size(text) + size(suffix) <= limit.max) return text + suffix;
  const budget = limit.max - size(marker) - size(suffix);
  if (budget < 0) throw new RangeError(`a marker and suffix of ${size(marker) + size(suffix)} ${limit.unit} do not fit a limit of ${limit.max}`);
  let used = 0;
  let end = 0;
  for (const codePoint of text) {
    const step = size(codePoint);
    if (used + step > budget) break;
    used += step;
    end += codePoint.length;
  }
  return text.slice(0, end) + marker + suffix;
}

/** Marker of a long text cut on its way to Jira: the full text stays on the case. */
export function cutForJiraMarker(caseNumber: string): string {
  return `\n\n[… cut to fit Jira's limit: the full text is on Salesforce case ${caseNumber}]`;
}

/** Marker of a single-line text cut on its way to Jira (no line break: it stays one line). */
export function cutForJiraLineMarker(caseNumber: string): string {
  return ` … [full text: Salesforce case ${caseNumber}]`;
}
