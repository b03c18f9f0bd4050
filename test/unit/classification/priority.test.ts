/**
 * choosePriority's `allSignals` condition (issue 14): weak impact cues ("everyone", "can't") make a
 * case P1 only when all of them are found, and the decision names every signal that fired; a rule
 * naming an unknown signal there is a config problem. `priority.phraseMatching` gives the signals'
 * phrases a window of their own.
 */
import assert from 'node:assert/strict';
import { classificationFileSchema } from '../../../src/config/schemas/classification.js';
import { checkClassification } from '../../../src/config/schemas/classification-checks.js';
import { choosePriority, describePriorityRule } from '../../../src/domain/classification/priority.js';
import { classifyCase } from '../../../src/domain/classification/classify-case.js';
import { givenCase, givenConfig, givenRawConfig } from './given.js';

function configWithRules(rules: unknown[]): ReturnType<typeof classificationFileSchema.parse> {
  const raw = givenRawConfig();
  const priority = raw.priority as Record<string, unknown>;
  const signals = [
    { id: 'group', keywords: { en: ['everyone'] } },
    { id: 'failure', keywords: { en: ["can't"] } },
    { id: 'outage', keywords: { en: ['outage'] } },
  ];
  return classificationFileSchema.parse({ ...raw, priority: { ...priority, signals, rules } });
}

describe('choosePriority: allSignals', () => {
  const config = configWithRules([
    { id: 'group-failing', allSignals: ['group', 'failure'], priority: 'P1' },
    { id: 'any-outage', signals: ['outage', 'group'], priority: 'P2' },
  ]);

  it('decides only when every listed signal was found, and names them', () => {
    const both = choosePriority(config, 'other', new Set(['group', 'failure']), {});
    assert.deepEqual(both, { priority: 'P1', ruleId: 'group-failing', firedSignals: ['group', 'failure'] });
    const groupOnly = choosePriority(config, 'other', new Set(['group']), {});
    assert.deepEqual(groupOnly, { priority: 'P2', ruleId: 'any-outage', firedSignals: ['group'] });
    const failureOnly = choosePriority(config, 'other', new Set(['failure']), {});
    assert.deepEqual([failureOnly.priority, failureOnly.ruleId], ['P3', undefined]);
  });

  it('is described for reasons and checked against the configured signals', () => {
    assert.equal(describePriorityRule(config, 'group-failing'), 'all signals of [group, failure]');
    const wrong = configWithRules([{ id: 'typo', allSignals: ['group', 'failur'], priority: 'P1' }]);
    const issues = checkClassification(wrong);
    assert.deepEqual(
      issues.map((i) => [i.path.join('.'), i.message]),
      [['priority.rules.0.allSignals.1', 'unknown signal "failur" (not in priority.signals: group, failure, outage)']],
    );
  });

  it('a rule with only allSignals is not a catch-all', () => {
    const config2 = configWithRules([
      { id: 'group-failing', allSignals: ['group', 'failure'], priority: 'P1' },
      { id: 'rest', priority: 'P4' },
    ]);
    assert.deepEqual(checkClassification(config2), []);
  });
});

describe('priority.phraseMatching: a window of the signals’ own', () => {
  // "charged twice" is both a payments keyword and the charged_twice signal (rule money: P2).
  const loose = givenCase({ description: 'I was charged for my ride twice' });
  const tight = givenCase({ description: 'I was charged twice for my ride' });

  it('tightens the signals only: the topic still matches with words between', () => {
    const config = givenConfig({ priority: { ...(givenRawConfig().priority as object), phraseMatching: { maxWordsBetween: 0 } } });
    const spread = classifyCase(loose, config);
    assert.equal(spread.topic, 'payments_billing');
    assert.equal(spread.priority, 'P3');
    const together = classifyCase(tight, config);
    assert.deepEqual([together.topic, together.priority], ['payments_billing', 'P2']);
  });

  it('without it, the signals take the topics’ window', () => {
    const spread = classifyCase(loose, givenConfig());
    assert.deepEqual([spread.topic, spread.priority], ['payments_billing', 'P2']);
  });
});
