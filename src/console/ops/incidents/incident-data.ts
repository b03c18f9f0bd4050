/**
 * What the incidents pages show, read from what the incident modules store: the incident rows
 * (escalation and acknowledgement), linked cases (incident_cases → case numbers), RCA stages,
 * action sub-tasks, the escalation and notification entries of the audit log, and — when those
 * tables exist — PagerDuty pages and the monitoring alerts that opened or joined the incident.
 */
import type { Knex } from 'knex';
import type { Config } from '../../../config/index.js';
import { fromTrackedRow, type TrackedIncident } from '../../../adapters/store/incident-tracking.js';
import { listRcaStages, type RcaStage } from '../../../adapters/store/rca-stages.js';
import { listAuditForObjects, type StoredAuditEntry } from '../../../adapters/store/audit-log.js';
import { loadCaseNames, type CaseName } from '../names.js';
import { loadAlerts, loadPages, type IncidentAlert, type IncidentPage } from './paging-data.js';

export interface Notified {
  at: Date;
  /** Who (contact name) or what channel. */
  who: string;
  how: string;
  ok: boolean;
  step: number | null;
}

export interface IncidentView {
  incident: TrackedIncident;
  ownerName: string | null;
  team: string | null;
  assigneeName: string | null;
  /** `not started`, `step 2 of 3 (Maya Cohen)`, `acknowledged`, `chain exhausted`. */
  escalation: string;
  notified: Notified[];
  /** `accountName`: as the case's last sync pass read it (tickets), null until then. */
  cases: Array<CaseName & { tier: string | null; corporate: boolean; accountId: string | null; accountName: string | null }>;
  /** The corporate customers hit, by name (the id where no name was read), each once. */
  corporateAccounts: Array<{ id: string; name: string | null }>;
  /** `assigneeName`: the owners.yaml contact whose Jira account the stage is assigned to. */
  stages: Array<RcaStage & { overdue: boolean; assigneeName: string | null }>;
  openActionSubtasks: string[];
  /** True while open stages or action sub-tasks keep the close from going through (block mode) or warn. */
  closeGate: { holds: boolean; mode: 'block' | 'warn'; reasons: string[] };
  pages: IncidentPage[];
  alerts: IncidentAlert[];
}

/** Open incidents and those closed within this many days. */
export const RECENT_DAYS = 30;
export const INCIDENTS_SHOWN = 100;

type Row = Parameters<typeof fromTrackedRow>[0] & { open_action_subtasks?: unknown };

function contactName(config: Config, id: string | undefined): string | null {
  if (!id) return null;
  return config.files.owners?.contacts[id]?.name ?? id;
}

function describeEscalation(config: Config, incident: TrackedIncident): string {
  if (incident.escalationStopped === 'acknowledged') return 'acknowledged';
  if (incident.escalationStopped === 'exhausted') return 'chain exhausted, nobody acknowledged';
  if (incident.escalationStep < 0) return 'not started';
  const chain = config.files.owners?.services[incident.service]?.chain ?? [];
  const step = chain[incident.escalationStep];
  return `step ${incident.escalationStep + 1} of ${chain.length}${step ? ` (${contactName(config, step.contact)})` : ''}`;
}

function toNotified(config: Config, entry: StoredAuditEntry): Notified | undefined {
  const after = (entry.after ?? {}) as Record<string, unknown>;
  if (entry.objectType === 'incident' && entry.action === 'escalate') {
    return { at: entry.at, who: contactName(config, String(after.contact ?? '')) ?? '?', how: 'on-call step', ok: true, step: typeof after.step === 'number' ? after.step : null };
  }
  if (entry.objectType === 'notification') return { at: entry.at, who: String(after.target ?? ''), how: entry.system, ok: entry.action === 'sent', step: null };
  return undefined;
}

function asKeys(value: unknown): string[] {
  const list = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  return Array.isArray(list) ? list.map((v) => (typeof v === 'string' ? v : String((v as { key?: unknown }).key ?? v))) : [];
}

/** Account names of cases, from the tickets the sync pass keeps (one indexed read). */
async function loadAccountNames(db: Knex, caseIds: readonly string[]): Promise<Map<string, string>> {
  if (caseIds.length === 0) return new Map();
  const rows = (await db('tickets')
    .whereIn('case_id', [...new Set(caseIds)])
    .whereNotNull('account_name')
    .select('case_id', 'account_name')) as Array<{ case_id: string; account_name: string }>;
  return new Map(rows.map((r) => [r.case_id, r.account_name]));
}

function corporateAccountsOf(cases: IncidentView['cases']): IncidentView['corporateAccounts'] {
  const byId = new Map<string, string | null>();
  for (const c of cases) if (c.corporate && c.accountId) byId.set(c.accountId, byId.get(c.accountId) ?? c.accountName);
  return [...byId].map(([id, name]) => ({ id, name })).sort((a, b) => (a.name ?? '\uffff').localeCompare(b.name ?? '\uffff'));
}

async function loadViews(db: Knex, config: Config, rows: Row[], now: Date): Promise<IncidentView[]> {
  const incidents = rows.map(fromTrackedRow);
  const ids = incidents.map((i) => i.id);
  const keys = incidents.map((i) => i.issueKey).filter((k): k is string => k !== null);
  const [stages, caseRows, audit, pages, alerts] = await Promise.all([
    listRcaStages(db, ids),
    ids.length === 0
      ? []
      : (db('incident_cases').whereIn('incident_id', ids).orderBy('linked_at').select('case_id', 'incident_id', 'tier', 'account_id') as Promise<
          Array<{ case_id: string; incident_id: string | number; tier: string | null; account_id: string | null }>
        >),
    keys.length === 0 ? [] : listAuditForObjects(db, 'incident', keys).then(async (own) => [...own, ...(await listAuditForObjects(db, 'notification', keys))]),
    loadPages(db, ids),
    loadAlerts(db, ids),
  ]);
  const caseIds = caseRows.map((r) => r.case_id);
  const [names, accountNames] = await Promise.all([loadCaseNames(db, caseIds), loadAccountNames(db, caseIds)]);
  const corporateTiers = new Set((config.files.incidents?.opening.corporateTiers ?? ['Corporate', 'VIP']).map((t) => t.toLowerCase()));
  const mode = config.files.incidents?.rca.closeWithOpenSubtasks ?? 'block';
  const nameByAccount = new Map(Object.values(config.files.owners?.contacts ?? {}).flatMap((c) => (c.jiraAccountId ? [[c.jiraAccountId, c.name] as const] : [])));
  return incidents.map((incident, index) => {
    const service = config.files.owners?.services[incident.service];
    const cases = caseRows
      .filter((r) => Number(r.incident_id) === incident.id)
      .map((r) => ({
        ...names.get(r.case_id)!,
        tier: r.tier,
        accountId: r.account_id,
        accountName: accountNames.get(r.case_id) ?? null,
        corporate: r.tier !== null && corporateTiers.has(r.tier.toLowerCase()),
      }));
    const own = stages
      .filter((s) => s.incidentId === incident.id)
      .map((s) => ({ ...s, overdue: s.status !== 'done' && s.dueAt.getTime() < now.getTime(), assigneeName: s.assignee ? (nameByAccount.get(s.assignee) ?? null) : null }));
    const openActionSubtasks = asKeys(rows[index]!.open_action_subtasks);
    const openStages = own.filter((s) => s.status !== 'done');
    const reasons = [...openStages.map((s) => `RCA stage ${s.stage}${s.issueKey ? ` (${s.issueKey})` : ''} is open`), ...openActionSubtasks.map((k) => `action ${k} is open`)];
    return {
      incident,
      ownerName: contactName(config, service?.owner),
      team: service?.team ?? null,
      assigneeName: contactName(config, service?.incidentAssignee),
      escalation: describeEscalation(config, incident),
      notified: audit
        .filter((a) => a.objectId === incident.issueKey)
        .map((a) => toNotified(config, a))
        .filter((n): n is Notified => n !== undefined)
        .sort((a, b) => a.at.getTime() - b.at.getTime()),
      cases,
      corporateAccounts: corporateAccountsOf(cases),
      stages: own,
      openActionSubtasks,
      closeGate: { holds: reasons.length > 0, mode, reasons },
      pages: pages.filter((p) => p.incidentId === incident.id),
      alerts: alerts.filter((a) => a.incidentId === incident.id),
    };
  });
}

/** Incidents not closed, then those closed in the last {@link RECENT_DAYS} days; newest first. */
export async function loadIncidentList(db: Knex, config: Config, now: Date): Promise<IncidentView[]> {
  const since = new Date(now.getTime() - RECENT_DAYS * 86_400_000);
  const rows = (await db('incidents')
    .where((q) => q.whereNull('closed_at').orWhere('closed_at', '>=', since))
    .orderByRaw('closed_at IS NULL DESC, id DESC')
    .limit(INCIDENTS_SHOWN)) as Row[];
  return loadViews(db, config, rows, now);
}

export async function loadIncident(db: Knex, config: Config, key: string, now: Date): Promise<IncidentView | undefined> {
  const rows = (await db('incidents').where({ issue_key: key }).limit(1)) as Row[];
  return rows.length === 0 ? undefined : (await loadViews(db, config, rows, now))[0];
}
