import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { readLabelledCsv, fromModelFileText, toModelFileText } from '../../../src/classification-io/files.js';
import { DEFAULT_FEATURES, listTerms, toBuckets } from '../../../src/domain/classification/features.js';
import { fitVocabulary } from '../../../src/domain/classification/vocabulary.js';
import { BucketIndex } from '../../../src/domain/classification/bucket-index.js';
import { trainBinarySvm } from '../../../src/domain/classification/linear-svm.js';
import { evaluatePredictions } from '../../../src/domain/classification/metrics.js';
import { predictLabel, predictText, prepareModel, vectorizeText } from '../../../src/domain/classification/model.js';
import { trainTextModel } from '../../../src/domain/classification/train.js';
import { InvalidInputError } from '../../../src/errors.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/classification/${name}`, import.meta.url));
const columns = { textColumns: ['text'], labelColumn: 'label' };

function givenTinyModel() {
  const data = readLabelledCsv(fixture('tiny-train.csv'), columns);
  return { data, model: trainTextModel(data.texts, data.labels, { minDf: 1, textColumns: ['text'], labelColumn: 'label' }) };
}

describe('text model', () => {
  it('cuts word 1-2-grams and char n-grams inside word boundaries', () => {
    const terms = listTerms('Grüße grüße a', { ...DEFAULT_FEATURES, charNgrams: [2, 3] });
    assert.equal(terms.get('grüsse'), 2);
    assert.equal(terms.get('grüsse grüsse'), 1);
    assert.equal(terms.has('a'), false, 'one-letter words are left out of word n-grams');
    assert.equal(terms.get('[ g]'), 2);
    assert.equal(terms.get('[se ]'), 2);
    assert.equal(terms.get('[ a ]'), 1, 'char n-grams are cut from every word');
  });

  it('cuts word terms from stems, and Hebrew words also without fused prefixes', () => {
    const stemmed = { ...DEFAULT_FEATURES, charNgrams: null, stemming: true };
    const terms = listTerms('Водителя нет. Водителей не видно; drivers, driver', stemmed);
    assert.equal(terms.get('водител'), 2);
    assert.equal(terms.get('driver'), 2);
    assert.equal(terms.get('водител нет'), 1);
    const hebrew = listTerms('ובאפליקציה של הנהג', stemmed);
    assert.equal(hebrew.get('ובאפליקציה'), 1);
    assert.equal(hebrew.get('אפליקציה'), 1);
    const asWritten = listTerms('Водителя нет', DEFAULT_FEATURES);
    assert.equal(asWritten.get('водителя'), 1);
    assert.equal(asWritten.has('водител'), false);
  });

  it('adds one shared concept term for a word in any of the three languages, also behind Hebrew prefixes', () => {
    const options = { ...DEFAULT_FEATURES, charNgrams: null, stemming: true, concepts: true };
    for (const text of ['The driver never came', 'Водителя не было', 'והנהג לא הגיע']) assert.ok((listTerms(text, options).get('{driver}') ?? 0) > 0, text);
    assert.equal(listTerms('Cost centre missing', options).has('{costcentre}'), true, 'a two-word entry');
    assert.equal(listTerms('The driver never came', { ...options, concepts: false }).has('{driver}'), false);
  });

  it('adds one term per pair of concepts in a text when conceptPairs is on, the same in each language', () => {
    const options = { ...DEFAULT_FEATURES, charNgrams: null, stemming: true, concepts: true, conceptPairs: true };
    for (const text of ['The driver app crashes', 'Приложение водителя вылетает', 'אפליקציית הנהג קורסת']) {
      const terms = listTerms(text, options);
      for (const pair of ['{driver+app}', '{driver+crash}', '{app+crash}']) assert.ok((terms.get(pair) ?? 0) > 0, `${text}: ${pair}`);
    }
    assert.equal(
      [...listTerms('The driver app crashes', { ...options, conceptPairs: false }).keys()].some((t) => t.includes('+')),
      false,
    );
    assert.equal(
      [...listTerms('Водитель не приехал', options).keys()].some((t) => t.includes('+')),
      false,
      'one concept: no pair',
    );
  });

  for (const variant of ['char 3-5', 'char 2-5, stems and concept pairs'])
    it(`predicts from the same vector training cut (${variant}), with char n-grams and repeated words`, () => {
      const texts = ['Водитель не приехал, водитель не отвечает', 'Списали деньги дважды', 'The driver never came', 'charged twice for one ride', 'הנהג לא הגיע', 'חויבתי פעמיים'];
      const labels = ['driver', 'billing', 'driver', 'billing', 'driver', 'billing'];
      const features =
        variant === 'char 3-5'
          ? { ...DEFAULT_FEATURES, charNgrams: [3, 5] as [number, number] }
          : { ...DEFAULT_FEATURES, charNgrams: [2, 5] as [number, number], stemming: true, concepts: true, conceptPairs: true };
      const model = trainTextModel(texts, labels, { features, minDf: 1, calibrate: false });
      const prepared = prepareModel(model);
      const featureOf = new Map(Array.from(model.buckets, (bucket, f) => [bucket, f]));
      // By hand: count the buckets of the text, keep the vocabulary's, weigh by (1 + ln tf) * idf, L2-normalise.
      const slowVector = (text: string): Map<number, number> => {
        const counts = new Map<number, number>();
        for (const bucket of toBuckets(text, features)) {
          const f = featureOf.get(bucket);
          if (f !== undefined) counts.set(f, (counts.get(f) ?? 0) + 1);
        }
        const weighed = [...counts].map(([f, n]) => [f, (1 + Math.log(n)) * model.idf[f]!] as const);
        const norm = Math.hypot(...weighed.map(([, v]) => v)) || 1;
        return new Map(weighed.map(([f, v]) => [f, v / norm]));
      };
      for (const text of [...texts, 'водителя нет уже час, водитель!', 'chargd twice?', '']) {
        for (let pass = 0; pass < 2; pass++) {
          const { vector } = vectorizeText(prepared, text);
          const slow = slowVector(text);
          assert.equal(vector.indices.length, slow.size, text);
          vector.indices.forEach((f, k) => assert.ok(Math.abs(vector.values[k]! - slow.get(f)!) < 1e-12, `${text}: feature ${f}`));
        }
      }
    });

  it('counts document frequencies the same by sorting and densely', () => {
    const rows = ['charged twice charged', 'twice the driver', 'the driver app', 'app app app'].map((t) => toBuckets(t, DEFAULT_FEATURES));
    const sorted = fitVocabulary(rows, 2, 22, 'sort');
    const dense = fitVocabulary(rows, 2, 22, 'dense');
    assert.deepEqual(Array.from(sorted.buckets), Array.from(dense.buckets));
    assert.deepEqual(Array.from(sorted.idf), Array.from(dense.idf));
    assert.ok(sorted.buckets.length > 0 && sorted.buckets.every((b, k) => k === 0 || b > sorted.buckets[k - 1]!));
    // "app" is in 2 of 4 rows (however often in one): idf ln(5/3) + 1.
    const app = toBuckets('app', { ...DEFAULT_FEATURES, charNgrams: null })[0]!;
    assert.ok(Math.abs(sorted.idf[Array.from(sorted.buckets).indexOf(app)]! - (Math.log(5 / 3) + 1)) < 1e-12);
  });

  it('looks buckets up as the vocabulary numbered them, and misses the others', () => {
    const buckets = Int32Array.from({ length: 5000 }, (_, k) => k * 7919 + 3);
    const index = new BucketIndex(buckets);
    buckets.forEach((bucket, f) => assert.equal(index.get(bucket), f));
    for (const absent of [0, 1, 2, 4, 7919 * 5000 + 3]) assert.equal(index.get(absent), -1);
  });

  it('separates a linearly separable binary problem', () => {
    const rows = [
      { indices: Int32Array.from([0]), values: Float64Array.from([1]) },
      { indices: Int32Array.from([0, 1]), values: Float64Array.from([0.8, 0.6]) },
      { indices: Int32Array.from([2]), values: Float64Array.from([1]) },
      { indices: Int32Array.from([1, 2]), values: Float64Array.from([0.6, 0.8]) },
    ];
    const options = { C: 10, tolerance: 0.001, maxEpochs: 1000, seed: 3 };
    const { w, alpha } = trainBinarySvm(rows, [true, true, false, false], 3, options);
    const score = (weights: Float64Array, k: number): number => rows[k]!.indices.reduce((s, f, j) => s + weights[f]! * rows[k]!.values[j]!, weights[3]!);
    assert.ok(score(w, 0) > 0 && score(w, 1) > 0, 'positives score above 0');
    assert.ok(score(w, 2) < 0 && score(w, 3) < 0, 'negatives score below 0');
    // Started from a solution of three of the rows (0 for the fourth), the solver reaches the same optimum.
    const part = trainBinarySvm(rows.slice(0, 3), [true, true, false], 3, options);
    const warm = trainBinarySvm(rows, [true, true, false, false], 3, options, Float64Array.from([...part.alpha, 0]));
    warm.w.forEach((v, f) => assert.ok(Math.abs(v - w[f]!) < 1e-2, `weight ${f}: ${v} vs ${w[f]}`));
    assert.ok(alpha.some((a) => a > 0));
  });

  it('a model trained on the tiny fixture predicts its own training set', () => {
    const { data, model } = givenTinyModel();
    const prepared = prepareModel(model);
    assert.deepEqual(
      data.texts.map((t) => predictLabel(prepared, t)),
      data.labels,
    );
    assert.deepEqual(model.labels, ['access', 'driver', 'payments']);
  });

  it('explains a prediction with the terms that weighed most, and a confidence', () => {
    const { model } = givenTinyModel();
    const prediction = predictText(prepareModel(model), 'списали дважды, нужен возврат', 3);
    assert.equal(prediction.label, 'payments');
    assert.ok(prediction.confidence > 1 / 3 && prediction.confidence <= 1);
    assert.ok(
      prediction.topTerms.some((t) => t.term === 'списали' || t.term === 'дважды'),
      JSON.stringify(prediction.topTerms),
    );
    assert.ok(prediction.topTerms.length <= 3);
  });

  it('survives a round trip through the model file format (weights within int16 precision)', () => {
    const { data, model } = givenTinyModel();
    const restored = fromModelFileText(toModelFileText(model), 'model.json');
    assert.deepEqual(restored.labels, model.labels);
    assert.deepEqual(Array.from(restored.idf), Array.from(model.idf));
    const maxWeight = Math.max(...Array.from(model.weights, Math.abs));
    model.weights.forEach((w, k) => assert.ok(Math.abs(w - restored.weights[k]!) <= maxWeight / 32767, `weight ${k}`));
    const a = prepareModel(model);
    const b = prepareModel(restored);
    for (const text of data.texts) {
      const before = predictText(a, text);
      const after = predictText(b, text);
      assert.equal(after.label, before.label);
      before.scores.forEach((score, c) => assert.ok(Math.abs(score - after.scores[c]!) < 1e-3));
    }
  });

  it('refuses a model file of the earlier format, saying to train again', () => {
    const { model } = givenTinyModel();
    const file = { ...(JSON.parse(toModelFileText(model)) as Record<string, unknown>), format: 'casebridge-linear-text/1' };
    assert.throws(() => fromModelFileText(JSON.stringify(file), 'old.json'), /old\.json: a model file of format casebridge-linear-text\/1.*train it again/);
  });

  it('refuses a model file whose buckets are out of order', () => {
    const { model } = givenTinyModel();
    const reversed = { ...model, buckets: Int32Array.from(model.buckets).reverse() };
    assert.throws(() => fromModelFileText(toModelFileText(reversed), 'm.json'), /ascending buckets/);
  });

  it('refuses a file that is not a model, naming the field', () => {
    assert.throws(() => fromModelFileText('{"format":"something-else"}', 'm.json'), /m\.json: not a casebridge model file .*format/);
    assert.throws(() => fromModelFileText('not json', 'm.json'), /m\.json: not a JSON model file/);
  });

  it('refuses to train on a single label', () => {
    assert.throws(
      () => trainTextModel(['a b', 'c d'], ['x', 'x']),
      (e: Error) => e instanceof InvalidInputError && /at least two distinct labels/.test(e.message),
    );
  });

  it('eval figures on the tiny eval fixture match hand-computed precision and recall', () => {
    const { model } = givenTinyModel();
    const prepared = prepareModel(model);
    const data = readLabelledCsv(fixture('tiny-eval.csv'), columns);
    const predicted = data.texts.map((t) => predictLabel(prepared, t));
    // The texts are unambiguous; rows 2 and 6 carry deliberately "wrong" gold labels.
    assert.deepEqual(predicted, ['driver', 'driver', 'payments', 'payments', 'payments', 'access', 'access', 'access']);
    const report = evaluatePredictions(data.labels, predicted);
    // By hand: driver P=2/2 R=2/3; payments P=2/3 R=2/3; access P=2/3 R=2/2; accuracy 6/8.
    assert.equal(report.accuracy, 0.75);
    assert.deepEqual(report.perClass.driver, { precision: 1, recall: 2 / 3, f1: 0.8, support: 3 });
    assert.deepEqual(report.perClass.payments, { precision: 2 / 3, recall: 2 / 3, f1: 2 / 3, support: 3 });
    assert.equal(report.perClass.access?.precision, 2 / 3);
    assert.equal(report.perClass.access?.recall, 1);
    assert.ok(Math.abs(report.macroF1 - (0.8 + 2 / 3 + 0.8) / 3) < 1e-12);
    assert.equal(report.confusion.driver?.payments, 1);
    assert.equal(report.confusion.payments?.access, 1);
  });
});
