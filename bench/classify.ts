/**
 * `npm run bench -- classify [--data DIR]`: trains and evaluates the text classifier on the two
 * public datasets with the fixed split (data row i is a test row iff i % 5 == 4), and measures
 * training time, model size and single-core throughput. Prints one JSON object; the scikit-learn
 * baselines from issue 5 are printed next to our figures.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { fromModelFileText, readLabelledCsv, toModelFileText } from '../src/classification-io/files.js';
import { checkClassification, classificationFileSchema } from '../src/config/schemas/classification.js';
import { classifyCase } from '../src/domain/classification/classify-case.js';
import { DEFAULT_FEATURES } from '../src/domain/classification/features.js';
import type { FeatureOptions } from '../src/domain/classification/features.js';
import { evaluatePredictions } from '../src/domain/classification/metrics.js';
import { predictLabel, prepareModel } from '../src/domain/classification/model.js';
import type { LinearTextModel } from '../src/domain/classification/model.js';
import { trainTextModel } from '../src/domain/classification/train.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const round = (x: number, digits = 4): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** CPU milliseconds (user + system) used by this process since `start`. */
function measureCpuMs(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return Math.round((used.user + used.system) / 1000);
}

/**
 * Calls `fn` over `items` repeatedly for at least `minMs`. Returns items per wall-clock second and
 * per CPU second: on a shared machine the second is the fairer single-core figure.
 */
function measureThroughput<T>(items: readonly T[], fn: (item: T) => unknown, minMs = 2000): { perSecond: number; perCpuSecond: number } {
  let count = 0;
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  while (performance.now() - started < minMs) {
    for (const item of items) fn(item);
    count += items.length;
  }
  const wallMs = performance.now() - started;
  return { perSecond: Math.round(count / (wallMs / 1000)), perCpuSecond: Math.round(count / (Math.max(measureCpuMs(cpuStart), 1) / 1000)) };
}

interface Experiment {
  name: string;
  file: string;
  textColumns: string[];
  labelColumn: string;
  features: FeatureOptions;
  baseline: Record<string, number>;
}

function runExperiment(dataDir: string, experiment: Experiment): { model: LinearTextModel; testTexts: string[]; figures: Record<string, unknown> } {
  const file = path.join(dataDir, experiment.file);
  const columns = { textColumns: experiment.textColumns, labelColumn: experiment.labelColumn };
  const train = readLabelledCsv(file, { ...columns, rows: 'train' });
  const test = readLabelledCsv(file, { ...columns, rows: 'test' });
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const trained = trainTextModel(train.texts, train.labels, { features: experiment.features, ...columns });
  const trainMs = Math.round(performance.now() - started);
  const trainCpuMs = measureCpuMs(cpuStart);
  // Evaluate what a user gets: the model as read back from its file (int16 weights).
  const fileText = toModelFileText(trained);
  const model = fromModelFileText(fileText, experiment.name);
  const prepared = prepareModel(model);
  const report = evaluatePredictions(
    test.labels,
    test.texts.map((t) => predictLabel(prepared, t)),
  );
  const figures = {
    trainRows: train.texts.length,
    testRows: test.texts.length,
    features: { word: experiment.features.wordNgrams, char: experiment.features.charNgrams },
    featureCount: model.buckets.length,
    trainMs,
    trainCpuMs,
    modelBytes: Buffer.byteLength(fileText),
    accuracy: round(report.accuracy),
    macroF1: round(report.macroF1),
    predictThroughput: measureThroughput(test.texts, (t) => predictLabel(prepared, t), 1000),
    baseline: experiment.baseline,
  };
  return { model, testTexts: test.texts, figures };
}

export async function run(args: string[]): Promise<void> {
  const dataIndex = args.indexOf('--data');
  const dataDir = dataIndex >= 0 && args[dataIndex + 1] ? path.resolve(args[dataIndex + 1] as string) : path.resolve(repoRoot, '..', 'shared', 'datasets');
  const wordAndChar: FeatureOptions = { ...DEFAULT_FEATURES, charNgrams: [2, 5] };
  const linearSvc = 'scikit-learn TF-IDF word 1-2 + LinearSVC';
  const experiments: Experiment[] = [
    {
      name: 'it_service_tickets→Topic_group',
      file: 'it_service_tickets.csv',
      textColumns: ['Document'],
      labelColumn: 'Topic_group',
      features: DEFAULT_FEATURES,
      baseline: { [`${linearSvc} accuracy`]: 0.864, [`${linearSvc} macroF1`]: 0.863, 'multinomial NB macroF1': 0.769 },
    },
    {
      name: 'support_tickets_de→queue',
      file: 'support_tickets_de.csv',
      textColumns: ['subject', 'body'],
      labelColumn: 'queue',
      features: DEFAULT_FEATURES,
      baseline: { [`${linearSvc} macroF1`]: 0.978, 'char 2-5 + LogReg macroF1': 0.988, 'multinomial NB macroF1': 0.965 },
    },
    {
      name: 'support_tickets_de→queue (word 1-2 + char 2-5)',
      file: 'support_tickets_de.csv',
      textColumns: ['subject', 'body'],
      labelColumn: 'queue',
      features: wordAndChar,
      baseline: { 'char 2-5 + LogReg macroF1': 0.988 },
    },
    {
      name: 'support_tickets_de→priority',
      file: 'support_tickets_de.csv',
      textColumns: ['subject', 'body'],
      labelColumn: 'priority',
      features: DEFAULT_FEATURES,
      baseline: { [`${linearSvc} macroF1`]: 0.993, 'multinomial NB macroF1': 0.984 },
    },
    {
      name: 'support_tickets_de→priority (word 1-2 + char 2-5)',
      file: 'support_tickets_de.csv',
      textColumns: ['subject', 'body'],
      labelColumn: 'priority',
      features: wordAndChar,
      baseline: { [`${linearSvc} macroF1`]: 0.993 },
    },
  ];
  const results: Record<string, unknown> = {};
  let itRun: ReturnType<typeof runExperiment> | undefined;
  for (const experiment of experiments) {
    const outcome = runExperiment(dataDir, experiment);
    results[experiment.name] = outcome.figures;
    if (!itRun) itRun = outcome;
  }

  // The whole classifyCase path (example rules + signals + priority + the IT model with its
  // explanation), as the sync engine will call it, on the IT test texts.
  const config = classificationFileSchema.parse(parse(readFileSync(path.join(repoRoot, 'config', 'classification.yaml'), 'utf8')));
  if (checkClassification(config).length > 0) throw new Error('config/classification.yaml has problems; run config check');
  const cases = (itRun?.testTexts ?? []).map((text) => ({ subject: '', description: text, fields: { Customer_Tier__c: 'Corporate', Origin: 'Web' } }));
  const classifyThroughput = measureThroughput(cases, (c) => classifyCase(c, config, itRun?.model));

  process.stdout.write(
    `${JSON.stringify({ benchmark: 'classify', node: process.version, singleCore: true, split: 'data row i is test iff i % 5 == 4', results, classifyCaseWithRulesAndModel: { ...classifyThroughput, goalPerSecond: 10000 } }, null, 2)}\n`,
  );
}
