/** `links`: which Jira issue a case is linked to, with the create intent written before the create. */
import type { Db } from './db-handle.js';
import { toDate, toId } from './db-handle.js';
import { isIssueKey } from '../../domain/jira-keys.js';

export type LinkKind = 'mirror' | 'incident';
export type LinkState = 'creating' | 'linked' | 'unlinked';
/** `created`: casebridge made the issue for this case; `linked`: an agent typed an existing key. */
export type LinkOrigin = 'created' | 'linked';

export interface Link {
  id: number;
  caseId: string;
  issueKey: string | null;
  issueId: string | null;
  kind: LinkKind;
  state: LinkState;
  origin: LinkOrigin;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
}

interface LinkRow {
  id: string | number;
  case_id: string;
  issue_key: string | null;
  issue_id: string | null;
  kind: LinkKind;
  state: LinkState;
  origin: LinkOrigin;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
}

export function fromRow(row: LinkRow): Link {
  return {
    id: toId(row.id),
    caseId: row.case_id,
    issueKey: row.issue_key,
    issueId: row.issue_id,
    kind: row.kind,
    state: row.state,
    origin: row.origin,
    lastError: row.last_error,
    createdAt: toDate(row.created_at)!,
    updatedAt: toDate(row.updated_at)!,
  };
}

/** The live (not unlinked) link of a kind for a case, if any. */
export async function getLiveLink(db: Db, caseId: string, kind: LinkKind = 'mirror'): Promise<Link | undefined> {
  const row = await db<LinkRow>('links').where({ case_id: caseId, kind }).whereNot({ state: 'unlinked' }).first();
  return row ? fromRow(row) : undefined;
}

export async function listLinksForIssue(db: Db, issueKey: string): Promise<Link[]> {
  const rows = await db<LinkRow>('links').where({ issue_key: issueKey }).whereNot({ state: 'unlinked' }).orderBy('id');
  return rows.map(fromRow);
}

export async function listLinksForCases(db: Db, caseIds: readonly string[], kind: LinkKind = 'mirror'): Promise<Link[]> {
  if (caseIds.length === 0) return [];
  const rows = await db<LinkRow>('links')
    .whereIn('case_id', [...caseIds])
    .andWhere({ kind })
    .whereNot({ state: 'unlinked' });
  return rows.map(fromRow);
}

/**
 * Writes the intent to create an issue for a case. Returns `created: false` with the existing
 * live link when another worker got there first (the partial unique index decides).
 */
export async function insertCreateIntent(db: Db, caseId: string, kind: LinkKind = 'mirror'): Promise<{ created: boolean; link: Link }> {
  const rows = await db('links')
    .insert({ case_id: caseId, kind, state: 'creating' })
    .onConflict(db.raw(`(case_id, kind) WHERE state <> 'unlinked'`) as unknown as string)
    .ignore()
    .returning('*');
  if (rows[0]) return { created: true, link: fromRow(rows[0] as LinkRow) };
  const existing = await getLiveLink(db, caseId, kind);
  if (!existing) throw new Error(`link for case ${caseId} vanished between insert and read`);
  return { created: false, link: existing };
}

/** Records the issue a link points at; idempotent. */
export async function markLinked(db: Db, linkId: number, issue: { key: string; id: string }): Promise<void> {
  await db('links').where({ id: linkId }).update({ issue_key: issue.key, issue_id: issue.id, state: 'linked', last_error: null, updated_at: db.fn.now() });
}

/** Links a case directly to an existing issue (an agent typed its key). */
export async function insertLinked(db: Db, caseId: string, issue: { key: string; id: string | null }, kind: LinkKind = 'mirror'): Promise<Link> {
  const rows = await db('links').insert({ case_id: caseId, kind, state: 'linked', origin: 'linked', issue_key: issue.key, issue_id: issue.id }).returning('*');
  return fromRow(rows[0] as LinkRow);
}

export async function markUnlinked(db: Db, linkId: number): Promise<void> {
  await db('links').where({ id: linkId }).update({ state: 'unlinked', updated_at: db.fn.now() });
}

/** Intents older than `olderThan` that never got an issue: what recovery must resolve. */
export async function listStaleIntents(db: Db, olderThan: Date): Promise<Link[]> {
  const rows = await db<LinkRow>('links').where({ state: 'creating' }).andWhere('updated_at', '<', olderThan).orderBy('id');
  return rows.map(fromRow);
}

/**
 * Writes create intents for many cases in one statement. Returns the links this caller now
 * holds (freshly inserted) and, apart, the cases that already had a live link.
 */
export async function insertCreateIntents(db: Db, caseIds: readonly string[], kind: LinkKind = 'mirror'): Promise<{ created: Link[]; existing: Link[] }> {
  if (caseIds.length === 0) return { created: [], existing: [] };
  const rows = (await db('links')
    .insert(caseIds.map((caseId) => ({ case_id: caseId, kind, state: 'creating' })))
    .onConflict(db.raw(`(case_id, kind) WHERE state <> 'unlinked'`) as unknown as string)
    .ignore()
    .returning('*')) as LinkRow[];
  const created = rows.map(fromRow);
  const createdIds = new Set(created.map((l) => l.caseId));
  const existing = await listLinksForCases(
    db,
    caseIds.filter((id) => !createdIds.has(id)),
    kind,
  );
  return { created, existing };
}

/**
 * Takes over create intents whose holder has been silent for longer than the lease (it crashed
 * or hung). The update is conditional, so exactly one taker wins each intent; the holder's
 * requests time out well within the lease, so it cannot still be creating.
 */
export async function claimStaleIntents(db: Db, linkIds: readonly number[], leaseMs: number): Promise<Link[]> {
  if (linkIds.length === 0) return [];
  const rows = (await db('links')
    .whereIn('id', [...linkIds])
    .andWhere({ state: 'creating' })
    .andWhere('updated_at', '<', db.raw(`now() - make_interval(secs => ?)`, [leaseMs / 1000]))
    .update({ updated_at: db.fn.now() })
    .returning('*')) as LinkRow[];
  return rows.map(fromRow);
}

/** Live links of many issues at once (a Jira change fans out to every linked case). */
export async function listLinksForIssues(db: Db, issueKeys: readonly string[]): Promise<Link[]> {
  if (issueKeys.length === 0) return [];
  const rows = await db<LinkRow>('links')
    .whereIn('issue_key', [...issueKeys])
    .whereNot({ state: 'unlinked' })
    .orderBy('id');
  return rows.map(fromRow);
}

/** What an operator asks by one name: the live link of a case (by id), or every case of an issue (by key). */
export async function findLiveLinks(db: Db, caseIdOrIssueKey: string): Promise<Link[]> {
  if (isIssueKey(caseIdOrIssueKey)) return listLinksForIssue(db, caseIdOrIssueKey);
  const link = await getLiveLink(db, caseIdOrIssueKey);
  return link ? [link] : [];
}

/** Points the live links of an issue that moved to another project at its new key; returns them. */
export async function followMovedIssue(db: Db, fromKey: string, to: { key: string; id: string }): Promise<Link[]> {
  const rows = (await db('links').where({ issue_key: fromKey, state: 'linked' }).update({ issue_key: to.key, issue_id: to.id, updated_at: db.fn.now() }).returning('*')) as LinkRow[];
  return rows.map(fromRow);
}

/**
 * Keys that live links still hold for issues now known under another key (moved to another
 * project): matched by issue id, which a move keeps.
 */
export async function listKeysMovedFrom(db: Db, issues: ReadonlyArray<{ id: string; key: string }>): Promise<string[]> {
  if (issues.length === 0) return [];
  const keyById = new Map(issues.map((i) => [i.id, i.key]));
  const rows = await db<LinkRow>('links')
    .whereIn('issue_id', [...keyById.keys()])
    .andWhere({ state: 'linked' })
    .select('issue_key', 'issue_id');
  return [...new Set(rows.filter((r) => r.issue_key && r.issue_id && keyById.get(r.issue_id) !== r.issue_key).map((r) => r.issue_key!))];
}
