/**
 * The naive Bayes blend (nb-blend.ts): the ratios lean the right way, the folded weights score a
 * row exactly as the SVM scores the scaled row, and a blended model is trained, recorded in the
 * model file and refused with a clear error when its share is out of range.
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { fromModelFileText, readLabelledCsv, toModelFileText } from '../../../src/classification-io/files.js';
import type { SparseVector } from '../../../src/domain/classification/features.js';
import { predictLabel, prepareModel } from '../../../src/domain/classification/model.js';
import { foldBlendedWeights, logCountRatios, scaleRows } from '../../../src/domain/classification/nb-blend.js';
import { trainTextModel } from '../../../src/domain/classification/train.js';
import { InvalidInputError } from '../../../src/errors.js';

const row = (indices: number[], values: number[]): SparseVector => ({ indices: Int32Array.from(indices), values: Float64Array.from(values) });
const dot = (weights: ArrayLike<number>, vector: SparseVector): number => Array.from(vector.indices).reduce((sum, f, k) => sum + (weights[f] as number) * (vector.values[k] as number), 0);

describe('naive Bayes blend of the SVMs', () => {
  // Feature 0 only in positive rows, 1 only in the others, 2 in every row.
  const rows = [row([0, 2], [0.8, 0.6]), row([0, 2], [0.6, 0.8]), row([1, 2], [0.8, 0.6]), row([1, 2], [0.6, 0.8])];
  const positive = [true, true, false, false];

  it("gives a feature of the label's rows a positive ratio, the others' a negative one, a shared one none", () => {
    const ratios = logCountRatios(rows, positive, 3);
    assert.ok(ratios[0]! > 0.5, String(ratios[0]));
    assert.ok(ratios[1]! < -0.5, String(ratios[1]));
    assert.ok(Math.abs(ratios[2]!) < 1e-9, String(ratios[2]));
    assert.ok(Math.abs(ratios[0]! + ratios[1]!) < 1e-9, 'mirror-image counts give mirror-image ratios');
  });

  it('folds the ratios into the weights: a plain row scores as the SVM scores the scaled row', () => {
    const ratios = Float64Array.from([0.7, -0.4, 0.1]);
    const svm = Float64Array.from([1.5, -2, 0.25, 0.3]); // the bias last
    const folded = foldBlendedWeights(svm, ratios, 1);
    const [scaled] = scaleRows([rows[0]!], ratios);
    assert.ok(Math.abs(dot(folded, rows[0]!) - dot(svm, scaled!)) < 1e-12);
    assert.equal(folded[3], 0.3, 'the bias is kept as it is');
    // At beta 0 only naive Bayes is left: every weight is the ratio times one constant (mean |w|).
    const naiveBayes = foldBlendedWeights(svm, ratios, 0);
    const mean = (1.5 + 2 + 0.25) / 3;
    ratios.forEach((r, f) => assert.ok(Math.abs(naiveBayes[f]! - mean * r) < 1e-12, `feature ${f}`));
  });

  const fixture = fileURLToPath(new URL('../../fixtures/classification/tiny-train.csv', import.meta.url));
  const data = readLabelledCsv(fixture, { textColumns: ['text'], labelColumn: 'label' });

  it('trains a blended model that predicts its training set, and records the blend in the model file', () => {
    const plain = trainTextModel(data.texts, data.labels, { minDf: 1 });
    const blended = trainTextModel(data.texts, data.labels, { minDf: 1, nbBlend: 0.5 });
    const prepared = prepareModel(blended);
    assert.deepEqual(
      data.texts.map((t) => predictLabel(prepared, t)),
      data.labels,
    );
    assert.equal(blended.trainedOn.nbBlend, 0.5);
    assert.equal(plain.trainedOn.nbBlend, undefined);
    assert.notDeepEqual(Array.from(blended.weights), Array.from(plain.weights), 'the blend changes the weights');
    assert.equal(fromModelFileText(toModelFileText(blended), 'm.json').trainedOn.nbBlend, 0.5);
  });

  it('refuses a share outside 0 to 1, naming it', () => {
    for (const nbBlend of [1.5, -0.1, Number.NaN]) {
      assert.throws(
        () => trainTextModel(data.texts, data.labels, { minDf: 1, nbBlend }),
        (e: Error) => e instanceof InvalidInputError && /nbBlend must be a number from 0 to 1/.test(e.message),
      );
    }
  });
});
