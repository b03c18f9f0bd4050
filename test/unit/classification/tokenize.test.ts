import assert from 'node:assert/strict';
import { detectScript, normalizeText, splitSentenceTokens, tokenize } from '../../../src/domain/classification/tokenize.js';

describe('classification tokenizer', () => {
  it('splits Cyrillic text into lower-case words and folds ё to е', () => {
    assert.deepEqual(tokenize('Водитель НЕ может выйти на линию, всё зависло!'), ['водитель', 'не', 'может', 'выйти', 'на', 'линию', 'все', 'зависло']);
  });

  it('keeps a decomposed й (и + combining breve) as one letter of one word', () => {
    const decomposed = 'Мои\u0306'; // "Мой" typed as и + U+0306
    assert.deepEqual(tokenize(decomposed), ['мой']);
  });

  it('strips Hebrew niqqud so pointed and unpointed words are the same token', () => {
    const pointed = 'שָׁלוֹם'; // with shin dot, qamats, holam
    assert.deepEqual(tokenize(pointed), tokenize('שלום'));
    assert.equal(tokenize(pointed).length, 1);
  });

  it('maps Hebrew final letters to their regular forms', () => {
    // ך ם ן ף ץ at word end → כ מ נ פ צ
    assert.deepEqual(tokenize('חשבון שלום דרך כסף ארץ'), ['חשבונ', 'שלומ', 'דרכ', 'כספ', 'ארצ']);
    // so the stem of חשבון equals the start of its plural חשבונות
    assert.ok((tokenize('חשבונות')[0] as string).startsWith(tokenize('חשבון')[0] as string));
  });

  it('keeps a Hebrew acronym with gershayim (״ or ") as one token', () => {
    assert.deepEqual(tokenize('שלחו לצה״ל'), ['שלחו', 'לצהל']);
    assert.deepEqual(tokenize('שלחו לצה"ל'), ['שלחו', 'לצהל']);
  });

  it('keeps German umlauts inside words and folds ß to ss', () => {
    assert.deepEqual(tokenize('Größere Störung in der Straße: Überweisung fehlgeschlagen'), ['grössere', 'störung', 'in', 'der', 'strasse', 'überweisung', 'fehlgeschlagen']);
    assert.deepEqual(tokenize('STRASSE'), tokenize('Straße'));
  });

  it('treats punctuation and spaces as separators and keeps digits', () => {
    assert.deepEqual(tokenize("can't log-in (error 403)"), ['can', 't', 'log', 'in', 'error', '403']);
  });

  it('normalises decomposed umlauts to the composed letter', () => {
    assert.equal(normalizeText('U\u0308ber'), 'über');
  });

  it('detects the dominant script', () => {
    assert.equal(detectScript('Не могу войти in the app'), 'cyrillic');
    assert.equal(detectScript('לא מצליח להתחבר app'), 'hebrew');
    assert.equal(detectScript('Zahlung fehlgeschlagen'), 'latin');
    assert.equal(detectScript('12345 !!!'), 'other');
  });

  it('numbers sentences at line breaks and at . ! ? followed by a space, not inside 12.50', () => {
    const sentences = splitSentenceTokens(normalizeText('Paid £12.50 twice! Driver left.\nNo refund')).map((t) => `${t.token}/${t.sentence}`);
    assert.deepEqual(sentences, ['paid/0', '12/0', '50/0', 'twice/0', 'driver/1', 'left/1', 'no/2', 'refund/2']);
  });
});
