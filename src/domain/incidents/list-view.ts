/** The rows of `casebridge incidents list`: incidents with linked-case counts and RCA stage status and due times. */

export interface IncidentListRow {
  key: string | null;
  service: string;
  severity: string;
  status: string;
  linkedCases: number;
  corporateAccountsAffected: number;
  startedAt: string;
  resolvedAt: string | null;
  closedAt: string | null;
  escalation: string;
  rca: Array<{ stage: string; issueKey: string | null; status: 'open' | 'done' | 'overdue'; dueAt: string }>;
}

export interface IncidentListInput {
  incident: {
    issueKey: string | null;
    service: string;
    severity: string;
    status: string;
    startedAt: Date;
    resolvedAt: Date | null;
    closedAt: Date | null;
    escalationStep: number;
    escalationStopped: string | null;
  };
  linkedCases: number;
  corporateAccountsAffected: number;
  stages: ReadonlyArray<{ stage: string; issueKey: string | null; status: string; dueAt: Date }>;
}

export function toIncidentListRow(input: IncidentListInput, now: Date): IncidentListRow {
  const { incident } = input;
  const escalation = incident.escalationStopped ?? (incident.escalationStep < 0 ? 'not started' : `step ${incident.escalationStep + 1}`);
  return {
    key: incident.issueKey,
    service: incident.service,
    severity: incident.severity,
    status: incident.status,
    linkedCases: input.linkedCases,
    corporateAccountsAffected: input.corporateAccountsAffected,
    startedAt: incident.startedAt.toISOString(),
    resolvedAt: incident.resolvedAt?.toISOString() ?? null,
    closedAt: incident.closedAt?.toISOString() ?? null,
    escalation,
    rca: input.stages.map((s) => ({
      stage: s.stage,
      issueKey: s.issueKey,
      status: s.status === 'done' ? 'done' : s.dueAt.getTime() < now.getTime() ? 'overdue' : 'open',
      dueAt: s.dueAt.toISOString(),
    })),
  };
}

/** A fixed-width table for people; RCA stages as `name: status (due …)`. */
export function formatIncidentTable(rows: readonly IncidentListRow[]): string {
  const header = ['KEY', 'SERVICE', 'SEV', 'STATUS', 'CASES', 'CORP', 'STARTED', 'ESCALATION', 'RCA'];
  const body = rows.map((r) => [
    r.key ?? '(creating)',
    r.service,
    r.severity,
    r.status,
    String(r.linkedCases),
    String(r.corporateAccountsAffected),
    r.startedAt.slice(0, 16).replace('T', ' '),
    r.escalation,
    r.rca.length === 0 ? '-' : r.rca.map((s) => `${s.stage}: ${s.status} (due ${s.dueAt.slice(0, 16).replace('T', ' ')})`).join('; '),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(header), ...body.map(line)].join('\n');
}
