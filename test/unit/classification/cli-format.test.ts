import assert from 'node:assert/strict';
import { formatEvaluationTable, parseFeatureSpec } from '../../../src/domain/classification/cli-format.js';
import { evaluatePredictions } from '../../../src/domain/classification/metrics.js';

describe('classify command helpers', () => {
  it('parses --features specs', () => {
    assert.deepEqual(parseFeatureSpec('word:1-2'), { wordNgrams: [1, 2], charNgrams: null, minWordLength: 2, sublinearTf: true, stemming: false, hashBits: 22 });
    assert.equal(parseFeatureSpec('word:1-2,stem').stemming, true);
    assert.equal(parseFeatureSpec('word:1-2,concepts').concepts, true);
    assert.deepEqual([parseFeatureSpec('word:1-2,pairs').concepts, parseFeatureSpec('word:1-2,pairs').conceptPairs], [true, true]);
    assert.deepEqual(parseFeatureSpec('word:1-2,char:2-5').charNgrams, [2, 5]);
    assert.deepEqual(parseFeatureSpec('char:3').charNgrams, [3, 3]);
    assert.equal(parseFeatureSpec('char:3').wordNgrams, null);
  });

  it('refuses malformed --features specs with the offending part named', () => {
    assert.throws(() => parseFeatureSpec('words:1-2'), /"words:1-2" is not word:N-M, char:N-M, stem, concepts or pairs/);
    assert.throws(() => parseFeatureSpec('word:2-1'), /word range "2-1" must satisfy/);
    assert.throws(() => parseFeatureSpec(''), /give word:N-M and\/or char:N-M/);
  });

  it('renders accuracy, per-class rows and the confusion matrix', () => {
    const table = formatEvaluationTable(evaluatePredictions(['a', 'a', 'b', 'b'], ['a', 'b', 'b', 'b']));
    const lines = table.split('\n');
    assert.equal(lines[0], 'rows 4  accuracy 0.750  macro-F1 0.733');
    assert.ok(
      lines.some((l) => /^a\s+1\.000\s+0\.500\s+0\.667\s+2$/.test(l)),
      table,
    );
    assert.ok(
      lines.some((l) => /^b\s+0\.667\s+1\.000\s+0\.800\s+2$/.test(l)),
      table,
    );
    // confusion rows: a → [a 1, b 1], b → [a 0, b 2]
    assert.ok(
      lines.some((l) => /^a\s+1\s+1$/.test(l)),
      table,
    );
    assert.ok(
      lines.some((l) => /^b\s+0\s+2$/.test(l)),
      table,
    );
  });
});
