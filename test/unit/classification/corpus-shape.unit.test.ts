/**
 * The shape of the ride-hailing corpus (corpus/ride-hailing): the three files (train, dev, held-out)
 * parse with the project's own CSV reader, carry the agreed columns and values, have the counts issue 14
 * asks for per language and topic, and share no text (else the dev and held-out figures would flatter
 * the model). Topics must be the ones config/classification.yaml defines, so a renamed topic fails here.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { parseCsv } from '../../../src/classification-io/csv-parse.js';

const repoFile = (path: string): string => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
const columns = ['id', 'language', 'subject', 'description', 'topic', 'tier', 'impact'] as const;
type Row = Record<(typeof columns)[number], string>;
const languages = ['en', 'ru', 'he'];
const tiers = ['Private', 'Corporate', 'VIP'];
const impacts = ['none', 'wide_outage', 'safety_injury', 'safety_threat'];
const safetyImpacts = ['safety_injury', 'safety_threat'];

function readCorpus(name: string): Row[] {
  const source = `corpus/ride-hailing/${name}`;
  const [header, ...records] = parseCsv(readFileSync(repoFile(source), 'utf8'), source);
  assert.deepEqual(header?.fields, [...columns], `${source}: header`);
  return records.map((record) => {
    assert.equal(record.fields.length, columns.length, `${source}: line ${record.line} has ${record.fields.length} fields`);
    return Object.fromEntries(columns.map((column, k) => [column, record.fields[k]!])) as Row;
  });
}

const configTopics: string[] = (parse(readFileSync(repoFile('config/classification.yaml'), 'utf8')) as { topics: { id: string }[] }).topics.map((t) => t.id);
const train = readCorpus('train.csv');
const heldout = readCorpus('heldout.csv');
const dev = readCorpus('dev.csv');

/** Case, spacing and punctuation do not make two texts different. */
const normalise = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[\s\p{P}]+/gu, ' ')
    .trim();
const fullText = (row: Row): string => normalise(`${row.subject} ${row.description}`);
const count = (rows: Row[], keep: (row: Row) => boolean): number => rows.filter(keep).length;

function assertValues(rows: Row[], file: string): void {
  for (const row of rows) {
    const where = `${file} ${row.id}`;
    assert.ok(languages.includes(row.language), `${where}: language "${row.language}"`);
    assert.ok(configTopics.includes(row.topic), `${where}: topic "${row.topic}" is not in config/classification.yaml (${configTopics.join(', ')})`);
    assert.ok(tiers.includes(row.tier), `${where}: tier "${row.tier}"`);
    assert.ok(impacts.includes(row.impact), `${where}: impact "${row.impact}"`);
    assert.ok(row.subject.trim() !== '' || row.description.trim() !== '', `${where}: no text at all`);
    // Label guideline (README): injury and threat are safety cases; a wide outage is never one.
    assert.equal(safetyImpacts.includes(row.impact), row.topic === 'safety_incident' && row.impact !== 'none', `${where}: impact ${row.impact} with topic ${row.topic}`);
  }
}

/** English rows hold no Cyrillic or Hebrew; Russian and Hebrew rows their own script, bar a few transliterated ones. */
function assertScripts(rows: Row[], file: string): void {
  const script = { ru: /\p{Script=Cyrillic}/u, he: /\p{Script=Hebrew}/u };
  for (const row of rows.filter((r) => r.language === 'en')) {
    assert.ok(!script.ru.test(fullText(row)) && !script.he.test(fullText(row)), `${file} ${row.id}: English row in another script`);
  }
  for (const language of ['ru', 'he'] as const) {
    const own = rows.filter((r) => r.language === language);
    const latinOnly = own.filter((r) => !script[language].test(fullText(r)));
    assert.ok(latinOnly.length <= Math.ceil(own.length * 0.01), `${file}: ${latinOnly.length} ${language} rows without ${language} script: ${latinOnly.map((r) => r.id).join(', ')}`);
  }
}

describe('ride-hailing corpus: shape', () => {
  it('all files have valid values, unique ids and topics of config/classification.yaml only', () => {
    assertValues(train, 'train.csv');
    assertValues(heldout, 'heldout.csv');
    assertValues(dev, 'dev.csv');
    assert.ok(
      dev.every((r) => r.id.startsWith(`d-${r.language}-`)),
      'dev ids are d-<language>-NNNN',
    );
    const ids = [...train, ...heldout, ...dev].map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length, 'duplicate ids');
  });

  it('each row is in the script of its language', () => {
    assertScripts(train, 'train.csv');
    assertScripts(heldout, 'heldout.csv');
    assertScripts(dev, 'dev.csv');
  });

  it('train.csv: ≥ 1,950 cases, ≥ 650 per language, ≥ 50 per topic in every language, outages and safety cases in each', () => {
    assert.ok(train.length >= 1950, `${train.length} rows`);
    for (const language of languages) {
      const own = train.filter((r) => r.language === language);
      assert.ok(own.length >= 650, `${language}: ${own.length} rows`);
      for (const topic of configTopics) assert.ok(count(own, (r) => r.topic === topic) >= 50, `${language}/${topic}: ${count(own, (r) => r.topic === topic)} rows`);
      for (const impact of impacts) assert.ok(count(own, (r) => r.impact === impact) >= 20, `${language}/${impact}: ${count(own, (r) => r.impact === impact)} rows`);
    }
  });

  it('heldout.csv: ≥ 330 cases, ≥ 110 per language, each with ≥ 10 wide outages and ≥ 10 injury/threat cases', () => {
    assert.ok(heldout.length >= 330, `${heldout.length} rows`);
    for (const language of languages) {
      const own = heldout.filter((r) => r.language === language);
      assert.ok(own.length >= 110, `${language}: ${own.length} rows`);
      for (const topic of configTopics) assert.ok(count(own, (r) => r.topic === topic) >= 8, `${language}/${topic}: ${count(own, (r) => r.topic === topic)} rows`);
      assert.ok(count(own, (r) => r.impact === 'wide_outage') >= 10, `${language}: wide outages`);
      assert.ok(count(own, (r) => safetyImpacts.includes(r.impact)) >= 10, `${language}: injury/threat cases`);
    }
  });

  it('dev.csv: ≥ 300 cases, ≥ 100 per language, every topic, ≥ 10 wide outages and ≥ 8 injury/threat cases per language', () => {
    assert.ok(dev.length >= 300, `${dev.length} rows`);
    for (const language of languages) {
      const own = dev.filter((r) => r.language === language);
      assert.ok(own.length >= 100, `${language}: ${own.length} rows`);
      for (const topic of configTopics) assert.ok(count(own, (r) => r.topic === topic) >= 8, `${language}/${topic}: ${count(own, (r) => r.topic === topic)} rows`);
      assert.ok(count(own, (r) => r.impact === 'wide_outage') >= 10, `${language}: wide outages`);
      assert.ok(count(own, (r) => safetyImpacts.includes(r.impact)) >= 8, `${language}: injury/threat cases`);
    }
  });

  it('no dev text (whole, or its description) appears in train or held-out', () => {
    const otherTexts = new Set([...train, ...heldout].flatMap((r) => [fullText(r), normalise(r.description)]));
    for (const row of dev) {
      assert.ok(!otherTexts.has(fullText(row)), `dev ${row.id} is also in train or held-out`);
      const description = normalise(row.description);
      if (description.length >= 20) assert.ok(!otherTexts.has(description), `dev ${row.id}: description also in train or held-out`);
    }
  });

  it('no text appears twice in a file, and no held-out text (whole, or its description) appears in train', () => {
    for (const [file, rows] of [['train.csv', train] as const, ['heldout.csv', heldout] as const, ['dev.csv', dev] as const]) {
      const seen = new Map<string, string>();
      for (const row of rows) {
        const text = fullText(row);
        assert.ok(!seen.has(text), `${file}: ${row.id} repeats ${seen.get(text)}`);
        seen.set(text, row.id);
      }
    }
    const trainTexts = new Set(train.flatMap((r) => [fullText(r), normalise(r.description)]));
    for (const row of heldout) {
      assert.ok(!trainTexts.has(fullText(row)), `heldout ${row.id} is also in train`);
      const description = normalise(row.description);
      if (description.length >= 20) assert.ok(!trainTexts.has(description), `heldout ${row.id}: description also in train`);
    }
  });
});
