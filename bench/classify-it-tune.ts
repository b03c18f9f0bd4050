/**
 * `npm run bench -- classify-it-tune [--data DIR] [--folds 0,1,2,3] [--settings 'A;B']`: chooses the
 * public IT helpdesk experiment's settings (bench/classify.ts) on its training rows only. The fixed
 * split's test rows (data row i with i % 5 == 4) are never read: for validation fold v, a model is
 * trained on the rows with i % 5 not in {4, v} and measured on the rows with i % 5 == v. Prints
 * validation macro-F1 per setting (mean over the folds) and training CPU time, in the order given.
 *
 * A setting is a feature spec (cli-format.ts parseFeatureSpec) followed by optional `key=value`
 * words: `minDf=2`, `C=1`, `tf=sublinear|raw`, `nb=0.5` (the naive Bayes blend, nb-blend.ts). The default list is the sweep behind the README
 * figure: the previous setting, then one axis changed at a time.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readLabelledCsv } from '../src/classification-io/files.js';
import { parseFeatureSpec } from '../src/domain/classification/cli-format.js';
import { evaluatePredictions } from '../src/domain/classification/metrics.js';
import { predictLabel, prepareModel } from '../src/domain/classification/model.js';
import type { TrainOptions } from '../src/domain/classification/train.js';
import { trainTextModel } from '../src/domain/classification/train.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const round = (x: number): number => Math.round(x * 1e4) / 1e4;

const BASE = 'word:1-2,char:3-5 minDf=2 C=1';
const ROUND_ONE = [
  BASE,
  'word:1-2,char:3-5,stem minDf=2 C=1',
  'word:1-2 minDf=2 C=1',
  'word:1-2,char:2-5 minDf=2 C=1',
  'word:1-2,char:3-6 minDf=2 C=1',
  'word:1-3,char:3-5 minDf=2 C=1',
  'word:1-2,char:3-5 minDf=1 C=1',
  'word:1-2,char:3-5 minDf=3 C=1',
  'word:1-2,char:3-5 minDf=2 C=1 tf=raw',
  'word:1-2,char:3-5 minDf=2 C=0.5',
  'word:1-2,char:3-5 minDf=2 C=0.75',
  'word:1-2,char:3-5 minDf=2 C=1.5',
];
const SETTINGS = [...ROUND_ONE];

/** Parses one setting (see the file comment) into training options. */
function parseSetting(setting: string): Partial<TrainOptions> {
  const [spec, ...words] = setting.trim().split(/\s+/);
  const options: Partial<TrainOptions> = { features: parseFeatureSpec(spec ?? '') };
  for (const word of words) {
    const [key, value] = word.split('=');
    if (key === 'minDf') options.minDf = Number(value);
    else if (key === 'C') options.C = Number(value);
    else if (key === 'nb') options.nbBlend = Number(value);
    else if (key === 'tf' && (value === 'raw' || value === 'sublinear')) options.features = { ...options.features!, sublinearTf: value === 'sublinear' };
    else throw new Error(`setting "${setting}": "${word}" is not minDf=N, C=X, nb=B or tf=raw|sublinear`);
  }
  return options;
}

interface Rows {
  texts: string[];
  labels: string[];
  rowIndexes: number[];
}

/** Trains on the training rows outside `fold` and returns macro-F1 on the fold and the training CPU time. */
function validate(rows: Rows, fold: number, options: Partial<TrainOptions>): { macroF1: number; trainCpuMs: number } {
  const inFold = rows.rowIndexes.map((i) => i % 5 === fold);
  const pick = <T>(values: readonly T[], wanted: boolean): T[] => values.filter((_, k) => inFold[k] === wanted);
  const cpuStart = process.cpuUsage();
  // The confidence scale does not change which label wins, so the sweep skips fitting it.
  const model = trainTextModel(pick(rows.texts, false), pick(rows.labels, false), { ...options, calibrate: false });
  const used = process.cpuUsage(cpuStart);
  const prepared = prepareModel(model);
  const predicted = pick(rows.texts, true).map((text) => predictLabel(prepared, text));
  const report = evaluatePredictions(pick(rows.labels, true), predicted);
  return { macroF1: report.macroF1, trainCpuMs: Math.round((used.user + used.system) / 1000) };
}

export async function run(args: string[]): Promise<void> {
  const option = (name: string): string | undefined => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const dataDir = path.resolve(option('--data') ?? path.join(repoRoot, '..', 'shared', 'datasets'));
  const folds = (option('--folds') ?? '0,1,2,3').split(',').map(Number);
  if (folds.some((f) => !Number.isInteger(f) || f < 0 || f > 3)) throw new Error('--folds: give residues 0-3 (4 is the test part)');
  const settings = option('--settings')?.split(';') ?? SETTINGS;
  // rows: 'train' leaves the test part unread from here on.
  const rows = readLabelledCsv(path.join(dataDir, 'it_service_tickets.csv'), { textColumns: ['Document'], labelColumn: 'Topic_group', rows: 'train' });
  const results: Array<{ setting: string; macroF1: number; perFold: number[]; trainCpuMs: number }> = [];
  for (const setting of settings) {
    const options = parseSetting(setting);
    const measured = folds.map((fold) => validate(rows, fold, options));
    const macroF1 = measured.reduce((sum, m) => sum + m.macroF1, 0) / measured.length;
    const result = { setting, macroF1: round(macroF1), perFold: measured.map((m) => round(m.macroF1)), trainCpuMs: Math.max(...measured.map((m) => m.trainCpuMs)) };
    process.stderr.write(`${JSON.stringify(result)}\n`);
    results.push(result);
  }
  const split = `train on data rows with i % 5 not in {4, v}, validate on i % 5 == v, for v in {${folds.join(', ')}}`;
  process.stdout.write(`${JSON.stringify({ benchmark: 'classify-it-tune', split, trainRows: rows.texts.length, results }, null, 2)}\n`);
}
