/** Helpers shared by the `classify` sub-commands: error reporting, column and row options, config loading. */
import { InvalidInputError } from '../errors.js';
import { formatProblem } from '../config/issues.js';
import { loadConfigDir } from '../config/load.js';
import type { ClassificationConfig } from '../config/schemas/classification.js';
import type { RowSelection } from '../domain/classification/split.js';

/** Runs a command body; a bad-input error becomes one line on stderr and exit code 1. */
export async function runReporting(body: () => void | Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    process.stderr.write(`casebridge classify: ${error.message}\n`);
    process.exitCode = 1;
  }
}

export function toRowSelection(rows: string | undefined, splitTest: boolean | undefined, splitDefault: RowSelection): RowSelection {
  if (rows !== undefined && !['train', 'test', 'all'].includes(rows)) throw new InvalidInputError(`--rows must be train, test or all, not "${rows}"`);
  if (rows !== undefined && splitTest) throw new InvalidInputError('give --rows or --split-test, not both');
  return (rows as RowSelection | undefined) ?? (splitTest ? splitDefault : 'all');
}

export const toColumns = (text: string): string[] =>
  text
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);

/** Loads classification.yaml through the shared config loader (every problem, with file:line:col). */
export function loadClassificationConfig(dir: string): ClassificationConfig {
  const result = loadConfigDir(dir, { only: ['classification'] });
  if (!result.ok) throw new InvalidInputError(`invalid configuration:\n${result.problems.map(formatProblem).join('\n')}`);
  if (!result.config.classification) throw new InvalidInputError(`${dir}: no classification.yaml`);
  return result.config.classification;
}
