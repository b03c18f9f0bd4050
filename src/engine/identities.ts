/**
 * Who casebridge is in each system (its integration user and API account), looked up once per
 * engine context: comment rules and the polls' own-write recognition both ask.
 */
import type { EngineContext } from './context.js';

export async function getIdentities(ctx: EngineContext): Promise<{ salesforceUserId: string; jiraAccountId: string }> {
  if (!ctx.identities) {
    const [salesforceUserId, jiraAccountId] = await Promise.all([ctx.cases.getIntegrationUserId(), ctx.issues.getIntegrationAccountId()]);
    ctx.identities = { salesforceUserId, jiraAccountId };
  }
  return ctx.identities;
}

/** The Salesforce integration user, or undefined when the org cannot tell (callers then skip nothing). */
export async function findSalesforceUserId(ctx: EngineContext): Promise<string | undefined> {
  if (ctx.identities) return ctx.identities.salesforceUserId;
  try {
    return await ctx.cases.getIntegrationUserId();
  } catch {
    return undefined;
  }
}
