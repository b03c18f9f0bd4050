/**
 * choosePriority's `allSignals` condition (issue 14): weak impact cues ("everyone", "can't") make a
 * case P1 only when all of them are found, and the decision names every signal that fired; a rule
 * naming an unknown signal there is a config problem.
 */
import assert from 'node:assert/strict';
import { classificationFileSchema } from '../../../src/config/schemas/classification.js';
import { checkClassification } from '../../../src/config/schemas/classification-checks.js';
import { choosePriority, describePriorityRule } from '../../../src/domain/classification/priority.js';
import { givenRawConfig } from './given.js';

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
      [['priority.rules.0.allSignals.1', 'unknown signal "failur" (not in priority.signals)']],
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
