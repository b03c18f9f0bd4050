/**
 * Global mode: an incident whose cases or alerts span several regions is led by the Global Incident
 * Manager, and its stakeholder updates go to every region. Pure: what to decide and what to say.
 */
import { formatRegions } from './stakeholder-message.js';

/** Whether the incident turns global now: not yet global, and its cases and alerts span enough regions. */
export function isBecomingGlobal(input: { isGlobal: boolean; regions: readonly string[]; globalAtRegions: number }): boolean {
  return !input.isGlobal && new Set(input.regions).size >= input.globalAtRegions;
}

/** The note on the Jira incident issue: who leads it now, and why. */
export function formatGlobalIssueNote(input: { regions: readonly string[]; managerName: string; managerAccountId: string | null }): string {
  const who = input.managerAccountId ? `${input.managerName} (Jira account ${input.managerAccountId})` : input.managerName;
  return `casebridge: this is now a global incident — its cases and alerts come from ${formatRegions(input.regions)}. Global Incident Manager: ${who}, added to the incident; every region's stakeholders receive the updates.`;
}

/** The message to the Global Incident Manager when an incident turns global. */
export function formatGlobalManagerMessage(input: { incidentKey: string; url: string; severity: string; teamName: string; regions: readonly string[]; caseCount: number }): {
  subject: string;
  text: string;
} {
  return {
    subject: `[${input.severity}] Global incident ${input.incidentKey}: ${input.teamName} in ${formatRegions(input.regions)}`,
    text: `Incident ${input.incidentKey} (${input.severity}) on ${input.teamName} now spans ${formatRegions(input.regions)} with ${input.caseCount} customer case(s), so it is a global incident and you are its Global Incident Manager. Every region's stakeholders receive its updates. ${input.url}`,
  };
}
