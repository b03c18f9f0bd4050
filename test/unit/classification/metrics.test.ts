import assert from 'node:assert/strict';
import { evaluatePredictions, roundReport } from '../../../src/domain/classification/metrics.js';

describe('evaluation metrics', () => {
  it('computes per-class precision, recall, F1 and support', () => {
    // truth a a a b b c ; predicted a b a b c c
    // a: tp 2, predicted 2, support 3 → P 1, R 2/3; b: tp 1, predicted 2, support 2 → P 1/2, R 1/2
    // c: tp 1, predicted 2, support 1 → P 1/2, R 1
    const report = evaluatePredictions(['a', 'a', 'a', 'b', 'b', 'c'], ['a', 'b', 'a', 'b', 'c', 'c']);
    assert.equal(report.accuracy, 4 / 6);
    assert.deepEqual(report.perClass.a, { precision: 1, recall: 2 / 3, f1: 0.8, support: 3 });
    assert.deepEqual(report.perClass.b, { precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    assert.equal(report.perClass.c?.recall, 1);
    assert.ok(Math.abs((report.perClass.c?.f1 ?? 0) - 2 / 3) < 1e-12);
    assert.ok(Math.abs(report.macroF1 - (0.8 + 0.5 + 2 / 3) / 3) < 1e-12);
    assert.deepEqual(report.confusion, { a: { a: 2, b: 1, c: 0 }, b: { a: 0, b: 1, c: 1 }, c: { a: 0, b: 0, c: 1 } });
  });

  it('counts a label only ever predicted, with zero support and recall 0', () => {
    const report = evaluatePredictions(['a', 'a'], ['a', 'z']);
    assert.deepEqual(report.perClass.z, { precision: 0, recall: 0, f1: 0, support: 0 });
    assert.equal(report.macroF1, (2 * 1 * 0.5) / 1.5 / 2);
  });

  it('rounds figures for display but keeps counts', () => {
    const rounded = roundReport(evaluatePredictions(['a', 'a', 'a', 'b'], ['a', 'a', 'b', 'b']), 3);
    assert.equal(rounded.perClass.a?.recall, 0.667);
    assert.equal(rounded.perClass.a?.support, 3);
  });
});
