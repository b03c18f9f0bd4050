/**
 * How the in-memory org's writes are committed. Inside `run` each write is logged with the row it
 * replaced, so an allOrNone batch that throws is undone as a whole and reports nothing, and its
 * changes are reported together once it commits; a write outside `run` is reported at once. Apart
 * from store.ts, which decides what a write stores; this only sees rows go in and come out.
 */
import type { SfRecord } from './validate.js';

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

export class WriteJournal {
  private undoLog: UndoEntry[] | undefined;
  private pendingChanges: SfChange[] = [];

  /** `tableOf` finds a type's table; `report` hears the changes of each committed write. */
  constructor(
    private readonly tableOf: (sObject: string) => Map<string, SfRecord>,
    private readonly report: (changes: SfChange[]) => void,
  ) {}

  /** Stores `row` under `id`: logged for undo inside `run`, reported at once outside it. */
  write(sObject: string, id: string, row: SfRecord, kind: SfChange['kind']): void {
    const table = this.tableOf(sObject);
    const change = { sObject, id, kind };
    if (this.undoLog) {
      this.undoLog.push({ sObject, id, previous: table.get(id) });
      table.set(id, row);
      this.pendingChanges.push(change);
      return;
    }
    table.set(id, row);
    this.report([change]);
  }

  /**
   * Runs `work` as one unit (inside another unit it simply joins it): if it throws, every write it
   * made is undone, `onUndo` restores what the caller keeps besides the rows, and nothing is reported.
   */
  run<T>(work: () => T, onUndo: () => void): T {
    if (this.undoLog) return work();
    const undoLog: UndoEntry[] = [];
    this.undoLog = undoLog;
    try {
      const result = work();
      const changes = this.pendingChanges;
      this.undoLog = undefined;
      this.pendingChanges = [];
      if (changes.length > 0) this.report(changes);
      return result;
    } catch (error) {
      for (const entry of undoLog.reverse()) {
        const table = this.tableOf(entry.sObject);
        if (entry.previous) table.set(entry.id, entry.previous);
        else table.delete(entry.id);
      }
      onUndo();
      this.undoLog = undefined;
      this.pendingChanges = [];
      throw error;
    }
  }
}
