import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { classificationFileSchema } from '../../../src/config/schemas/classification.js';
import { checkClassification } from '../../../src/config/schemas/classification-checks.js';
import { classifyCase } from '../../../src/domain/classification/classify-case.js';
import { givenConfig, givenRawConfig } from './given.js';

function issuesOf(raw: Record<string, unknown>): Array<{ path: string; message: string }> {
  const parsed = classificationFileSchema.safeParse(raw);
  if (!parsed.success) return parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  return checkClassification(parsed.data).map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('classification.yaml schema', () => {
  it('fills documented defaults', () => {
    const config = givenConfig();
    assert.equal(config.fallbackTopic, 'other');
    assert.equal(config.policy, 'rules-first');
    assert.deepEqual(config.model, { minConfidence: 0.6, topTerms: 5 });
    assert.equal(config.priority.default, 'P3');
    assert.equal(config.priority.tierField, 'Customer_Tier__c');
    assert.equal(config.topics[1]?.rules[0]?.weight, 1);
  });

  it('defaults phrase matching to 3 words between, in order', () => {
    assert.deepEqual(givenConfig().phraseMatching, { maxWordsBetween: 3, anyOrder: false });
  });

  it('says what phraseMatching expects', () => {
    const issues = issuesOf(givenRawConfig({ phraseMatching: { maxWordsBetween: 2.5, anyOrder: 'yes' } }));
    assert.ok(
      issues.some((i) => i.path === 'phraseMatching.maxWordsBetween' && /whole number of words/.test(i.message)),
      JSON.stringify(issues),
    );
    assert.ok(
      issues.some((i) => i.path === 'phraseMatching.anyOrder' && /true or false/.test(i.message)),
      JSON.stringify(issues),
    );
    const tooWide = issuesOf(givenRawConfig({ phraseMatching: { maxWordsBetween: 40 } }));
    assert.ok(
      tooWide.some((i) => i.path === 'phraseMatching.maxWordsBetween' && /at most 10/.test(i.message)),
      JSON.stringify(tooWide),
    );
  });

  it("says what the signals' priority.phraseMatching expects, and leaves it unset by default", () => {
    assert.equal(givenConfig().priority.phraseMatching, undefined);
    const priority = givenRawConfig().priority as Record<string, unknown>;
    const issues = issuesOf(givenRawConfig({ priority: { ...priority, phraseMatching: { maxWordsBetween: 40, window: 2 } } }));
    assert.ok(
      issues.some((i) => i.path === 'priority.phraseMatching.maxWordsBetween' && /at most 10/.test(i.message)),
      JSON.stringify(issues),
    );
    assert.ok(
      issues.some((i) => i.path === 'priority.phraseMatching' && /window/.test(i.message)),
      JSON.stringify(issues),
    );
  });

  it('refuses unknown keys at every level', () => {
    const raw = givenRawConfig({ extra: 1 });
    const topics = raw.topics as Array<Record<string, unknown>>;
    topics[0] = { ...topics[0], colour: 'red' };
    const issues = issuesOf(raw);
    assert.ok(
      issues.some((i) => i.path === '' && /extra/.test(i.message)),
      JSON.stringify(issues),
    );
    assert.ok(
      issues.some((i) => i.path === 'topics.0' && /colour/.test(i.message)),
      JSON.stringify(issues),
    );
  });

  it('refuses a rule without conditions and a field condition with two operators', () => {
    const raw = givenRawConfig();
    (raw.topics as Array<Record<string, unknown>>)[3] = { id: 'account_access', rules: [{ id: 'empty' }, { id: 'two', fields: [{ field: 'Origin', equals: 'Web', isSet: true }] }] };
    const issues = issuesOf(raw);
    assert.ok(issues.some((i) => i.path === 'topics.3.rules.0' && /at least one of keywords, patterns, fields/.test(i.message)));
    assert.ok(issues.some((i) => i.path === 'topics.3.rules.1.fields.0' && /exactly one of/.test(i.message)));
  });

  it('cross-checks topics, tiers, signals, regexes, duplicates and unreachable rules', () => {
    const raw = givenRawConfig({ fallbackTopic: 'misc' });
    const topics = raw.topics as Array<Record<string, unknown>>;
    topics.push({ id: 'driver_app' });
    topics[2] = {
      id: 'payments_billing',
      rules: [
        { id: 'bad', patterns: ['(unclosed'] },
        { id: 'bad', keywords: { en: ['!!!'] } },
      ],
    };
    const priority = raw.priority as { rules: Array<Record<string, unknown>> };
    priority.rules = [
      { id: 'x', topics: ['no_such_topic'], tiers: ['Gold'], signals: ['meteor'], priority: 'P1' },
      { id: 'always', priority: 'P3' },
      { id: 'x', tiers: ['VIP'], priority: 'P2' },
    ];
    const found = issuesOf(raw).map((i) => `${i.path}: ${i.message}`);
    // An unknown id's message lists the ids there are, once each.
    const topicList = [...new Set(topics.map((t) => t.id))].join(', ');
    const signalList = (raw.priority as { signals: Array<{ id: string }> }).signals.map((s) => s.id).join(', ');
    const expected = [
      'topics.5.id: duplicate topic "driver_app"',
      `fallbackTopic: unknown topic "misc" (not in topics: ${topicList})`,
      'topics.2.rules.1.id: duplicate rule id "bad" in topic payments_billing',
      'topics.2.rules.1.keywords.en.0: keyword "!!!" has no letters or digits, so it can never match',
      'priority.rules.2.id: duplicate priority rule "x"',
      `priority.rules.0.topics.0: unknown topic "no_such_topic" (not in topics: ${topicList})`,
      'priority.rules.0.tiers.0: unknown tier "Gold" (not in priority.tiers: Private, Corporate, VIP)',
      `priority.rules.0.signals.0: unknown signal "meteor" (not in priority.signals: ${signalList})`,
      'priority.rules.2: unreachable: rule "always" before it has no conditions and always matches',
    ];
    for (const line of expected) assert.ok(found.includes(line), `missing: ${line}\nfound:\n${found.join('\n')}`);
    assert.ok(
      found.some((l) => l.startsWith('topics.2.rules.0.patterns.0: invalid regular expression')),
      found.join('\n'),
    );
    assert.equal(found.length, expected.length + 1);
  });

  it('the example config/classification.yaml is valid and classifies a case in each language', () => {
    const file = fileURLToPath(new URL('../../../config/classification.yaml', import.meta.url));
    const config = classificationFileSchema.parse(parse(readFileSync(file, 'utf8')));
    assert.deepEqual(checkClassification(config), []);
    const run = (description: string, tier: string) => classifyCase({ subject: '', description, fields: { Customer_Tier__c: tier } }, config);
    const ru = run('Все водители не могут выйти на линию в приложении водителя', 'Corporate');
    assert.deepEqual([ru.topic, ru.priority, ru.language], ['driver_app', 'P1', 'ru']);
    const he = run('חויבתי פעמיים על אותה נסיעה', 'VIP');
    assert.deepEqual([he.topic, he.priority, he.language], ['payments_billing', 'P1', 'he']);
    const en = run('The driver threatened me and drove drunk, there was almost an accident', 'Private');
    assert.deepEqual([en.topic, en.priority], ['safety_incident', 'P1']);
  });
});
