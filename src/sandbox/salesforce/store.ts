/**
 * The in-memory org: records per sObject, with the bookkeeping Salesforce does on every write
 * (audit fields at the org's date-time precision, case numbers, IsClosed/ClosedDate, soft delete) and an undo log
 * so an allOrNone batch can be rolled back as a whole. What a write stamps on a record is in
 * write-stamps.ts, the undo log and the reporting of committed changes in write-journal.ts.
 */
import { SOBJECTS, findSObject, type SfObjectDef } from './schema.js';
import { makeSalesforceId, toId18 } from './ids.js';
import { sfError } from './errors.js';
import { toStoredValues, type SfRecord } from './validate.js';
import { WriteJournal, type SfChange } from './write-journal.js';
import { applyClosedState, blankRecord, modifiedStamp, stampNow, toOrgPrecision, type OrgClock } from './write-stamps.js';

/** Options of the in-memory org: its clock and precision, and who hears of committed writes. */
export interface SfStoreOptions extends OrgClock {
  /** Called with the changes of each committed write. */
  onCommit?: (changes: SfChange[]) => void;
}

/** First case number handed out after a reset; 8 digits like a real org's auto-number. */
const FIRST_CASE_NUMBER = 1001;

export class SalesforceStore {
  private readonly tables = new Map<string, Map<string, SfRecord>>();
  private nextSequence = 1;
  private nextCaseNumber = FIRST_CASE_NUMBER;
  private readonly journal = new WriteJournal(
    (sObject) => this.table(sObject),
    (changes) => this.options.onCommit?.(changes),
  );

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
    const values = toOrgPrecision(this.options, def, toStoredValues(def, body, 'create'));
    this.checkReferences(def, values);
    const nowMs = stampNow(this.options);
    const row = blankRecord(def);
    const id = this.newId(def);
    Object.assign(row, values, { Id: id, IsDeleted: false, CreatedDate: nowMs, CreatedById: actorId, ...modifiedStamp(actorId, nowMs) });
    if ('OwnerId' in row && row.OwnerId === null) row.OwnerId = actorId;
    if (def.name === 'Case') {
      row.CaseNumber = this.takeCaseNumber();
      applyClosedState(row, undefined, nowMs);
    }
    this.journal.write(def.name, id, row, 'created');
    if (def.name === 'CaseComment' && typeof row.ParentId === 'string') this.touch('Case', row.ParentId, actorId, nowMs);
    return id;
  }

  /** Updates a record as the acting user; throws SfRequestError when missing or on a bad body. */
  update(sObject: string, id: string, body: Record<string, unknown>, actorId: string): void {
    const def = this.requireDef(sObject);
    if (!def.updateable) throw sfError(400, 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY', `entity type cannot be updated: ${def.name}`);
    const current = this.requireLive(def, id);
    const values = toOrgPrecision(this.options, def, toStoredValues(def, body, 'update'));
    this.checkReferences(def, values);
    const nowMs = stampNow(this.options);
    const row: SfRecord = { ...current, ...values, ...modifiedStamp(actorId, nowMs) };
    if (def.name === 'Case') applyClosedState(row, current, nowMs);
    this.journal.write(def.name, current.Id as string, row, 'updated');
  }

  /** Soft-deletes a record (it stays visible to queryAll with IsDeleted = true). */
  delete(sObject: string, id: string, actorId: string): void {
    const def = this.requireDef(sObject);
    if (!def.deletable) throw sfError(400, 'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY', `entity type cannot be deleted: ${def.name}`);
    const current = this.requireLive(def, id);
    const nowMs = stampNow(this.options);
    const row: SfRecord = { ...current, IsDeleted: true, ...modifiedStamp(actorId, nowMs) };
    this.journal.write(def.name, current.Id as string, row, 'deleted');
  }

  /**
   * Runs writes as one unit: if `work` throws, every write it made is undone and no change is
   * reported; otherwise the changes are reported once at the end.
   */
  runAtomically<T>(work: () => T): T {
    const caseNumberBefore = this.nextCaseNumber;
    // The case numbers an undone unit took are handed out again, as they were never committed.
    return this.journal.run(work, () => {
      this.nextCaseNumber = caseNumberBefore;
    });
  }

  /** Marks a parent record modified, as adding a case comment does to its case. */
  private touch(sObject: string, id: string, actorId: string, nowMs: number): void {
    const current = this.get(sObject, id);
    if (!current) return;
    this.journal.write(sObject, current.Id as string, { ...current, ...modifiedStamp(actorId, nowMs) }, 'updated');
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
