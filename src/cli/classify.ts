/**
 * `casebridge classify`: classify one case from the command line, and train / evaluate the text
 * model on a labelled CSV file.
 *
 *   casebridge classify [case] --subject S --description D [--field Origin=Web ...] [--config DIR] [--model M]
 *   casebridge classify train --file F.csv --text COL[,COL] --label COL --out model.json [--rows train|test|all | --split-test]
 *   casebridge classify train --from-salesforce --since ISO [--label Topic__c] [--out FILE] [--corpus DIR]
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
import { readSignalModels } from '../classification-io/signal-models.js';
import { registerClassifyEval } from './classify-eval.js';
import { loadClassificationConfig, runReporting, toColumns, toRowSelection } from './classify-shared.js';
import { toTrainingOptions, trainFromSalesforce } from './classify-train-org.js';
import type { TrainCliOptions } from './classify-train-org.js';

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
  config?: string;
  model?: string;
}
function trainFromFile(options: TrainCliOptions): void {
  if (!options.file || !options.text || !options.label || !options.out) {
    const missing = (['file', 'text', 'label', 'out'] as const).filter((name) => !options[name]).map((name) => `--${name}`);
    throw new InvalidInputError(`missing ${missing.join(', ')}: training from a file takes --file, --text, --label and --out (or --from-salesforce --since DATE)`);
  }
  const columns = { textColumns: toColumns(options.text), labelColumn: options.label, rows: toRowSelection(options.rows, options.splitTest, 'train') };
  const training = toTrainingOptions(options);
  const data = readLabelledCsv(options.file, columns);
  const startedMs = performance.now();
  const model = trainTextModel(data.texts, data.labels, {
    features: training.features ?? parseFeatureSpec('word:1-2,char:3-5'),
    C: training.C ?? 1,
    minDf: training.minDf ?? 2,
    nbBlend: training.nbBlend ?? undefined,
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
    .option('--config <dir>', 'config directory holding classification.yaml (default: CASEBRIDGE_CONFIG_DIR or ./config)')
    .option('--model <file>', 'model file (default: model.file in classification.yaml, if any)')
    .action((options: CaseOptions) =>
      runReporting(() => {
        if (!options.subject && !options.description) throw new InvalidInputError('give --subject and/or --description');
        const configDir = options.config ?? process.env.CASEBRIDGE_CONFIG_DIR ?? './config';
        const config = loadClassificationConfig(configDir);
        const model: LinearTextModel | undefined = options.model ? readModelFile(options.model) : readConfiguredModel(configDir, config);
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
        process.stdout.write(`${JSON.stringify(classifyCase(input, config, model, readSignalModels(configDir, config)), null, 2)}\n`);
      }),
    );

  classify
    .command('train')
    .description('train a text model on a labelled CSV file, or retrain it from the org (--from-salesforce) behind the quality gate')
    .option('--file <csv>', 'labelled CSV file (RFC 4180, header line first)')
    .option('--text <columns>', 'text column(s), comma-separated; joined with a line break')
    .option('--label <column>', 'label column; with --from-salesforce the case field holding the topic (default Topic__c)')
    .option('--out <file>', 'model file to write (with --from-salesforce default: model.file in classification.yaml)')
    .option('--rows <which>', 'rows of the fixed split to use: train, test or all (default all)')
    .option('--split-test', 'same as --rows train: leave the test rows (i % 5 == 4) out')
    .option('--features <spec>', "n-grams: word:N-M and/or char:N-M; add stem for word n-grams of stems (default word:1-2,char:3-5; with --from-salesforce: the current model's)")
    .option('--c <number>', "SVM regularisation C, larger fits harder (default 1; with --from-salesforce: the current model's)")
    .option('--min-df <count>', 'keep terms found in at least this many rows (default 2)')
    .option(
      '--nb-blend <beta>',
      "blend each label's SVM with naive Bayes, keeping this share (0 to 1) of the SVM's own weights; off: the plain SVM (default: off; with --from-salesforce: the current model's)",
    )
    .option('--no-calibrate', 'skip fitting the confidence scale')
    .option('--from-salesforce', "train on the shipped corpus plus the org's cases whose topic a person set or corrected; replace the model only if the gate passes")
    .option('--since <iso>', 'with --from-salesforce: cases changed since this ISO-8601 date')
    .option('--corpus <dir>', 'with --from-salesforce: the corpus directory (train.csv, heldout.csv; default retrain.corpusDir in classification.yaml)')
    .action((options: TrainCliOptions) => runReporting(() => (options.fromSalesforce ? trainFromSalesforce(options) : trainFromFile(options))));

  registerClassifyEval(classify);
}
