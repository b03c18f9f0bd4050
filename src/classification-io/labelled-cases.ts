/**
 * Labelled cases from a CSV file with the corpus's columns (`id,language,subject,description,topic,
 * tier,impact`, or any other names given): the input of `classify eval`, the retrain gate and the
 * benchmark.
 */
import type { LabelledCase } from '../domain/classification/evaluate-cases.js';
import type { RowSelection } from '../domain/classification/split.js';
import { readLabelledCsv } from './files.js';

/** Which columns hold what; only `textColumns` and `labelColumn` are required. */
export interface CaseColumns {
  textColumns: string[];
  labelColumn: string;
  idColumn?: string | undefined;
  languageColumn?: string | undefined;
  tierColumn?: string | undefined;
  impactColumn?: string | undefined;
  rows?: RowSelection;
}

export function readLabelledCases(path: string, columns: CaseColumns): LabelledCase[] {
  const optional = [columns.idColumn, columns.languageColumn, columns.tierColumn, columns.impactColumn].filter((c): c is string => c !== undefined);
  const data = readLabelledCsv(path, { textColumns: columns.textColumns, labelColumn: columns.labelColumn, rows: columns.rows ?? 'all', otherColumns: [...new Set(optional)] });
  const column = (name: string | undefined, i: number): string | undefined => (name === undefined ? undefined : data.others[name]?.[i]);
  return data.texts.map((text, i) => ({
    id: column(columns.idColumn, i) || `row ${data.rowIndexes[i]}`,
    text,
    topic: data.labels[i] as string,
    language: column(columns.languageColumn, i) || 'und',
    tier: column(columns.tierColumn, i) || undefined,
    impact: column(columns.impactColumn, i),
  }));
}
