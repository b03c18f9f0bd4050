/**
 * `npm run bench -- classify-dev [--shipped] [--specs 'A;B'] [--cs 1,2] [--nb-blends none,0.5] [--misses]`: figures on
 * corpus/ride-hailing/dev.csv, the set written for tuning (issue 14), never heldout.csv. By default
 * trains on train.csv with the shipped model's features and C (so lexicon and config edits count
 * without rewriting config/models/topics.json); `--shipped` measures the shipped file itself. Prints,
 * per setting: macro-F1 through classifyCase with config/classification.yaml (overall and per
 * language) and of the model alone, P1 recall on dev rows with an impact, and false P1: rows without
 * an impact that are not safety cases (safety is P1 by topic) but were given P1.
 */
import { loadShippedClassification, shippedConfigDir } from './classification/shipped-config.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readModelFile } from '../src/classification-io/files.js';
import { readLabelledCases } from '../src/classification-io/labelled-cases.js';
import { readSignalModels } from '../src/classification-io/signal-models.js';
import { CORPUS_COLUMNS } from '../src/classification-io/retrain.js';
import type { ClassificationConfig } from '../src/config/schemas/classification.js';
import { classifyCase } from '../src/domain/classification/classify-case.js';
import { parseFeatureSpec } from '../src/domain/classification/cli-format.js';
import { evaluateCases } from '../src/domain/classification/evaluate-cases.js';
import type { LabelledCase } from '../src/domain/classification/evaluate-cases.js';
import type { LinearTextModel } from '../src/domain/classification/model.js';
import type { SignalModels } from '../src/domain/classification/signal-models.js';
import { trainTextModel } from '../src/domain/classification/train.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const corpus = (name: string): string => path.join(repoRoot, 'corpus', 'ride-hailing', name);
const round = (x: number): number => Math.round(x * 1e4) / 1e4;

/** Non-impact, non-safety rows that classifyCase made P1: the price of eager impact signals. */
function falseP1(cases: readonly LabelledCase[], config: ClassificationConfig, model: LinearTextModel, signalModels: SignalModels): string[] {
  return cases
    .filter((c) => (c.impact ?? 'none') === 'none' && c.topic !== 'safety_incident')
    .filter((c) => classifyCase({ subject: c.text, description: '', fields: { [config.priority.tierField]: c.tier ?? 'Private' } }, config, model, signalModels).priority === 'P1')
    .map((c) => c.id);
}

function measure(dev: readonly LabelledCase[], config: ClassificationConfig, model: LinearTextModel, showMisses: boolean): Record<string, unknown> {
  // The impact signals' own models (config/models/impact.json) are the shipped ones in every setting.
  const signalModels = readSignalModels(shippedConfigDir, config);
  const through = evaluateCases(dev, { model, config, signalModels });
  const alone = evaluateCases(dev, { model });
  const perLanguage = (r: typeof alone): Record<string, number> => Object.fromEntries(Object.entries(r.perLanguage).map(([k, v]) => [k, round(v.macroF1)]));
  const wrongP1 = falseP1(dev, config, model, signalModels);
  return {
    classifyCase: { macroF1: round(through.macroF1), perLanguage: perLanguage(through) },
    modelAlone: { macroF1: round(alone.macroF1), perLanguage: perLanguage(alone) },
    p1: through.p1 ? { p1: through.p1.p1, impactRows: through.p1.impactRows, perImpact: through.p1.perImpact, ...(showMisses ? { misses: through.p1.misses.map((m) => m.id) } : {}) } : null,
    falseP1: showMisses ? wrongP1 : wrongP1.length,
  };
}

export async function run(args: string[]): Promise<void> {
  const option = (name: string): string | undefined => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const config = loadShippedClassification();
  const dev = readLabelledCases(corpus('dev.csv'), CORPUS_COLUMNS);
  const shipped = readModelFile(path.join(repoRoot, 'config', 'models', 'topics.json'));
  const showMisses = args.includes('--misses');
  const results: Record<string, unknown>[] = [];
  if (args.includes('--shipped')) {
    results.push({ model: 'config/models/topics.json', ...measure(dev, config, shipped, showMisses) });
  } else {
    const train = readLabelledCases(corpus('train.csv'), CORPUS_COLUMNS);
    const specs = option('--specs')?.split(';').map(parseFeatureSpec) ?? [shipped.features];
    const cs = option('--cs')?.split(',').map(Number) ?? [shipped.trainedOn.C];
    // `none` is the plain SVM; a number is the naive Bayes blend's beta (nb-blend.ts).
    const blends = option('--nb-blends')
      ?.split(',')
      .map((b) => (b === 'none' ? undefined : Number(b))) ?? [shipped.trainedOn.nbBlend];
    for (const features of specs) {
      for (const C of cs) {
        for (const nbBlend of blends) {
          const model = trainTextModel(
            train.map((c) => c.text),
            train.map((c) => c.topic),
            { features, C, minDf: shipped.trainedOn.minDf, nbBlend },
          );
          results.push({ features, C, nbBlend: nbBlend ?? 'none', ...measure(dev, config, model, showMisses) });
        }
      }
    }
  }
  process.stdout.write(`${JSON.stringify({ benchmark: 'classify-dev', devRows: dev.length, results }, null, 2)}\n`);
}
