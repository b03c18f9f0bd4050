import assert from 'node:assert/strict';
import { classifyCase } from '../../../src/domain/classification/classify-case.js';
import { trainTextModel } from '../../../src/domain/classification/train.js';
import { givenCase, givenConfig } from './given.js';

describe('classifyCase: topic rules', () => {
  it('matches keywords in English, Russian (prefix keyword) and Hebrew (fused prefix letter)', () => {
    const config = givenConfig();
    assert.equal(classifyCase(givenCase({ subject: 'The Driver App freezes' }), config).topic, 'driver_app');
    assert.equal(classifyCase(givenCase({ description: 'Не работает приложение водителя' }), config).topic, 'driver_app');
    // "באפליקציית" = ב + אפליקציית; נהגים extends the prefix נהג*
    assert.equal(classifyCase(givenCase({ description: 'תקלה באפליקציית נהגים' }), config).topic, 'driver_app');
  });

  it('matches a regex pattern and a field predicate, and names them in the reasons', () => {
    const config = givenConfig();
    const byPattern = classifyCase(givenCase({ description: 'לקחו ממני 45 ₪' }), config);
    assert.equal(byPattern.topic, 'payments_billing');
    assert.ok(byPattern.reasons.some((r) => r.ref === 'payments_billing/amount' && r.text.includes('/\\d+\\s?₪/')));
    const byField = classifyCase(givenCase({ description: 'hello', fields: { Origin: 'driver app' } }), config);
    assert.equal(byField.topic, 'driver_app');
    assert.ok(byField.reasons.some((r) => r.ref === 'driver_app/origin' && r.text.includes('Origin = Driver App')));
  });

  it('precedence beats score: a safety incident wins over two matching payment rules', () => {
    const result = classifyCase(givenCase({ description: 'Accident during the ride, and I was charged twice: 90 ₪' }), givenConfig());
    assert.equal(result.topic, 'safety_incident');
    assert.equal(result.source, 'rule');
    assert.ok(result.reasons.some((r) => r.kind === 'topic-rule-outranked' && r.text.startsWith('payments_billing also matched (precedence 0, score 2)')));
  });

  it('with equal precedence the higher score wins, and on a tie the topic listed first', () => {
    const config = givenConfig();
    // payments: keyword + pattern = 2; driver_app: keyword = 1
    assert.equal(classifyCase(givenCase({ description: 'driver app: refund of 30 ₪ please' }), config).topic, 'payments_billing');
    // driver_app 1 vs payments 1 → driver_app is listed first
    assert.equal(classifyCase(givenCase({ description: 'driver app refund' }), config).topic, 'driver_app');
  });

  it('falls back to the fallback topic with confidence 0 when nothing matches', () => {
    const result = classifyCase(givenCase({ subject: 'Question', description: 'Where is your office?' }), givenConfig());
    assert.deepEqual([result.topic, result.source, result.confidence], ['other', 'fallback', 0]);
  });

  it('reports the language from the script, or the hint when given', () => {
    const config = givenConfig();
    assert.equal(classifyCase(givenCase({ description: 'Сбой оплаты' }), config).language, 'ru');
    assert.equal(classifyCase(givenCase({ description: 'השבתה' }), config).language, 'he');
    assert.equal(classifyCase(givenCase({ description: 'outage', languageHint: 'DE' }), config).language, 'de');
  });
});

describe('classifyCase: priority', () => {
  it('the first matching priority rule wins (rule order is the precedence)', () => {
    const config = givenConfig();
    const vipOutage = classifyCase(givenCase({ description: 'outage everywhere', fields: { Customer_Tier__c: 'VIP' } }), config);
    assert.deepEqual([vipOutage.priority, vipOutage.prioritySource, vipOutage.signals], ['P1', 'rule', ['outage']]);
    assert.ok(vipOutage.reasons.some((r) => r.ref === 'priority:vip-outage'));
    const privateOutage = classifyCase(givenCase({ description: 'outage everywhere' }), config);
    assert.equal(privateOutage.priority, 'P2');
    // safety is listed before every tier rule, so even a private safety case is P1
    assert.equal(classifyCase(givenCase({ description: 'авария' }), config).priority, 'P1');
  });

  it('uses the default when no rule matches, and compares tiers case-insensitively', () => {
    const config = givenConfig();
    const corporate = classifyCase(givenCase({ description: 'driver app question', fields: { Customer_Tier__c: 'Corporate' } }), config);
    assert.deepEqual([corporate.priority, corporate.prioritySource], ['P3', 'default']);
    assert.equal(classifyCase(givenCase({ description: 'hello', fields: { Customer_Tier__c: 'vip' } }), config).priority, 'P2');
  });

  it('keeps a priority a person set and records what casebridge would have chosen', () => {
    const input = givenCase({ description: 'I was charged twice', fields: { Customer_Tier__c: 'Private', Priority: 'P4', Priority_Source__c: 'human' } });
    const result = classifyCase(input, givenConfig());
    assert.equal(result.priority, 'P4');
    assert.equal(result.prioritySource, 'human');
    assert.equal(result.computedPriority, 'P2');
    assert.equal(result.differsFromHuman, true);
    assert.ok(result.reasons.some((r) => r.kind === 'human-priority' && r.text.includes('would have chosen P2')));
  });

  it('sets the priority when the source is not human or the human left it empty', () => {
    const config = givenConfig();
    const byAutomation = classifyCase(givenCase({ description: 'charged twice', fields: { Priority: 'P4', Priority_Source__c: 'casebridge' } }), config);
    assert.deepEqual([byAutomation.priority, byAutomation.prioritySource], ['P2', 'rule']);
    const empty = classifyCase(givenCase({ description: 'charged twice', fields: { Priority: '', Priority_Source__c: 'human' } }), config);
    assert.equal(empty.prioritySource, 'rule');
    const agrees = classifyCase(givenCase({ description: 'charged twice', fields: { Priority: 'P2', Priority_Source__c: 'Human' } }), config);
    assert.deepEqual([agrees.prioritySource, agrees.differsFromHuman], ['human', false]);
  });
});

describe('classifyCase: rules and model combined', () => {
  const texts = ['the app froze on the map', 'map froze again in the app', 'froze map screen', 'my card was billed', 'billed card wrong amount', 'card billed twice'];
  const labels = ['driver_app', 'driver_app', 'driver_app', 'payments_billing', 'payments_billing', 'payments_billing'];
  const model = trainTextModel(texts, labels, { minDf: 1 });

  it('rules-first: a rule hit wins over the model', () => {
    const result = classifyCase(givenCase({ description: 'card billed, cannot log in' }), givenConfig(), model);
    assert.deepEqual([result.topic, result.source], ['account_access', 'rule']);
  });

  it('uses a confident model topic when no rule matches, naming its top terms', () => {
    const result = classifyCase(givenCase({ description: 'map froze' }), givenConfig({ model: { minConfidence: 0 } }), model);
    assert.deepEqual([result.topic, result.source], ['driver_app', 'model']);
    const reason = result.reasons.find((r) => r.kind === 'model');
    assert.ok(
      reason?.terms?.some((t) => t.term === 'froze' || t.term === 'map'),
      JSON.stringify(reason),
    );
  });

  it('ignores a model topic below minConfidence and says so', () => {
    const result = classifyCase(givenCase({ description: 'map froze' }), givenConfig({ model: { minConfidence: 1 } }), model);
    assert.equal(result.topic, 'other');
    assert.ok(result.reasons.some((r) => r.kind === 'model-not-used' && r.text.includes('below model.minConfidence 1')));
  });

  it('model-first: a confident model wins over a rule', () => {
    const config = givenConfig({ policy: 'model-first', model: { minConfidence: 0 } });
    const result = classifyCase(givenCase({ description: 'card billed, cannot log in' }), config, model);
    assert.deepEqual([result.topic, result.source], ['payments_billing', 'model']);
  });

  it('model-first: a rule topic of higher precedence still outranks the model, and the reasons say so', () => {
    const config = givenConfig({ policy: 'model-first', model: { minConfidence: 0 } });
    const result = classifyCase(givenCase({ description: 'card billed twice after the accident' }), config, model);
    assert.deepEqual([result.topic, result.source], ['safety_incident', 'rule']);
    assert.ok(
      result.reasons.some((r) => r.ref === 'precedence' && r.text.includes("outranks the model's payments_billing")),
      JSON.stringify(result.reasons),
    );
  });
});
