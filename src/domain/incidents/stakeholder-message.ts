/**
 * The text of a stakeholder update, for business people: what is affected, how many customers and
 * which corporate accounts, where, what is being done, who leads it, and when the next update comes.
 * Cases are named by case number; no record ids, no engineering vocabulary beyond the incident key.
 */
import { REGION_VALUES } from '../salesforce/case-field-types.js';
import type { PlannedUpdate } from './stakeholder-plan.js';

/** Where the incident stands, in the words the update uses. */
export type BusinessState = 'reported' | 'investigating' | 'mitigated' | 'resolved';

export interface StakeholderMessageInput {
  update: Pick<PlannedUpdate, 'kind' | 'plannedAt' | 'nextUpdateAt' | 'previousSeverity'>;
  incidentKey: string;
  url: string;
  severity: string;
  /** The affected service as business people know it (its team's name). */
  serviceName: string;
  state: BusinessState;
  openedAt: Date;
  resolvedAt: Date | null;
  impact: { caseNumbers: readonly string[]; corporateAccounts: readonly string[]; regions: readonly string[] };
  owner: { name: string; team: string };
  /** Set for a global incident. */
  globalIncidentManager: string | null;
}

const SEVERITY_WORDS: Record<string, string> = { SEV1: 'critical', SEV2: 'major', SEV3: 'minor', SEV4: 'low impact' };
const HEADINGS: Record<PlannedUpdate['kind'], string> = { opened: 'New incident', severity: 'Severity changed', global: 'Now a global incident', interval: 'Update', resolved: 'Resolved' };
const STATES: Record<BusinessState, string> = {
  reported: 'Reported — the on-call engineers are being called in.',
  investigating: 'Investigating — engineers are working on the cause.',
  mitigated: 'Mitigated — a workaround is in place and customers should see service recover while the fix is completed.',
  resolved: 'Resolved — the service works normally again.',
};
const SHOWN_CASES = 10;

export function composeStakeholderUpdate(input: StakeholderMessageInput): { subject: string; text: string } {
  const { update, impact } = input;
  const severity = `${input.severity} (${SEVERITY_WORDS[input.severity] ?? 'unrated'})`;
  const global = input.globalIncidentManager !== null ? ' · Global' : '';
  const subject = `${HEADINGS[update.kind]}: ${input.serviceName} incident ${input.incidentKey} · ${input.severity}${global}`;
  const lines = [
    headline(input, severity),
    `Impact: ${formatCases(impact.caseNumbers)}; ${formatAccounts(impact.corporateAccounts)}; regions: ${impact.regions.length > 0 ? formatRegions(impact.regions) : 'not known yet'}.`,
    `Current state: ${STATES[input.state]}`,
    `Owner: ${input.owner.name} (${input.owner.team})${input.globalIncidentManager ? `; Global Incident Manager: ${input.globalIncidentManager}` : ''}.`,
    nextUpdateLine(input),
    `Reference for the engineering teams: ${input.incidentKey} ${input.url}`,
  ];
  return { subject, text: lines.join('\n') };
}

function headline(input: StakeholderMessageInput, severity: string): string {
  const since = `since ${formatTime(input.openedAt)}`;
  switch (input.update.kind) {
    case 'opened':
      return `We are handling a ${severity} incident affecting ${input.serviceName}, ${since}.`;
    case 'severity':
      return `The incident affecting ${input.serviceName} is now ${severity}${input.update.previousSeverity ? `, raised from ${input.update.previousSeverity}` : ''}: the impact is wider or more serious than first reported.`;
    case 'global':
      return `The ${severity} incident affecting ${input.serviceName} now reaches ${formatRegions(input.impact.regions)}, so it is handled as a global incident.`;
    case 'interval':
      return `Scheduled update on the ${severity} incident affecting ${input.serviceName}, ${since} (${formatDuration(input.update.plannedAt.getTime() - input.openedAt.getTime())} so far).`;
    case 'resolved':
      return `The incident affecting ${input.serviceName} is resolved as of ${formatTime(input.resolvedAt ?? input.update.plannedAt)}, after ${formatDuration((input.resolvedAt ?? input.update.plannedAt).getTime() - input.openedAt.getTime())}.`;
  }
}

function nextUpdateLine(input: StakeholderMessageInput): string {
  if (input.update.kind === 'resolved') return 'This is the last update on this incident; a root-cause review follows.';
  const next = input.update.nextUpdateAt;
  if (!next) return 'Next update: when the situation changes (severity, workaround or resolution).';
  return `Next update: by ${formatTime(next)} (in ${formatDuration(next.getTime() - input.update.plannedAt.getTime())}), or sooner if the situation changes.`;
}

function formatCases(caseNumbers: readonly string[]): string {
  if (caseNumbers.length === 0) return 'no customer cases yet';
  const shown = caseNumbers.slice(0, SHOWN_CASES).join(', ');
  const more = caseNumbers.length > SHOWN_CASES ? ` and ${caseNumbers.length - SHOWN_CASES} more` : '';
  return `${caseNumbers.length} customer case${caseNumbers.length === 1 ? '' : 's'} (${shown}${more})`;
}

function formatAccounts(accounts: readonly string[]): string {
  if (accounts.length === 0) return 'no corporate accounts';
  return `${accounts.length} corporate account${accounts.length === 1 ? '' : 's'} (${accounts.join(', ')})`;
}

const REGION_NAMES: Record<string, string> = Object.fromEntries(REGION_VALUES.map((r) => [r.value, r.label]));

/** Regions by their names, alphabetically (`Israel, Russia and United Kingdom`); unknown codes as written. */
export function formatRegions(regions: readonly string[]): string {
  const names = [...new Set(regions.map((r) => REGION_NAMES[r] ?? r))].sort((a, b) => a.localeCompare(b));
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** `10:30 UTC, 2 Dec`: the zone said, since readers sit in several. */
export function formatTime(date: Date): string {
  const time = date.toISOString().slice(11, 16);
  const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(date);
  return `${time} UTC, ${day}`;
}

/** `1 h 05 min`, `25 min`, `2 d 3 h`. */
export function formatDuration(ms: number): string {
  const totalMinutes = Math.max(0, Math.round(ms / 60_000));
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${String(minutes).padStart(2, '0')} min`;
  return `${minutes} min`;
}

/** The business state from the incident's record: resolved, mitigated (a mitigated status), acknowledged, or just reported. */
export function toBusinessState(
  incident: { resolvedAt: Date | null; status: string; acknowledgedAt: Date | null },
  statuses: { mitigated: readonly string[]; acknowledged: readonly string[] },
): BusinessState {
  if (incident.resolvedAt !== null) return 'resolved';
  if (statuses.mitigated.includes(incident.status)) return 'mitigated';
  if (incident.acknowledgedAt !== null || statuses.acknowledged.includes(incident.status)) return 'investigating';
  return 'reported';
}
