/**
 * `casebridge classify eval`: figures of a model on a labelled CSV file, overall, per language and
 * per topic, with the confusion matrix; with `--config`, through classifyCase (rules + model, what
 * casebridge would write) and P1 recall on the rows with an impact.
 *
 *   casebridge classify eval --model M --file heldout.csv --text subject,description --label topic
 *       [--language language] [--config config --tier tier --impact impact] [--id id] [--rows ... | --split-test] [--json]
 */
import type { Command } from 'commander';
import { InvalidInputError } from '../errors.js';
import { formatCaseEvaluation } from '../domain/classification/cli-format.js';
import { evaluateCases } from '../domain/classification/evaluate-cases.js';
import type { CaseEvaluation } from '../domain/classification/evaluate-cases.js';
import { roundReport } from '../domain/classification/metrics.js';
import { readConfiguredModel, readModelFile } from '../classification-io/files.js';
import { readSignalModels } from '../classification-io/signal-models.js';
import { readLabelledCases } from '../classification-io/labelled-cases.js';
import { loadClassificationConfig, runReporting, toColumns, toRowSelection } from './classify-shared.js';

interface EvalCliOptions {
  model?: string;
  file: string;
  text: string;
  label: string;
  id?: string;
  language?: string;
  tier?: string;
  impact?: string;
  config?: string;
  rows?: string;
  splitTest?: boolean;
  json?: boolean;
}

function roundAll(report: CaseEvaluation): CaseEvaluation {
  const perLanguage = Object.fromEntries(Object.entries(report.perLanguage).map(([language, figures]) => [language, roundReport(figures)]));
  const p1 = report.p1 ? { ...report.p1, recall: Math.round(report.p1.recall * 1e4) / 1e4 } : undefined;
  return { ...roundReport(report), predictor: report.predictor, perLanguage, ...(p1 ? { p1 } : {}) };
}

export function registerClassifyEval(classify: Command): void {
  classify
    .command('eval')
    .description('evaluate a model on a labelled CSV file: accuracy, macro-F1, per language and per topic, confusion matrix; P1 recall on impact rows')
    .option('--model <file>', 'model file from classify train (default with --config: model.file in classification.yaml)')
    .requiredOption('--file <csv>', 'labelled CSV file')
    .requiredOption('--text <columns>', 'text column(s), comma-separated, e.g. subject,description')
    .requiredOption('--label <column>', 'label column, e.g. topic')
    .option('--id <column>', 'column naming each row in the list of misses (e.g. id)')
    .option('--language <column>', 'language column: figures per language (default: one group, und)')
    .option('--config <dir>', 'classify through classifyCase with this classification.yaml (rules + model), not the model alone')
    .option('--tier <column>', 'with --config: customer tier column, given to the priority rules')
    .option('--impact <column>', 'with --config: impact column; rows whose impact is not "none" must get P1')
    .option('--rows <which>', 'rows of the fixed split to use: train, test or all (default all)')
    .option('--split-test', 'same as --rows test: evaluate on the held-out rows only')
    .option('--json', 'print { accuracy, macroF1, perClass, confusion, rows, predictor, perLanguage, p1 } as JSON')
    .action((options: EvalCliOptions) =>
      runReporting(() => {
        if ((options.tier || options.impact) && !options.config) throw new InvalidInputError('--tier and --impact need --config (priority comes from the rules)');
        const config = options.config ? loadClassificationConfig(options.config) : undefined;
        const model = options.model ? readModelFile(options.model) : config && options.config ? readConfiguredModel(options.config, config) : undefined;
        if (!model && !config) throw new InvalidInputError('give --model, or --config with model.file set');
        const cases = readLabelledCases(options.file, {
          textColumns: toColumns(options.text),
          labelColumn: options.label,
          idColumn: options.id,
          languageColumn: options.language,
          tierColumn: options.tier,
          impactColumn: options.impact,
          rows: toRowSelection(options.rows, options.splitTest, 'test'),
        });
        const signalModels = config && options.config ? readSignalModels(options.config, config) : undefined;
        const report = roundAll(evaluateCases(cases, { model, config, signalModels }));
        process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatCaseEvaluation(report)}\n`);
      }),
    );
}
