/**
 * The in-memory org: records per sObject, with the bookkeeping Salesforce does on every write
 * (audit fields to the millisecond, case numbers, IsClosed/ClosedDate, soft delete) and an undo log
 * so an allOrNone batch can be rolled back as a whole.
 */
import { CLOSED_STATUSES, SOBJECTS, findSObject, type SfObjectDef } from './schema.js';
import { makeSalesforceId, toId18 } from './ids.js';
import { sfError } from './errors.js';
import { toStoredValues, type SfRecord } from './validate.js';
import { toWholeSecond } from './datetime.js';

/** A change the store made, reported once the write (or the whole batch) is committed. */
export interface SfChange {
  sObject: string;
  id: string;
  kind: 'created' | 'updated' | 'deleted';
}

interface UndoEntry {
  sObject: string;
  id: string;
  previous: SfRecord | undefined;
}

/** Options of the in-memory org. */
export interface SfStoreOptions {
  now: () => Date;
  /** Called with the changes of each committed write. */
  onCommit?: (changes: SfChange[]) => void;
  /** Whether date-times are stored cut to the whole second, as in a real org (default: to the millisecond). */
  wholeSecondTimestamps?: () => boolean;
}

/** First case number handed out after a reset; 8 digits like a real org's auto-number. */
const FIRST_CASE_NUMBER = 1001;

export class SalesforceStore {
  private readonly tables = new Map<string, Map<string, SfRecord>>();
  private nextSequence = 1;
  private nextCaseNumber = FIRST_CASE_NUMBER;
  private undoLog: UndoEntry[] | undefined;
  private pendingChanges: SfChange[] = [];

  constructor(private readonly options: SfStoreOptions) {
    this.clear();
  }

  /** Empties every table (users and accounts included). */
  clear(): void {
    for (const name of SOBJECTS.keys()) this.tables.set(name, new Map());
    this.nextSequence = 1;
    this.nextCaseNumber = FIRST_CASE_NUMBER;
  }

  /** All records of a type, deleted ones only when asked. */
  list(sObject: string, includeDeleted = false): SfRecord[] {
    const rows = [...this.table(sObject).values()];
    return includeDeleted ? rows : rows.filter((r) => r.IsDeleted !== true);
  }

  /** A record by 15- or 18-character id, deleted or not. */
  get(sObject: string, id: string): SfRecord | undefined {
    const id18 = toId18(id);
    return id18 ? this.table(sObject).get(id18) : undefined;
  }

  /** Finds a record of any type by id (used for relationship lookups). */
  getAny(id: string): SfRecord | undefined {
    for (const table of this.tables.values()) {
      const row = table.get(id);
      if (row) return row;
    }
    return undefined;
  }

  /** A new id for a type, unique within the org. */
  newId(def: SfObjectDef): string {
    return makeSalesforceId(def.keyPrefix, this.nextSequence++);
  }

  /**
   * Inserts a fully formed record without validation: for the seed, which sets past timestamps.
   * @returns the record's id
   */
  insertRaw(sObject: string, record: SfRecord): string {
    const def = this.requireDef(sObject);
    const id = typeof record.Id === 'string' ? record.Id : this.newId(def);
    const row: SfRecord = { IsDeleted: false, ...record, Id: id };
    if (def.name === 'Case' && row.CaseNumber === undefined) row.CaseNumber = this.takeCaseNumber();
    this.table(def.name).set(id, row);
    return id;
  }

  /** Creates a record as the acting user; throws SfRequestError on a bad body. */
  create(sObject: string, body: Record<string, unknown>, actorId: string): string {
    const def = this.requireDef(sObject);
    if (!def.createable) throw sfError(400, 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY', `entity type cannot be inserted: ${def.name}`);
    const values = this.toPrecision(def, toStoredValues(def, body, 'create'));
    this.checkReferences(def, values);
    const nowMs = this.stampNow();
    const row: SfRecord = {};
    for (const field of def.fields) row[field.name] = field.defaultValue ?? (field.type === 'boolean' ? false : null);
    const id = this.newId(def);
    Object.assign(row, values, {
      Id: id, IsDeleted: false, CreatedDate: nowMs, CreatedById: actorId, LastModifiedDate: nowMs,
      LastModifiedById: actorId, SystemModstamp: nowMs,
    });
    if ('OwnerId' in row && row.OwnerId === null) row.OwnerId = actorId;
    if (def.name === 'Case') {
      row.CaseNumber = this.takeCaseNumber();
      applyClosedState(row, undefined, nowMs);
    }
    this.write(def.name, id, row, 'created');
    if (def.name === 'CaseComment' && typeof row.ParentId === 'string') this.touch('Case', row.ParentId, actorId, nowMs);
    return id;
  }

  /** Updates a record as the acting user; throws SfRequestError when missing or on a bad body. */
  update(sObject: string, id: string, body: Record<string, unknown>, actorId: string): void {
    const def = this.requireDef(sObject);
    if (!def.updateable) throw sfError(400, 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY', `entity type cannot be updated: ${def.name}`);
    const current = this.requireLive(def, id);
    const values = this.toPrecision(def, toStoredValues(def, body, 'update'));
    this.checkReferences(def, values);
    const nowMs = this.stampNow();
    const row: SfRecord = { ...current, ...values, LastModifiedDate: nowMs, LastModifiedById: actorId, SystemModstamp: nowMs };
    if (def.name === 'Case') applyClosedState(row, current, nowMs);
    this.write(def.name, current.Id as string, row, 'updated');
  }

  /** Soft-deletes a record (it stays visible to queryAll with IsDeleted = true). */
  delete(sObject: string, id: string, actorId: string): void {
    const def = this.requireDef(sObject);
    if (!def.deletable) throw sfError(400, 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY', `entity type cannot be deleted: ${def.name}`);
    const current = this.requireLive(def, id);
    const nowMs = this.stampNow();
    const row: SfRecord = { ...current, IsDeleted: true, LastModifiedDate: nowMs, LastModifiedById: actorId, SystemModstamp: nowMs };
    this.write(def.name, current.Id as string, row, 'deleted');
  }

  /**
   * Runs writes as one unit: if `work` throws, every write it made is undone and no change is
   * reported; otherwise the changes are reported once at the end.
   */
  runAtomically<T>(work: () => T): T {
    if (this.undoLog) return work();
    const undoLog: UndoEntry[] = [];
    this.undoLog = undoLog;
    const caseNumberBefore = this.nextCaseNumber;
    try {
      const result = work();
      const changes = this.pendingChanges;
      this.undoLog = undefined;
      this.pendingChanges = [];
      if (changes.length > 0) this.options.onCommit?.(changes);
      return result;
    } catch (error) {
      for (const entry of undoLog.reverse()) {
        const table = this.table(entry.sObject);
        if (entry.previous) table.set(entry.id, entry.previous);
        else table.delete(entry.id);
      }
      this.nextCaseNumber = caseNumberBefore;
      this.undoLog = undefined;
      this.pendingChanges = [];
      throw error;
    }
  }

  /** The audit stamp of a write made now, at the org's date-time precision. */
  private stampNow(): number {
    const nowMs = this.options.now().getTime();
    return this.options.wholeSecondTimestamps?.() ? toWholeSecond(nowMs) : nowMs;
  }

  /** Written date-time values at the org's precision. */
  private toPrecision(def: SfObjectDef, values: SfRecord): SfRecord {
    if (!this.options.wholeSecondTimestamps?.()) return values;
    for (const field of def.fields) {
      const value = values[field.name];
      if (field.type === 'datetime' && typeof value === 'number') values[field.name] = toWholeSecond(value);
    }
    return values;
  }

  private write(sObject: string, id: string, row: SfRecord, kind: SfChange['kind']): void {
    const table = this.table(sObject);
    const change = { sObject, id, kind };
    if (this.undoLog) {
      this.undoLog.push({ sObject, id, previous: table.get(id) });
      table.set(id, row);
      this.pendingChanges.push(change);
      return;
    }
    table.set(id, row);
    this.options.onCommit?.([change]);
  }

  /** Marks a parent record modified, as adding a case comment does to its case. */
  private touch(sObject: string, id: string, actorId: string, nowMs: number): void {
    const current = this.get(sObject, id);
    if (!current) return;
    this.write(sObject, current.Id as string, { ...current, LastModifiedDate: nowMs, LastModifiedById: actorId, SystemModstamp: nowMs }, 'updated');
  }

  private checkReferences(def: SfObjectDef, values: SfRecord): void {
    for (const field of def.fields) {
      const value = values[field.name];
      if (field.type !== 'reference' || typeof value !== 'string' || !field.referenceTo) continue;
      const target = this.get(field.referenceTo, value);
      if (!target || target.IsDeleted === true) {
        throw sfError(400, 'INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id`, [field.name]);
      }
    }
  }

  private requireLive(def: SfObjectDef, id: string): SfRecord {
    const current = this.get(def.name, id);
    if (!current) throw sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    if (current.IsDeleted === true) throw sfError(404, 'ENTITY_IS_DELETED', 'entity is deleted');
    return current;
  }

  private requireDef(sObject: string): SfObjectDef {
    const def = findSObject(sObject);
    if (!def) throw sfError(404, 'NOT_FOUND', `The requested resource does not exist`);
    return def;
  }

  private table(sObject: string): Map<string, SfRecord> {
    const table = this.tables.get(findSObject(sObject)?.name ?? sObject);
    if (!table) throw sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    return table;
  }

  private takeCaseNumber(): string {
    return String(this.nextCaseNumber++).padStart(8, '0');
  }
}

/** IsClosed follows Status; ClosedDate is set when a case closes and cleared when it reopens. */
function applyClosedState(row: SfRecord, previous: SfRecord | undefined, nowMs: number): void {
  const isClosed = CLOSED_STATUSES.includes(String(row.Status));
  const wasClosed = previous?.IsClosed === true;
  row.IsClosed = isClosed;
  if (isClosed && !wasClosed) row.ClosedDate = nowMs;
  if (!isClosed) row.ClosedDate = null;
}
