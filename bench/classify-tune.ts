/**
 * `npm run bench -- classify-tune [--file corpus/ride-hailing/train.csv]`: chooses the default
 * model's features and C by 5-fold cross-validation on the training file only (fold k: data rows
 * with i % 5 == k), never on the held-out file. Prints macro-F1 (model alone) per setting, mean over
 * folds, overall and per language, best first. `--specs 'A;B'` and `--cs 1,2` try other settings;
 * `--nb-blends none,0.5` the plain SVM and the naive Bayes blend (nb-blend.ts). `--folds-by-scenario`
 * puts the rows of one scenario number (en-0005, ru-0005, he-0005: often one scenario told in each
 * language) in one fold, so a fold is not measured on counterparts of its own training rows.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readLabelledCases } from '../src/classification-io/labelled-cases.js';
import { parseFeatureSpec } from '../src/domain/classification/cli-format.js';
import { evaluateCases } from '../src/domain/classification/evaluate-cases.js';
import type { LabelledCase } from '../src/domain/classification/evaluate-cases.js';
import { trainTextModel } from '../src/domain/classification/train.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const FOLDS = 5;
const SPECS = ['word:1-2,char:3-5', 'word:1-2,char:2-5', 'word:1-2,char:2-5,stem', 'word:1-2,char:2-5,stem,concepts', 'word:1-2,char:2-5,stem,pairs', 'word:1,char:2-5,stem,pairs'];
const CS = [0.3, 1, 3];

function crossValidate(
  cases: readonly LabelledCase[],
  spec: string,
  C: number,
  nbBlend: number | undefined,
  foldOf: (c: LabelledCase, i: number) => number,
): { macroF1: number; perLanguage: Record<string, number> } {
  let macroF1 = 0;
  const perLanguage: Record<string, number> = {};
  for (let fold = 0; fold < FOLDS; fold++) {
    const train = cases.filter((c, i) => foldOf(c, i) !== fold);
    const test = cases.filter((c, i) => foldOf(c, i) === fold);
    const model = trainTextModel(
      train.map((c) => c.text),
      train.map((c) => c.topic),
      { features: parseFeatureSpec(spec), C, nbBlend, calibrate: false },
    );
    const report = evaluateCases(test, { model });
    macroF1 += report.macroF1 / FOLDS;
    for (const [language, figures] of Object.entries(report.perLanguage)) perLanguage[language] = (perLanguage[language] ?? 0) + figures.macroF1 / FOLDS;
  }
  const round = (x: number): number => Math.round(x * 1e4) / 1e4;
  return { macroF1: round(macroF1), perLanguage: Object.fromEntries(Object.entries(perLanguage).map(([k, v]) => [k, round(v)])) };
}

export async function run(args: string[]): Promise<void> {
  const fileIndex = args.indexOf('--file');
  const file = fileIndex >= 0 && args[fileIndex + 1] ? path.resolve(args[fileIndex + 1] as string) : path.join(repoRoot, 'corpus', 'ride-hailing', 'train.csv');
  const byScenario = args.includes('--folds-by-scenario');
  const cases = readLabelledCases(file, { textColumns: ['subject', 'description'], labelColumn: 'topic', languageColumn: 'language', ...(byScenario ? { idColumn: 'id' } : {}) });
  const option = (name: string): string | undefined => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const specs = option('--specs')?.split(';') ?? SPECS;
  const cs = option('--cs')?.split(',').map(Number) ?? CS;
  const blends = option('--nb-blends')
    ?.split(',')
    .map((b) => (b === 'none' ? undefined : Number(b))) ?? [undefined];
  const foldOf = (c: LabelledCase, i: number): number => (byScenario ? Number(c.id.replace(/\D/g, '')) : i) % FOLDS;
  const results: Array<{ features: string; C: number; nbBlend: number | 'none'; macroF1: number; perLanguage: Record<string, number> }> = [];
  for (const spec of specs) {
    for (const C of cs) for (const nbBlend of blends) results.push({ features: spec, C, nbBlend: nbBlend ?? 'none', ...crossValidate(cases, spec, C, nbBlend, foldOf) });
  }
  results.sort((a, b) => b.macroF1 - a.macroF1);
  process.stdout.write(`${JSON.stringify({ benchmark: 'classify-tune', file: path.relative(repoRoot, file), rows: cases.length, folds: FOLDS, foldsByScenario: byScenario, results }, null, 2)}\n`);
}
