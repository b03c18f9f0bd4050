/**
 * `npm run bench -- classify [--data DIR] [--all | --no-public]`: the shipped model on the corpus
 * (held-out macro-F1 overall and per language, through classifyCase and alone; P1 recall on impact
 * rows; training time on train.csv; model size), classifyCase throughput on one core, and the
 * public IT helpdesk figure with the fixed split (data row i is a test row iff i % 5 == 4) next to
 * scikit-learn's baseline (--all adds the German support-ticket experiments). Prints one JSON object.
 */
import { loadShippedClassification, shippedConfigDir } from './classification/shipped-config.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { statSync } from 'node:fs';
import { fromModelFileText, readLabelledCsv, readModelFile, toModelFileText } from '../src/classification-io/files.js';
import { readLabelledCases } from '../src/classification-io/labelled-cases.js';
import { CORPUS_COLUMNS } from '../src/classification-io/retrain.js';
import { readSignalModels } from '../src/classification-io/signal-models.js';
import { evaluateCases } from '../src/domain/classification/evaluate-cases.js';
import { classifyCase } from '../src/domain/classification/classify-case.js';
import { DEFAULT_FEATURES } from '../src/domain/classification/features.js';
import type { FeatureOptions } from '../src/domain/classification/features.js';
import { evaluatePredictions } from '../src/domain/classification/metrics.js';
import { predictLabel, prepareModel } from '../src/domain/classification/model.js';
import type { LinearTextModel } from '../src/domain/classification/model.js';
import type { SignalModels } from '../src/domain/classification/signal-models.js';
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

/** The shipped model on the corpus: trained again from train.csv as the README's command does, measured on heldout.csv. */
function runCorpus(): { figures: Record<string, unknown>; model: LinearTextModel; signalModels: SignalModels; cases: ReturnType<typeof readLabelledCases> } {
  const corpusDir = path.join(repoRoot, 'corpus', 'ride-hailing');
  const train = readLabelledCases(path.join(corpusDir, 'train.csv'), CORPUS_COLUMNS);
  const heldOut = readLabelledCases(path.join(corpusDir, 'heldout.csv'), CORPUS_COLUMNS);
  const shipped = readModelFile(path.join(repoRoot, 'config', 'models', 'topics.json'));
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  trainTextModel(
    train.map((c) => c.text),
    train.map((c) => c.topic),
    { features: shipped.features, C: shipped.trainedOn.C, minDf: shipped.trainedOn.minDf, nbBlend: shipped.trainedOn.nbBlend },
  );
  const trainMs = Math.round(performance.now() - started);
  const trainCpuMs = measureCpuMs(cpuStart);
  const config = loadShippedClassification();
  const signalModels = readSignalModels(shippedConfigDir, config);
  const throughCase = evaluateCases(heldOut, { model: shipped, config, signalModels });
  const modelAlone = evaluateCases(heldOut, { model: shipped });
  const perLanguage = (report: typeof modelAlone): Record<string, number> => Object.fromEntries(Object.entries(report.perLanguage).map(([k, v]) => [k, round(v.macroF1)]));
  const figures = {
    trainRows: train.length,
    heldOutRows: heldOut.length,
    features: shipped.features,
    C: shipped.trainedOn.C,
    nbBlend: shipped.trainedOn.nbBlend ?? 'none',
    featureCount: shipped.buckets.length,
    modelBytes: statSync(path.join(repoRoot, 'config', 'models', 'topics.json')).size,
    impactModelBytes: statSync(path.join(repoRoot, 'config', 'models', 'impact.json')).size,
    trainMs,
    trainCpuMs,
    heldOut: {
      classifyCase: { macroF1: round(throughCase.macroF1), perLanguage: perLanguage(throughCase), policy: config.policy },
      modelAlone: { macroF1: round(modelAlone.macroF1), perLanguage: perLanguage(modelAlone) },
      p1RecallOnImpactRows: throughCase.p1 ? { p1: throughCase.p1.p1, impactRows: throughCase.p1.impactRows, recall: round(throughCase.p1.recall), perImpact: throughCase.p1.perImpact } : null,
    },
    goals: { macroF1: 0.9, perLanguageMacroF1: 0.85, p1Recall: 1 },
  };
  return { figures, model: shipped, signalModels, cases: heldOut };
}

export async function run(args: string[]): Promise<void> {
  const dataIndex = args.indexOf('--data');
  const dataDir = dataIndex >= 0 && args[dataIndex + 1] ? path.resolve(args[dataIndex + 1] as string) : path.resolve(repoRoot, '..', 'shared', 'datasets');
  const corpus = runCorpus();
  // classifyCase as the sync engine calls it (example rules + signals + priority + the shipped model
  // with its explanation), on the held-out cases with their tiers. Best of five CPU-time rounds: the
  // machine is shared, and the best round is the closest to one quiet core.
  const config = loadShippedClassification();
  const cases = corpus.cases.map((c) => ({ subject: c.text, description: '', fields: { [config.priority.tierField]: c.tier ?? 'Private' } }));
  let best = { perSecond: 0, perCpuSecond: 0 };
  for (let round = 0; round < 5; round++) {
    const measured = measureThroughput(cases, (c) => classifyCase(c, config, corpus.model, corpus.signalModels), 1000);
    if (measured.perCpuSecond > best.perCpuSecond) best = measured;
  }
  const results: Record<string, unknown> = {};
  if (!args.includes('--no-public')) {
    for (const experiment of publicExperiments(args.includes('--all'))) results[experiment.name] = runExperiment(dataDir, experiment).figures;
  }
  process.stdout.write(
    `${JSON.stringify({ benchmark: 'classify', node: process.version, singleCore: true, corpus: corpus.figures, classifyCaseWithRulesAndModel: { ...best, goalPerSecond: 10000 }, publicDatasets: { split: 'data row i is test iff i % 5 == 4', results } }, null, 2)}\n`,
  );
}

/** The IT helpdesk figure (always) and, with --all, the German support-ticket experiments. */
function publicExperiments(all: boolean): Experiment[] {
  const wordAndChar: FeatureOptions = { ...DEFAULT_FEATURES, charNgrams: [2, 5] };
  const linearSvc = 'scikit-learn TF-IDF word 1-2 + LinearSVC';
  const it: Experiment = {
    name: 'it_service_tickets→Topic_group',
    file: 'it_service_tickets.csv',
    textColumns: ['Document'],
    labelColumn: 'Topic_group',
    features: DEFAULT_FEATURES,
    baseline: { [`${linearSvc} accuracy`]: 0.864, [`${linearSvc} macroF1`]: 0.8625, 'multinomial NB macroF1': 0.769 },
  };
  if (!all) return [it];
  return [
    it,
    {
      name: 'support_tickets_de→queue',
      file: 'support_tickets_de.csv',
      textColumns: ['subject', 'body'],
      labelColumn: 'queue',
      features: DEFAULT_FEATURES,
      baseline: { [`${linearSvc} macroF1`]: 0.978 },
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
      baseline: { [`${linearSvc} macroF1`]: 0.993 },
    },
  ];
}
