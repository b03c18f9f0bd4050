/**
 * `npm run bench -- classify-curve [--fractions 0.25,0.5,0.75] [--seeds 3]`: a learning curve of the
 * topic model on corpus/ride-hailing/dev.csv (never heldout.csv). For each fraction, models with the
 * shipped features and C are trained on that share of train.csv and measured on dev (model alone);
 * then on all of train.csv. A subset keeps a scenario number's rows together (en-0005, ru-0005 and
 * he-0005 are often one scenario told in each language) and is drawn by a hash of that number and
 * the seed, so runs repeat. Prints macro-F1 per fraction (each seed and the mean) and the gain per
 * doubling of the rows between each point and the next: how much more data the goals would need.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readModelFile } from '../src/classification-io/files.js';
import { readLabelledCases } from '../src/classification-io/labelled-cases.js';
import { CORPUS_COLUMNS } from '../src/classification-io/retrain.js';
import { evaluateCases } from '../src/domain/classification/evaluate-cases.js';
import type { LabelledCase } from '../src/domain/classification/evaluate-cases.js';
import { trainTextModel } from '../src/domain/classification/train.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const corpus = (name: string): string => path.join(repoRoot, 'corpus', 'ride-hailing', name);
const round = (x: number): number => Math.round(x * 1e4) / 1e4;
const scenarioNumber = (c: LabelledCase): number => Number(c.id.replace(/\D/g, ''));

/** The rows whose scenario number falls in the share `fraction` for this seed (Knuth's multiplicative hash). */
function subset(rows: readonly LabelledCase[], fraction: number, seed: number): LabelledCase[] {
  return rows.filter((c) => ((scenarioNumber(c) * 2654435761 + seed * 97) >>> 0) % 1000 < fraction * 1000);
}

export async function run(args: string[]): Promise<void> {
  const option = (name: string): string | undefined => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const fractions = (option('--fractions') ?? '0.25,0.5,0.75').split(',').map(Number);
  const seeds = Number(option('--seeds') ?? 3);
  const shipped = readModelFile(path.join(repoRoot, 'config', 'models', 'topics.json'));
  const train = readLabelledCases(corpus('train.csv'), { ...CORPUS_COLUMNS });
  const dev = readLabelledCases(corpus('dev.csv'), CORPUS_COLUMNS);
  const measure = (rows: readonly LabelledCase[]): number => {
    const model = trainTextModel(
      rows.map((c) => c.text),
      rows.map((c) => c.topic),
      { features: shipped.features, C: shipped.trainedOn.C, minDf: shipped.trainedOn.minDf, nbBlend: shipped.trainedOn.nbBlend, calibrate: false },
    );
    return evaluateCases(dev, { model }).macroF1;
  };
  const points: Array<{ fraction: number; rows: number; devMacroF1: number[]; mean: number }> = [];
  for (const fraction of fractions) {
    const runs = Array.from({ length: seeds }, (_, seed) => subset(train, fraction, seed));
    const scores = runs.map(measure);
    points.push({ fraction, rows: Math.round(runs.reduce((n, r) => n + r.length, 0) / seeds), devMacroF1: scores.map(round), mean: round(scores.reduce((a, b) => a + b, 0) / seeds) });
  }
  const all = measure(train);
  points.push({ fraction: 1, rows: train.length, devMacroF1: [round(all)], mean: round(all) });
  // The gain in dev macro-F1 per doubling of the rows, between each point and the next.
  const gains = points.slice(1).map((point, k) => {
    const previous = points[k] as (typeof points)[number];
    return { fromRows: previous.rows, toRows: point.rows, perDoubling: round((point.mean - previous.mean) / Math.log2(point.rows / previous.rows)) };
  });
  process.stdout.write(`${JSON.stringify({ benchmark: 'classify-curve', devRows: dev.length, points, gains }, null, 2)}\n`);
}
