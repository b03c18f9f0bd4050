import assert from 'node:assert/strict';
import { buildKeywordIndex, findKeywordHits, isFieldConditionMet, prepareText } from '../../../src/domain/classification/text-match.js';

function hitsFor(keywords: string[], text: string): string[] {
  const index = buildKeywordIndex(keywords.map((keyword) => ({ owner: 0, keyword })));
  return findKeywordHits(index, prepareText(text)).get(0) ?? [];
}

describe('keyword matching', () => {
  it('matches whole words only, unless the keyword ends with *', () => {
    assert.deepEqual(hitsFor(['refund'], 'Refunded yesterday'), []);
    assert.deepEqual(hitsFor(['refund*'], 'Refunded yesterday'), ['refund*']);
  });

  it('matches a phrase only as consecutive words', () => {
    assert.deepEqual(hitsFor(['charged twice'], 'I was charged, twice!'), ['charged twice']);
    assert.deepEqual(hitsFor(['charged twice'], 'charged for a ride twice'), []);
  });

  it('folds ё, ß, niqqud and final letters on both sides', () => {
    assert.deepEqual(hitsFor(['счёт'], 'где мой счет'), ['счёт']);
    assert.deepEqual(hitsFor(['strasse'], 'Hauptstraße und Straße'), ['strasse']);
    assert.deepEqual(hitsFor(['שָׁלוֹם'], 'שלום לכם'), ['שָׁלוֹם']);
    assert.deepEqual(hitsFor(['חשבון*'], 'בדקתי את החשבונות'), ['חשבון*']);
  });

  it('matches Hebrew words behind up to two fused one-letter prefixes', () => {
    assert.deepEqual(hitsFor(['אפליקציה'], 'ובאפליקציה יש תקלה'), ['אפליקציה']);
    assert.deepEqual(hitsFor(['אפליקציה'], 'אפליקציות'), []);
  });

  it('lists each keyword once however often it occurs', () => {
    assert.deepEqual(hitsFor(['outage', 'сбой'], 'outage, outage, сбой'), ['outage', 'сбой']);
  });
});

describe('field conditions', () => {
  it('compare trimmed and case-insensitively, and treat null and blank as unset', () => {
    const fields = { Origin: ' Driver App ', Type: null, Region__c: '  ' };
    assert.equal(isFieldConditionMet({ field: 'Origin', equals: 'driver app' }, fields), true);
    assert.equal(isFieldConditionMet({ field: 'Origin', in: ['Web', 'DRIVER APP'] }, fields), true);
    assert.equal(isFieldConditionMet({ field: 'Origin', notIn: ['Driver App'] }, fields), false);
    assert.equal(isFieldConditionMet({ field: 'Type', isSet: false }, fields), true);
    assert.equal(isFieldConditionMet({ field: 'Region__c', isSet: true }, fields), false);
    assert.equal(isFieldConditionMet({ field: 'Missing', notIn: ['x'] }, fields), true);
  });
});
