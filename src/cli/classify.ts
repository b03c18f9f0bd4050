/**
 * `casebridge classify`: classify one case from the command line, and train / evaluate the text
 * model on a labelled CSV file.
 *
 *   casebridge classify [case] --subject S --description D [--field Origin=Web ...] [--config DIR] [--model M]
 *   casebridge classify train --file F.csv --text COL[,COL] --label COL --out model.json [--rows train|test|all | --split-test]
 *   casebridge classify eval --model model.json --file F.csv --text COL[,COL] --label COL [--rows ... | --split-test] [--json]
 *
 * `--rows` picks rows of the fixed split (data row i is a test row iff i % 5 == 4); `--split-test`
 * means "train rows" for train and "test rows" for eval.
 */
import type { Command } from 'commander';
import { InvalidInputError } from '../errors.js';
import { classifyCase } from '../domain/classification/classify-case.js';
import { parseFeatureSpec } from '../domain/classification/cli-format.js';
import { findPriorityOrigin } from '../domain/classification/priority-origin.js';
import type { LinearTextModel } from '../domain/classification/model.js';
import { trainTextModel } from '../domain/classification/train.js';
import { readConfiguredModel, readLabelledCsv, readModelFile, writeModelFile } from '../classification-io/files.js';
import { registerClassifyEval } from './classify-eval.js';
import { loadClassificationConfig, runReporting, toColumns, toRowSelection } from './classify-shared.js';

function parseFields(pairs: string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new InvalidInputError(`--field "${pair}" is not NAME=VALUE (e.g. Origin=Web)`);
    fields[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return fields;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

interface CaseOptions {
  subject?: string;
  description?: string;
  field: string[];
  language?: string;
  config: string;
  model?: string;
}
interface TrainCliOptions {
  file: string;
  text: string;
  label: string;
  out: string;
  rows?: string;
  splitTest?: boolean;
  features: string;
  c: string;
  minDf: string;
  calibrate: boolean;
}
export function registerClassifyCommand(program: Command): void {
  const classify = program.command('classify').description('classify a case (topic, priority, reasons); train and evaluate the text model');

  // The case classifier is the default sub-command (so `classify --subject ...` works) rather than
  // options on `classify` itself: commander would otherwise give eval's --model to the parent.
  classify
    .command('case', { isDefault: true })
    .description('classify one case and print { topic, priority, confidence, source, reasons, ... } (default)')
    .option('--subject <text>', 'case subject', '')
    .option('--description <text>', 'case description', '')
    .option('--field <NAME=VALUE>', 'a case field, e.g. Origin=Web or Customer_Tier__c=VIP (repeatable)', collect, [])
    .option('--language <code>', 'language hint (default: detected from the script)')
    .option('--config <dir>', 'config directory holding classification.yaml', './config')
    .option('--model <file>', 'model file (default: model.file in classification.yaml, if any)')
    .action((options: CaseOptions) =>
      runReporting(() => {
        if (!options.subject && !options.description) throw new InvalidInputError('give --subject and/or --description');
        const config = loadClassificationConfig(options.config);
        const model: LinearTextModel | undefined = options.model ? readModelFile(options.model) : readConfiguredModel(options.config, config);
        const fields = parseFields(options.field);
        // The case as a person just created it: a --field Priority other than the org's default is theirs.
        const priorityOrigin = findPriorityOrigin({
          current: fields.Priority,
          sourceField: fields.Priority_Source__c,
          orgDefault: config.priority.orgDefault,
          lastSetByCasebridge: undefined,
          createdById: undefined,
          lastModifiedById: undefined,
          integrationUserId: undefined,
        });
        const input = { subject: options.subject ?? '', description: options.description ?? '', fields, languageHint: options.language, priorityOrigin };
        process.stdout.write(`${JSON.stringify(classifyCase(input, config, model), null, 2)}\n`);
      }),
    );

  classify
    .command('train')
    .description('train a text model on a labelled CSV file and write it as JSON')
    .requiredOption('--file <csv>', 'labelled CSV file (RFC 4180, header line first)')
    .requiredOption('--text <columns>', 'text column(s), comma-separated; joined with a line break')
    .requiredOption('--label <column>', 'label column')
    .requiredOption('--out <file>', 'model file to write')
    .option('--rows <which>', 'rows of the fixed split to use: train, test or all (default all)')
    .option('--split-test', 'same as --rows train: leave the test rows (i % 5 == 4) out')
    .option('--features <spec>', 'n-grams: word:N-M and/or char:N-M; add stem for word n-grams of stems', 'word:1-2,char:3-5')
    .option('--c <number>', 'SVM regularisation C (larger fits harder)', '1')
    .option('--min-df <count>', 'keep terms found in at least this many rows', '2')
    .option('--no-calibrate', 'skip fitting the confidence scale (halves training time)')
    .action((options: TrainCliOptions) =>
      runReporting(() => {
        const columns = { textColumns: toColumns(options.text), labelColumn: options.label, rows: toRowSelection(options.rows, options.splitTest, 'train') };
        const C = Number(options.c);
        const minDf = Number(options.minDf);
        if (!(C > 0)) throw new InvalidInputError(`--c must be a positive number, not "${options.c}"`);
        if (!Number.isInteger(minDf) || minDf < 1) throw new InvalidInputError(`--min-df must be a positive integer, not "${options.minDf}"`);
        const data = readLabelledCsv(options.file, columns);
        const startedMs = performance.now();
        const model = trainTextModel(data.texts, data.labels, {
          features: parseFeatureSpec(options.features),
          C,
          minDf,
          calibrate: options.calibrate,
          textColumns: columns.textColumns,
          labelColumn: columns.labelColumn,
        });
        const trainMs = Math.round(performance.now() - startedMs);
        const modelBytes = writeModelFile(options.out, model);
        const summary = {
          out: options.out,
          rows: data.texts.length,
          rowSelection: columns.rows,
          labels: model.labels,
          features: model.buckets.length,
          confidenceScale: model.confidenceScale,
          trainMs,
          modelBytes,
        };
        process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      }),
    );

  registerClassifyEval(classify);
}
