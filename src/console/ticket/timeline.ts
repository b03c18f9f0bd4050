/**
 * A ticket's timeline as people read it: status changes (pauses, resumptions, resolutions and
 * reopenings named as such, by the SLA's own status rules), public agent replies, and what
 * casebridge did (its writes to Salesforce and Jira, its classification with the reasons), in
 * time order. Pure: the caller loads the history and the audit entries.
 */
import type { StoredAuditEntry } from '../../adapters/store/audit-log.js';
import type { HistoryEvent } from '../../adapters/store/status-history.js';
import type { StatusRules } from '../../domain/sla/types.js';
import type { ConsoleNames } from '../names.js';

export type TimelineKind = 'created' | 'status' | 'pause' | 'resume' | 'resolved' | 'reopen' | 'reply' | 'write' | 'classification';

export interface TimelineItem {
  at: Date;
  kind: TimelineKind;
  title: string;
  /** Further lines: the fields a write changed, the reasons of a classification. */
  details: string[];
  /** Record ids and correlation ids, for the tooltip only. */
  tooltip?: string;
}

const SYSTEM_LABELS: Record<string, string> = { salesforce: 'Salesforce', jira: 'Jira', casebridge: 'casebridge' };
const MAX_VALUE_CHARS = 140;

export function buildTimeline(input: { createdAt: Date; history: readonly HistoryEvent[]; audit: readonly StoredAuditEntry[]; statusRules?: StatusRules; names: ConsoleNames }): TimelineItem[] {
  const items: TimelineItem[] = [{ at: input.createdAt, kind: 'created', title: 'Case created', details: [] }];
  let previous: string | null = null;
  for (const event of input.history) {
    if (event.type === 'agentReply') {
      items.push({ at: event.at, kind: 'reply', title: 'Agent replied (public comment)', details: [] });
      continue;
    }
    items.push(toStatusItem(event, previous, input.statusRules));
    previous = event.value;
  }
  for (const entry of input.audit) items.push(entry.objectType === 'classification' ? toClassificationItem(entry, input.names) : toWriteItem(entry));
  // Stable: events at the same instant keep the order above (history before casebridge's reaction to it).
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => a.item.at.getTime() - b.item.at.getTime() || a.index - b.index)
    .map((x) => x.item);
}

function toStatusItem(event: HistoryEvent, previous: string | null, rules: StatusRules | undefined): TimelineItem {
  const status = event.value ?? '';
  const from = previous === null ? '' : ` (was ${previous})`;
  const isResolved = (s: string | null) => s !== null && (rules?.resolvedStatuses.has(s) ?? false);
  const isPause = (s: string | null) => s !== null && (rules?.pauseStatuses.has(s) ?? false);
  if (isResolved(status)) return { at: event.at, kind: 'resolved', title: `Resolved: status ${status}${from}; the clocks stop`, details: [] };
  if (isResolved(previous)) return { at: event.at, kind: 'reopen', title: `Reopened: status ${status} (was ${previous}); resolution counts again`, details: [] };
  if (isPause(status)) return { at: event.at, kind: 'pause', title: `Paused: status ${status}${from}; resolution stops counting`, details: [] };
  if (isPause(previous)) return { at: event.at, kind: 'resume', title: `Resumed: status ${status} (was ${previous})`, details: [] };
  return { at: event.at, kind: 'status', title: `Status ${status}${from}`, details: [] };
}

function toClassificationItem(entry: StoredAuditEntry, names: ConsoleNames): TimelineItem {
  const after = entry.after ?? {};
  const topicId = typeof after.topic === 'string' ? after.topic : null;
  const topic = names.topic(topicId)?.name ?? topicId ?? 'no topic';
  const confidence = typeof after.confidence === 'number' ? `, confidence ${after.confidence.toFixed(2)}` : '';
  const kept = entry.action === 'classify-kept-human-priority' ? `; kept the priority a person chose (casebridge would have set ${String(after.computedPriority)})` : '';
  const reasons = (entry.note ?? '').split('; ').filter((r) => r !== '');
  return {
    at: entry.at,
    kind: 'classification',
    title: `Classified as ${topic}, priority ${String(after.priority ?? '—')} (by ${String(after.source ?? 'rules')}${confidence})${kept}`,
    details: reasons.map((r) => `because ${r}`),
    ...(entry.correlationId ? { tooltip: `correlation ${entry.correlationId}` } : {}),
  };
}

function toWriteItem(entry: StoredAuditEntry): TimelineItem {
  const system = SYSTEM_LABELS[entry.system] ?? entry.system;
  const what = entry.objectType === 'Case' ? 'the case' : entry.objectType === 'issue' || entry.objectType === 'incident' ? `${entry.objectType} ${entry.objectId ?? ''}`.trim() : entry.objectType;
  const verb = { create: 'created', update: 'updated', transition: 'moved', delete: 'deleted' }[entry.action] ?? entry.action;
  const title = entry.system === 'casebridge' ? `casebridge: ${entry.action} ${what}` : `casebridge ${verb} ${what} in ${system}`;
  return {
    at: entry.at,
    kind: 'write',
    title,
    details: [...describeChanges(entry.before ?? null, entry.after ?? null), ...(entry.note ? [entry.note] : [])],
    tooltip: [entry.objectId ? `record ${entry.objectId}` : '', entry.correlationId ? `correlation ${entry.correlationId}` : ''].filter(Boolean).join(' · '),
  };
}

/** `Field: before → after` for each field whose value the write set. */
function describeChanges(before: Record<string, unknown> | null, after: Record<string, unknown> | null): string[] {
  if (!after) return [];
  return Object.entries(after)
    .filter(([field]) => field !== 'caseId')
    .map(([field, value]) => {
      const was = before && field in before ? `${show(before[field])} → ` : '';
      return `${field}: ${was}${show(value)}`;
    });
}

function show(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text === undefined ? '—' : text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
}
