/**
 * The fixed train/test split used for every evaluation in this project (issue 5): data row `i`
 * (0-based, header not counted) is a test row iff `i % 5 === 4`; all other rows are training rows.
 * Fixed rather than random so figures are comparable across runs and tools.
 */

/** Which rows of a labelled file to use: the training part, the test part, or every row. */
export type RowSelection = 'train' | 'test' | 'all';

export function isTestRow(rowIndex: number): boolean {
  return rowIndex % 5 === 4;
}

export function isRowSelected(rowIndex: number, selection: RowSelection): boolean {
  if (selection === 'all') return true;
  return isTestRow(rowIndex) === (selection === 'test');
}
