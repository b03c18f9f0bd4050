/**
 * Picks the text and label columns out of a parsed CSV file, with the row selection of the fixed
 * split (see src/domain/classification/split.ts), and says exactly what is wrong with a file that
 * does not fit: empty, missing columns, ragged rows, empty labels.
 */
import { InvalidInputError } from '../errors.js';
import { isRowSelected } from '../domain/classification/split.js';
import type { RowSelection } from '../domain/classification/split.js';
import { parseCsv } from './csv-parse.js';

/** What to take from the file. */
export interface LabelledColumns {
  /** Columns joined (with a line break) into the text, e.g. `['subject', 'body']`. */
  textColumns: string[];
  /** Column holding the class label. */
  labelColumn: string;
  /** Which rows of the fixed split to keep. Default `all`. */
  rows?: RowSelection;
  /** Further columns to return as they are (e.g. `language`, `impact`); each must exist. */
  otherColumns?: string[];
}

/** Parallel arrays of texts and labels, plus each kept row's 0-based data-row index. */
export interface LabelledRows {
  texts: string[];
  labels: string[];
  rowIndexes: number[];
  /** Data rows in the file before selection. */
  totalRows: number;
  /** Per requested other column, its value in each kept row. */
  others: Record<string, string[]>;
}

function findColumn(header: string[], name: string, source: string): number {
  const index = header.indexOf(name);
  if (index === -1) {
    throw new InvalidInputError(`${source}: no column named "${name}"; the header has: ${header.map((h) => JSON.stringify(h)).join(', ')}`);
  }
  return index;
}

/** Parses CSV text and extracts labelled rows. `source` names the file in error messages. */
export function extractLabelledRows(csvText: string, columns: LabelledColumns, source: string): LabelledRows {
  const records = parseCsv(csvText, source);
  const headerRecord = records[0];
  if (!headerRecord) throw new InvalidInputError(`${source}: the file is empty (expected a header line and data rows)`);
  const header = headerRecord.fields.map((h) => h.trim());
  if (columns.textColumns.length === 0) throw new InvalidInputError('no text column given');
  const textIndexes = columns.textColumns.map((name) => findColumn(header, name, source));
  const labelIndex = findColumn(header, columns.labelColumn, source);
  const otherIndexes = (columns.otherColumns ?? []).map((name) => [name, findColumn(header, name, source)] as const);
  if (records.length === 1) throw new InvalidInputError(`${source}: the file has a header but no data rows`);
  const selection = columns.rows ?? 'all';
  const out: LabelledRows = { texts: [], labels: [], rowIndexes: [], totalRows: records.length - 1, others: Object.fromEntries(otherIndexes.map(([name]) => [name, []])) };
  for (let r = 1; r < records.length; r++) {
    const record = records[r]!;
    const rowIndex = r - 1;
    if (record.fields.length !== header.length) {
      throw new InvalidInputError(`${source}: line ${record.line} (data row ${rowIndex}) has ${record.fields.length} fields, the header has ${header.length}`);
    }
    if (!isRowSelected(rowIndex, selection)) continue;
    const label = (record.fields[labelIndex] ?? '').trim();
    if (label === '') throw new InvalidInputError(`${source}: line ${record.line} (data row ${rowIndex}): label column "${columns.labelColumn}" is empty`);
    out.texts.push(textIndexes.map((k) => record.fields[k] ?? '').join('\n'));
    out.labels.push(label);
    out.rowIndexes.push(rowIndex);
    for (const [name, k] of otherIndexes) out.others[name]?.push((record.fields[k] ?? '').trim());
  }
  return out;
}
