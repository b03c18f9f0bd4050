/**
 * `npm run bench -- classify-writers [--writers mail,chat]`: does the corpus's third round (19 writers,
 * corpus README) help on a writer the model has not seen? Splits corpus/ride-hailing/train.csv by id
 * into the first rounds' rows (numbers below 1201) and each third-round writer's rows (a block of 200
 * numbers per writer), then measures each writer's rows through classifyCase with models trained
 * (a) on the first rounds alone and (b) on the first rounds plus the other 18 writers (leave one
 * writer out), and dev.csv with models trained on all of train.csv. Both models are trained with
 * the shipped files' own features and C (config/models/topics.json and the impact signal's model),
 * so the impact signal sees the same rows as the topic model. Never reads heldout.csv.
 */
import { loadShippedClassification, shippedConfigDir } from './classification/shipped-config.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readModelFile } from '../src/classification-io/files.js';
import { readLabelledCases } from '../src/classification-io/labelled-cases.js';
import { CORPUS_COLUMNS } from '../src/classification-io/retrain.js';
import { readSignalModels } from '../src/classification-io/signal-models.js';
import { evaluateCases } from '../src/domain/classification/evaluate-cases.js';
import type { LabelledCase } from '../src/domain/classification/evaluate-cases.js';
import type { LinearTextModel } from '../src/domain/classification/model.js';
import { trainTextModel } from '../src/domain/classification/train.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const corpus = (name: string): string => path.join(repoRoot, 'corpus', 'ride-hailing', name);
const round = (x: number): number => Math.round(x * 1000) / 1000;

/** First id number of each third-round writer's block (corpus README, "The third round"). */
const WRITER_BLOCKS: Record<string, number> = {
  terse: 1201,
  story: 1401,
  nonnative: 1601,
  indirect: 1801,
  mail: 2001,
  drivers: 2201,
  corporate: 2401,
  'terse-b': 2601,
  chat: 3001,
  agent: 4001,
  plain: 5001,
  voice: 6001,
  social: 7001,
  staff: 8001,
  elderly: 9001,
  codeswitch: 9201,
  'indirect-b': 9401,
  'agent-b': 9601,
  'indirect-c': 9801,
};
const FIRST_ROUNDS = 'first rounds';

function writerOf(id: string): string {
  const n = Number(id.split('-').pop());
  const block = Object.entries(WRITER_BLOCKS).find(([, start]) => n >= start && n < start + 200);
  return block ? block[0] : FIRST_ROUNDS;
}

const config = loadShippedClassification();
const shippedTopics = readModelFile(path.join(repoRoot, 'config', 'models', 'topics.json'));
const shippedSignalModels = readSignalModels(shippedConfigDir, config);

/** A model like `recipe` (its features, C and minDf) trained on `labels` of `rows`. */
function trainLike(recipe: LinearTextModel, rows: readonly LabelledCase[], labels: readonly string[]): LinearTextModel {
  return trainTextModel(
    rows.map((c) => c.text),
    labels,
    { features: recipe.features, C: recipe.trainedOn.C, minDf: recipe.trainedOn.minDf },
  );
}

function train(rows: readonly LabelledCase[]) {
  const model = trainLike(
    shippedTopics,
    rows,
    rows.map((c) => c.topic),
  );
  const impactLabels = rows.map((c) => c.impact ?? 'none');
  const signalModels = new Map([...shippedSignalModels].map(([file, recipe]) => [file, trainLike(recipe, rows, impactLabels)]));
  return { model, signalModels };
}

function measure(models: ReturnType<typeof train>, rows: readonly LabelledCase[]): Record<string, unknown> {
  const e = evaluateCases(rows, { model: models.model, config, signalModels: models.signalModels });
  const perLanguage = Object.fromEntries(Object.entries(e.perLanguage).map(([k, v]) => [k, round(v.macroF1)]));
  return { rows: rows.length, macroF1: round(e.macroF1), perLanguage, p1: e.p1 ? `${e.p1.p1}/${e.p1.impactRows}` : null };
}

export async function run(args: string[]): Promise<void> {
  const at = args.indexOf('--writers');
  const all = readLabelledCases(corpus('train.csv'), CORPUS_COLUMNS);
  const byWriter = new Map<string, LabelledCase[]>();
  for (const c of all) {
    const group = byWriter.get(writerOf(c.id)) ?? [];
    group.push(c);
    byWriter.set(writerOf(c.id), group);
  }
  const base = byWriter.get(FIRST_ROUNDS) ?? [];
  const writers = at >= 0 ? (args[at + 1] ?? '').split(',') : Object.keys(WRITER_BLOCKS).filter((w) => byWriter.has(w));
  const unknown = writers.filter((w) => !byWriter.has(w));
  if (unknown.length > 0) throw new Error(`--writers: no rows for ${unknown.join(', ')} (writers: ${Object.keys(WRITER_BLOCKS).join(', ')})`);
  const baseModels = train(base);
  const perWriter = writers.map((writer) => {
    const own = byWriter.get(writer) ?? [];
    const others = all.filter((c) => writerOf(c.id) !== writer);
    return { writer, firstRoundsOnly: measure(baseModels, own), leaveWriterOut: measure(train(others), own) };
  });
  const dev = readLabelledCases(corpus('dev.csv'), CORPUS_COLUMNS);
  const result = { benchmark: 'classify-writers', firstRoundRows: base.length, dev: { firstRoundsOnly: measure(baseModels, dev), allTrain: measure(train(all), dev) }, perWriter };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
