import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { readLabelledCases } from '../../../src/classification-io/labelled-cases.js';
import { formatCaseEvaluation } from '../../../src/domain/classification/cli-format.js';
import { evaluateCases } from '../../../src/domain/classification/evaluate-cases.js';
import { trainTextModel } from '../../../src/domain/classification/train.js';
import { givenConfig } from './given.js';

const fixture = fileURLToPath(new URL('../../fixtures/classification/tiny-cases.csv', import.meta.url));
const corpusColumns = { textColumns: ['subject', 'description'], labelColumn: 'topic', idColumn: 'id', languageColumn: 'language', tierColumn: 'tier', impactColumn: 'impact' };

describe('evaluating labelled cases', () => {
  it('reads the corpus columns: id, language, subject + description, topic, tier, impact', () => {
    const cases = readLabelledCases(fixture, corpusColumns);
    assert.equal(cases.length, 7);
    assert.deepEqual(cases[2], { id: 'c-3', text: 'Сбой\nМассовый сбой, всё лежит', topic: 'other', language: 'ru', tier: 'Corporate', impact: 'wide_outage' });
  });

  it('through classifyCase: figures per language and P1 recall on the impact rows, each miss named', () => {
    const cases = readLabelledCases(fixture, corpusColumns);
    const report = evaluateCases(cases, { config: givenConfig() });
    assert.equal(report.predictor, 'classifyCase');
    assert.deepEqual(Object.keys(report.perLanguage), ['en', 'he', 'ru']);
    assert.equal(report.perLanguage.he?.rows, 2);
    // he: c-5 safety by rule, c-6 account_access by its English keyword: both right.
    assert.equal(report.perLanguage.he?.accuracy, 1);
    // Safety (c-1, c-5) is P1 by topic; the Corporate outage c-3 gets P2 (P1 only for VIP), c-7 has no signal.
    assert.deepEqual([report.p1?.impactRows, report.p1?.p1], [4, 2]);
    assert.deepEqual(
      report.p1?.misses.map((m) => [m.id, m.priority, m.signals]),
      [
        ['c-3', 'P2', ['outage']],
        ['c-7', 'P3', []],
      ],
    );
    assert.deepEqual(report.p1?.perImpact, { safety_injury: { rows: 2, p1: 2 }, wide_outage: { rows: 2, p1: 0 } });
    assert.deepEqual(report.p1?.noImpact, { rows: 3, p1: 0 });
    const text = formatCaseEvaluation(report);
    assert.match(text, /P1 recall on impact rows: 2\/4/);
    assert.match(text, /missed c-7 \(wide_outage\): P3/);
    assert.match(text, /^ {2}he {4}rows 2 {5}accuracy 1\.000/m);
  });

  it('counts rows without impact given P1 anyway (a safety case nobody was hurt in)', () => {
    const cases = [
      { id: 'n-1', text: 'Accident\nA small accident in the car park, nobody hurt', topic: 'safety_incident', language: 'en', tier: 'Private', impact: 'none' },
      { id: 'n-2', text: 'Refund\nPlease refund the cancelled ride', topic: 'payments_billing', language: 'en', tier: 'Private', impact: 'none' },
      { id: 'n-3', text: 'Outage\nOutage for all of us', topic: 'other', language: 'en', tier: 'VIP', impact: 'wide_outage' },
    ];
    const report = evaluateCases(cases, { config: givenConfig() });
    assert.deepEqual(report.p1?.noImpact, { rows: 2, p1: 1 });
    assert.match(formatCaseEvaluation(report), /P1 on rows without impact: 1\/2/);
  });

  it('the model alone, per language, with no P1 figure', () => {
    const cases = readLabelledCases(fixture, corpusColumns);
    const model = trainTextModel(
      cases.map((c) => c.text),
      cases.map((c) => c.topic),
      { minDf: 1, calibrate: false },
    );
    const report = evaluateCases(cases, { model });
    assert.equal(report.predictor, 'model');
    assert.equal(report.accuracy, 1, 'a model predicts its own training rows');
    assert.equal(report.p1, undefined);
    assert.equal(report.perLanguage.ru?.rows, 2);
  });
});
