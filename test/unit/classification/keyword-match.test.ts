import assert from 'node:assert/strict';
import { buildKeywordIndex, findKeywordHits } from '../../../src/domain/classification/keyword-match.js';
import type { PhraseMatching } from '../../../src/domain/classification/keyword-match.js';
import { isFieldConditionMet, prepareText } from '../../../src/domain/classification/text-match.js';

const ADJACENT: PhraseMatching = { maxWordsBetween: 0, anyOrder: false };
const WINDOW_3: PhraseMatching = { maxWordsBetween: 3, anyOrder: false };
const ANY_ORDER: PhraseMatching = { maxWordsBetween: 3, anyOrder: true };

function hitsFor(keywords: string[], text: string, matching: PhraseMatching = WINDOW_3): string[] {
  const index = buildKeywordIndex(
    keywords.map((keyword) => ({ owner: 0, keyword })),
    matching,
  );
  return findKeywordHits(index, prepareText(text).words).get(0) ?? [];
}

describe('keyword matching', () => {
  it('matches whole words by stem, not inside other words', () => {
    assert.deepEqual(hitsFor(['refund'], 'Refunded yesterday, still no refunds'), ['refund']);
    assert.deepEqual(hitsFor(['charge'], 'The driver was in charge of the luggage'), ['charge']);
    assert.deepEqual(hitsFor(['card'], 'discard the order'), []);
  });

  it('meets Russian inflections through the Snowball stem', () => {
    assert.deepEqual(hitsFor(['водитель'], 'Жалоба на водителей из аэропорта'), ['водитель']);
    assert.deepEqual(hitsFor(['пассажир'], 'пассажира высадили не там'), ['пассажир']);
    assert.deepEqual(hitsFor(['авария'], 'Попали в аварию на Ленинском'), ['авария']);
    assert.deepEqual(hitsFor(['заказ'], 'приказ директора'), []);
  });

  it('keeps a trailing * a prefix of the written form', () => {
    assert.deepEqual(hitsFor(['приложение водител*'], 'приложение водителя не грузится'), ['приложение водител*']);
    assert.deepEqual(hitsFor(['refund*'], 'refundable ticket'), ['refund*']);
  });

  it('matches a phrase with a few words between, but not more and not across a sentence end', () => {
    assert.deepEqual(hitsFor(['списали дважды'], 'Списали деньги дважды за одну поездку'), ['списали дважды']);
    assert.deepEqual(hitsFor(['charged twice'], 'I was charged for this ride twice'), ['charged twice']);
    assert.deepEqual(hitsFor(['charged twice'], 'charged for the ride to the airport twice'), []);
    assert.deepEqual(hitsFor(['charged twice'], 'I was charged. Twice I called support'), []);
    assert.deepEqual(hitsFor(['לא מצליח להתחבר'], 'אני לא ממש מצליח להתחבר לאפליקציה'), ['לא מצליח להתחבר']);
  });

  it('with maxWordsBetween 0 wants the words next to each other', () => {
    assert.deepEqual(hitsFor(['charged twice'], 'I was charged, twice!', ADJACENT), ['charged twice']);
    assert.deepEqual(hitsFor(['списали дважды'], 'Списали деньги дважды', ADJACENT), []);
  });

  it('keeps the written order unless anyOrder', () => {
    assert.deepEqual(hitsFor(['списали дважды'], 'Дважды списали за поездку'), []);
    assert.deepEqual(hitsFor(['списали дважды'], 'Дважды списали за поездку', ANY_ORDER), ['списали дважды']);
    assert.deepEqual(hitsFor(['no orders'], 'orders: no', ANY_ORDER), ['no orders']);
    assert.deepEqual(hitsFor(['all drivers'], 'drivers all over the city', ANY_ORDER), ['all drivers']);
    assert.deepEqual(hitsFor(['all drivers'], 'all of the drivers', ANY_ORDER), ['all drivers']);
    assert.deepEqual(hitsFor(['all drivers'], 'drivers are fine. All good', ANY_ORDER), []);
  });

  it('needs a separate case word for each keyword word', () => {
    assert.deepEqual(hitsFor(['again and again'], 'and again the app froze', ANY_ORDER), []);
    assert.deepEqual(hitsFor(['again and again'], 'it froze again and then again', ANY_ORDER), ['again and again']);
  });

  it('folds ё, ß, niqqud and final letters on both sides', () => {
    assert.deepEqual(hitsFor(['счёт'], 'где мой счет'), ['счёт']);
    assert.deepEqual(hitsFor(['strasse'], 'Hauptstraße und Straße'), ['strasse']);
    assert.deepEqual(hitsFor(['שָׁלוֹם'], 'שלום לכם'), ['שָׁלוֹם']);
    assert.deepEqual(hitsFor(['חשבון*'], 'בדקתי את החשבונות'), ['חשבון*']);
  });

  it('matches Hebrew words behind up to two fused one-letter prefixes', () => {
    assert.deepEqual(hitsFor(['אפליקציה'], 'ובאפליקציה יש תקלה'), ['אפליקציה']);
    assert.deepEqual(hitsFor(['משטרה'], 'התקשרתי למשטרה'), ['משטרה']);
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
