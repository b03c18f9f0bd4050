/**
 * `npm run bench -- classify-impact [--specs 'A;B'] [--cs 1,2] [--min-df N] [--repeat N] [--thresholds 0.2,0.3]`:
 * chooses the learned impact signals' thresholds (issue 14). An impact model (the topic learner on
 * the `impact` column) is trained per fold of train.csv (5 folds by the row number in the id, so a
 * scenario's English, Russian and Hebrew versions stay in one fold) and on all of train.csv for
 * dev.csv; never heldout.csv. Per threshold it prints, for each impact: rows the model alone
 * catches, rows P1 catches with the keyword signals too, and false P1 (no impact, not a safety case,
 * given P1). The keyword signals were written from train.csv, so their share of the CV recall is
 * in-sample: the model-alone column is the honest one there. `--repeat N` trains with every impact
 * row N times (a crude class weight).
 */
import { loadShippedClassification } from './classification/shipped-config.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readModelFile } from '../src/classification-io/files.js';
import { readLabelledCases } from '../src/classification-io/labelled-cases.js';
import { CORPUS_COLUMNS } from '../src/classification-io/retrain.js';
import type { ClassificationConfig } from '../src/config/schemas/classification.js';
import { classifyCase } from '../src/domain/classification/classify-case.js';
import { parseFeatureSpec } from '../src/domain/classification/cli-format.js';
import type { LabelledCase } from '../src/domain/classification/evaluate-cases.js';
import { predictText, prepareModel, toProbabilities } from '../src/domain/classification/model.js';
import type { LinearTextModel } from '../src/domain/classification/model.js';
import { trainTextModel } from '../src/domain/classification/train.js';
import type { FeatureOptions } from '../src/domain/classification/features.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const corpus = (name: string): string => path.join(repoRoot, 'corpus', 'ride-hailing', name);
const IMPACTS = ['wide_outage', 'safety_injury', 'safety_threat'] as const;
const FOLDS = 5;

/** What one row needs for every threshold: its truth, whether keyword rules gave P1, and the model's confidences. */
interface Scored {
  impact: string;
  isFalseP1Candidate: boolean;
  keywordP1: boolean;
  confidence: Record<string, number>;
}

/** The shipped config without its model signals: the keyword-only baseline the thresholds add to. */
function keywordOnlyConfig(): ClassificationConfig {
  const config = loadShippedClassification();
  const signals = config.priority.signals.filter((s) => !s.model || s.keywords || s.patterns).map(({ model: _model, ...rest }) => rest);
  const kept = new Set(signals.map((s) => s.id));
  const rules = config.priority.rules
    .map((r) => ({ ...r, signals: r.signals?.filter((s) => kept.has(s)) }))
    .filter((r) => r.signals === undefined || r.signals.length > 0)
    .map((r) => (r.signals === undefined ? (({ signals: _s, ...rest }) => rest)(r) : r));
  return { ...config, priority: { ...config.priority, signals, rules } };
}

function trainImpact(rows: readonly LabelledCase[], features: FeatureOptions, C: number, repeat: number, minDf: number): LinearTextModel {
  const weighted = rows.flatMap((c) => ((c.impact ?? 'none') === 'none' ? [c] : Array.from({ length: repeat }, () => c)));
  return trainTextModel(
    weighted.map((c) => c.text),
    weighted.map((c) => c.impact ?? 'none'),
    { features, C, minDf },
  );
}

function score(rows: readonly LabelledCase[], model: LinearTextModel, config: ClassificationConfig, topicModel: LinearTextModel): Scored[] {
  const prepared = prepareModel(model);
  return rows.map((c) => {
    const probabilities = toProbabilities(predictText(prepared, c.text, 0).scores, model.confidenceScale);
    const result = classifyCase({ subject: c.text, description: '', fields: { [config.priority.tierField]: c.tier ?? 'Private' } }, config, topicModel);
    const impact = c.impact ?? 'none';
    return {
      impact,
      isFalseP1Candidate: impact === 'none' && c.topic !== 'safety_incident',
      keywordP1: result.priority === 'P1',
      confidence: Object.fromEntries(model.labels.map((label, k) => [label, probabilities[k] as number])),
    };
  });
}

function tabulate(rows: readonly Scored[], thresholds: readonly number[]): Array<Record<string, unknown>> {
  const keywordFalse = rows.filter((r) => r.isFalseP1Candidate && r.keywordP1).length;
  const table: Array<Record<string, unknown>> = [
    {
      threshold: 'keywords only',
      falseP1: keywordFalse,
      ...Object.fromEntries(IMPACTS.map((i) => [i, `${rows.filter((r) => r.impact === i && r.keywordP1).length}/${rows.filter((r) => r.impact === i).length}`])),
    },
  ];
  for (const t of thresholds) {
    const fires = (r: Scored, label: string): boolean => (r.confidence[label] ?? 0) >= t;
    const anyFires = (r: Scored): boolean => IMPACTS.some((label) => fires(r, label));
    const entry: Record<string, unknown> = { threshold: t };
    for (const impact of IMPACTS) {
      const truth = rows.filter((r) => r.impact === impact);
      entry[impact] = `model ${truth.filter((r) => fires(r, impact)).length}, P1 ${truth.filter((r) => r.keywordP1 || fires(r, impact)).length}/${truth.length}`;
    }
    entry.falseP1 = rows.filter((r) => r.isFalseP1Candidate && (r.keywordP1 || anyFires(r))).length;
    entry.falseP1OutageOnly = rows.filter((r) => r.isFalseP1Candidate && (r.keywordP1 || fires(r, 'wide_outage'))).length;
    table.push(entry);
  }
  return table;
}

const rowNumber = (id: string): number => Number(/(\d+)$/.exec(id)?.[1] ?? 0);

export async function run(args: string[]): Promise<void> {
  const option = (name: string): string | undefined => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const config = keywordOnlyConfig();
  const topicModel = readModelFile(path.join(repoRoot, 'config', 'models', 'topics.json'));
  const train = readLabelledCases(corpus('train.csv'), CORPUS_COLUMNS);
  const dev = readLabelledCases(corpus('dev.csv'), CORPUS_COLUMNS);
  const specs = option('--specs')?.split(';').map(parseFeatureSpec) ?? [topicModel.features];
  const cs = option('--cs')?.split(',').map(Number) ?? [1];
  const repeat = Number(option('--repeat') ?? 1);
  const minDf = Number(option('--min-df') ?? 2);
  const thresholds = option('--thresholds')?.split(',').map(Number) ?? [0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5];
  const results: Array<Record<string, unknown>> = [];
  for (const features of specs) {
    for (const C of cs) {
      const cv: Scored[] = [];
      for (let fold = 0; fold < FOLDS; fold++) {
        const model = trainImpact(
          train.filter((c) => rowNumber(c.id) % FOLDS !== fold),
          features,
          C,
          repeat,
          minDf,
        );
        cv.push(
          ...score(
            train.filter((c) => rowNumber(c.id) % FOLDS === fold),
            model,
            config,
            topicModel,
          ),
        );
      }
      const full = trainImpact(train, features, C, repeat, minDf);
      results.push({ features, C, repeat, minDf, cv: tabulate(cv, thresholds), dev: tabulate(score(dev, full, config, topicModel), thresholds) });
    }
  }
  process.stdout.write(`${JSON.stringify({ benchmark: 'classify-impact', trainRows: train.length, devRows: dev.length, results }, null, 2)}\n`);
}
