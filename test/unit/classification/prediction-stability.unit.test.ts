/**
 * classifyCase was made faster for issue 14 (features renumbered by frequency and scores summed
 * four labels at a time in prepared-model.ts and model.ts, one cache per token in token-info.ts,
 * keyword anchors remembered per token). None of that may change a prediction. These tests hold
 * the optimised code to plain references on corpus rows and awkward texts, to the last bit: the
 * same vector (feature indexes, order and values), the same scores and the same named terms, for
 * the shipped model (whatever its weights are now) and for a model trained here with other
 * features; and the same keyword hits as trying every keyword at every word.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { readModelFile } from '../../../src/classification-io/files.js';
import { readLabelledCases } from '../../../src/classification-io/labelled-cases.js';
import { CORPUS_COLUMNS } from '../../../src/classification-io/retrain.js';
import { classificationFileSchema } from '../../../src/config/schemas/classification.js';
import { DEFAULT_FEATURES } from '../../../src/domain/classification/features.js';
import { buildKeywordIndex, collectKeywordHits, findKeywordHits } from '../../../src/domain/classification/keyword-match.js';
import type { Anchor, CaseWord, KeywordIndex } from '../../../src/domain/classification/keyword-match.js';
import { predictText, predictTokens, prepareModel, vectorizeText } from '../../../src/domain/classification/model.js';
import type { LinearTextModel } from '../../../src/domain/classification/model.js';
import { getHebrewBareForms, getStem } from '../../../src/domain/classification/stem.js';
import { prepareText } from '../../../src/domain/classification/text-match.js';
import { normalizeText, splitSentenceTokens } from '../../../src/domain/classification/tokenize.js';
import { trainTextModel } from '../../../src/domain/classification/train.js';
import { referencePredictor } from './reference-vectorizer.js';
import type { ReferencePrediction } from './reference-vectorizer.js';

const repoFile = (path: string): string => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
const train = readLabelledCases(repoFile('corpus/ride-hailing/train.csv'), CORPUS_COLUMNS);
const heldOut = readLabelledCases(repoFile('corpus/ride-hailing/heldout.csv'), CORPUS_COLUMNS);
/** Words repeated, one-letter words, digits, Hebrew with fused prefixes, mixed scripts, a long token, nothing. */
const awkwardTexts = [
  '',
  'a b c',
  'Водитель водитель ВОДИТЕЛЬ, водителя нет; водитель!',
  'ובאפליקציה של הנהג, והנהג לא הגיע. שמונה ₪45',
  'Driver app: error 500 / 503 — приложение водителя не работает, האפליקציה קורסת',
  'x'.repeat(300),
  'charged twice charged twice charged twice for ride #12345 on 02.12.2026',
];
const texts = [...heldOut.map((c) => c.text), ...train.filter((_, i) => i % 10 === 0).map((c) => c.text), ...awkwardTexts];

/** The reference's top terms: positive contributions to the best label, largest first (first found on ties), rounded as predictions round them. */
function referenceTopTerms(model: LinearTextModel, reference: ReferencePrediction, count: number): Array<{ term: string; weight: number }> {
  const best = reference.scores.reduce((b, s, c) => (s > reference.scores[b]! ? c : b), 0);
  return reference.indices
    .map((f, k) => ({ term: reference.names[k]!, weight: reference.values[k]! * model.weights[f * model.labels.length + best]! }))
    .filter((t) => t.weight > 0)
    .sort((a, b) => b.weight - a.weight)
    .slice(0, count)
    .map((t) => ({ term: t.term, weight: Math.round(t.weight * 1e4) / 1e4 }));
}

function assertSameAsReference(model: LinearTextModel): void {
  const prepared = prepareModel(model);
  const referencePrediction = referencePredictor(model);
  // Twice: the first pass fills the per-token caches, the second reads them.
  for (let pass = 0; pass < 2; pass++) {
    for (const text of texts) {
      const reference = referencePrediction(text);
      const { vector } = vectorizeText(prepared, text);
      assert.deepEqual(Array.from(vector.indices), reference.indices, `feature indexes of ${JSON.stringify(text)}`);
      assert.deepEqual(Array.from(vector.values), reference.values, `values of ${JSON.stringify(text)}`);
      const prediction = predictText(prepared, text, 5);
      assert.deepEqual(Array.from(prediction.scores), reference.scores, `scores of ${JSON.stringify(text)}`);
      assert.deepEqual(prediction.topTerms, referenceTopTerms(model, reference, 5), `terms of ${JSON.stringify(text)}`);
      // As classifyCase calls it: with the tokens and token infos the keyword matching cut.
      const { tokens, infos } = prepareText(text);
      assert.deepEqual(Array.from(predictTokens(prepared, tokens, 0, infos).scores), reference.scores, `scores of ${JSON.stringify(text)} from its prepared text`);
    }
  }
}

describe('prediction stability: the optimised classifier against plain references', function () {
  this.timeout(60_000);

  it('the shipped models: same vectors, scores and named terms as the reference', () => {
    assertSameAsReference(readModelFile(repoFile('config/models/topics.json')));
    assertSameAsReference(readModelFile(repoFile('config/models/impact.json')));
  });

  it('a model of every kind of term (words, stems, char 2-5-grams, concepts and their pairs), trained here: the same', () => {
    const rows = train.filter((_, i) => i % 4 === 2);
    const features = { ...DEFAULT_FEATURES, charNgrams: [2, 5] as [number, number], stemming: true, concepts: true, conceptPairs: true };
    const model = trainTextModel(
      rows.map((c) => c.text),
      rows.map((c) => c.topic),
      { features, minDf: 1, calibrate: false },
    );
    assertSameAsReference(model);
  });

  it('a model of written words and char 3-5-grams, trained here: the same', () => {
    const rows = train.filter((_, i) => i % 8 === 1);
    const model = trainTextModel(
      rows.map((c) => c.text),
      rows.map((c) => c.topic),
      { features: DEFAULT_FEATURES, minDf: 1, calibrate: false },
    );
    assertSameAsReference(model);
  });

  it('models scored in turn on one prepared text (topic and impact models in classifyCase): each as its reference', () => {
    // Five models with character n-grams (and the shipped ones): more than a token keeps features for
    // (CHAR_FEATURE_OWNERS, 4), so the per-token cache is filled, read and evicted while they alternate.
    const rows = train.filter((_, i) => i % 16 === 3);
    const trained = (
      [
        [2, 4],
        [3, 5],
        [2, 5],
        [3, 4],
        [2, 3],
      ] as const
    ).map((charNgrams) =>
      trainTextModel(
        rows.map((c) => c.text),
        rows.map((c) => c.impact ?? 'none'),
        { features: { ...DEFAULT_FEATURES, charNgrams: [...charNgrams] }, minDf: 1, calibrate: false },
      ),
    );
    const models = [readModelFile(repoFile('config/models/topics.json')), readModelFile(repoFile('config/models/impact.json')), ...trained];
    const scorers = models.map((model) => ({ prepared: prepareModel(model), reference: referencePredictor(model) }));
    for (let pass = 0; pass < 2; pass++) {
      for (const text of texts) {
        const { tokens, infos } = prepareText(text);
        scorers.forEach(({ prepared, reference }, m) => {
          assert.deepEqual(Array.from(predictTokens(prepared, tokens, 0, infos).scores), reference(text).scores, `model ${m}, scores of ${JSON.stringify(text)}`);
        });
      }
    }
  });

  const config = classificationFileSchema.parse(parse(readFileSync(repoFile('config/classification.yaml'), 'utf8')));
  const sources = [...config.topics.flatMap((t) => t.rules), ...config.priority.signals];
  const keywordEntries = sources.flatMap((source, owner) => Object.values(source.keywords ?? {}).flatMap((list) => list.map((keyword) => ({ owner, keyword }))));
  // The example has no one-letter prefix and few bare Hebrew words: a few of those, as another owner.
  for (const keyword of ['в*', 'ש*', 'נהג', 'אפליקציה', 'נהג לא*']) keywordEntries.push({ owner: sources.length, keyword });
  /** A case's words built from the stemmer and Hebrew forms directly, not through the per-token cache. */
  const referenceWords = (text: string): CaseWord[] =>
    splitSentenceTokens(normalizeText(text)).map(({ token, sentence }) => {
      const forms = [token, ...getHebrewBareForms(token)];
      return { forms, stems: [...new Set(forms.map(getStem))], sentence };
    });
  /** A word matches an anchor word when one of its stems equals it or, for a prefix, one of its forms starts with it. */
  const everyAnchorMatching = (index: KeywordIndex): ((word: CaseWord) => Anchor[]) => {
    const all = [...index.exact.values(), ...index.prefixed.values()].flat();
    return (word) =>
      all.filter((anchor) => {
        const { value, isPrefix } = anchor.keyword.words[anchor.word]!;
        return isPrefix ? word.forms.some((form) => form.startsWith(value)) : word.stems.includes(value);
      });
  };
  const sortedHits = (hits: Map<number, string[]>): Array<[number, string[]]> => [...hits].map(([owner, list]): [number, string[]] => [owner, [...list].sort()]).sort((a, b) => a[0] - b[0]);

  for (const matching of [config.phraseMatching, { maxWordsBetween: 0, anyOrder: false }, { maxWordsBetween: 3, anyOrder: true }])
    it(`keyword hits of the example config (${JSON.stringify(matching)}) equal trying every keyword at every word`, () => {
      const index = buildKeywordIndex(keywordEntries, matching);
      const reference = everyAnchorMatching(index);
      let hitCount = 0;
      for (let pass = 0; pass < 2; pass++) {
        for (const text of texts) {
          const { words } = prepareText(text);
          const hits = findKeywordHits(index, words);
          hitCount += hits.size;
          assert.deepEqual(sortedHits(hits), sortedHits(collectKeywordHits(index, referenceWords(text), reference)), text);
        }
      }
      assert.ok(hitCount > texts.length, `keywords are found in most texts (${hitCount} hits)`);
    });
});
