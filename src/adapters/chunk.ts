/** Splitting a list of records into API-sized calls (Salesforce collections, Jira searches and bulk creates). */

/** Splits a list into chunks of at most `size`, in order. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
