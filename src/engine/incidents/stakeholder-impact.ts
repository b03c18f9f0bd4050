/**
 * An incident's business impact as stakeholders are told it: its linked cases by case number, the
 * corporate accounts among them by name, and the regions of its cases (Salesforce Region__c) and of
 * its monitoring alerts. Read fresh from Salesforce (one query per 200 cases) before an update.
 */
import { listCasesOfIncident } from '../../adapters/store/incident-cases.js';
import type { EngineContext } from '../context.js';
import type { IncidentDeps } from './deps.js';

export interface IncidentImpact {
  caseNumbers: string[];
  corporateAccounts: string[];
  regions: string[];
}

/** Case fields an update reads. */
export const IMPACT_CASE_FIELDS = ['CaseNumber', 'Region__c', 'Account.Name', 'Customer_Tier__c'] as const;

export async function readIncidentImpact(ctx: EngineContext, deps: IncidentDeps, incidentId: number, alertRegions: readonly string[]): Promise<IncidentImpact> {
  const members = await listCasesOfIncident(ctx.db, incidentId);
  const cases =
    members.length === 0
      ? []
      : await ctx.cases.getCases(
          members.map((m) => m.caseId),
          IMPACT_CASE_FIELDS,
        );
  const corporateTiers = new Set(deps.config.opening.corporateTiers.map((t) => t.toLowerCase()));
  const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);
  const tierOf = new Map(members.map((m) => [m.caseId, m.tier]));
  const accounts = cases
    .filter((c) => {
      const tier = text(c.fields.Customer_Tier__c) ?? tierOf.get(c.id) ?? null;
      return tier !== null && corporateTiers.has(tier.toLowerCase());
    })
    .map((c) => text(c.fields['Account.Name']))
    .filter((name): name is string => name !== null);
  const regions = [...cases.map((c) => text(c.fields.Region__c)).filter((r): r is string => r !== null), ...alertRegions];
  return {
    caseNumbers: cases.map((c) => text(c.fields.CaseNumber) ?? '(number unknown)').sort(),
    corporateAccounts: [...new Set(accounts)].sort((a, b) => a.localeCompare(b)),
    regions: [...new Set(regions)].sort(),
  };
}
