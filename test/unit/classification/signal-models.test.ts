/**
 * Learned impact signals (issue 14): a signal that names a model fires when that model gives the
 * signal's label at least `minConfidence`, so an outage told in words no keyword list has still
 * makes the case P1. The impact model here is trained in the test on a handful of rows.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeModelFile } from '../../../src/classification-io/files.js';
import { checkSignalModels, readSignalModels } from '../../../src/classification-io/signal-models.js';
import { classificationFileSchema } from '../../../src/config/schemas/classification.js';
import type { ClassificationConfig } from '../../../src/config/schemas/classification.js';
import { classifyCase } from '../../../src/domain/classification/classify-case.js';
import type { LinearTextModel } from '../../../src/domain/classification/model.js';
import { trainTextModel } from '../../../src/domain/classification/train.js';
import { givenCase, givenRawConfig } from './given.js';

const OUTAGES = [
  'every driver in our queue sits on a grey screen',
  'no car anywhere for the whole queue at the station',
  'the grey screen again, the whole queue stuck',
  'all of us in the queue on a grey screen since noon',
];
const ORDINARY = [
  'my driver was rude to me',
  'please send me the invoice for March',
  'the driver took a longer route',
  'I left my umbrella in the car',
  'how do I change my card',
  'the receipt shows the wrong address',
];

function trainImpactModel(): LinearTextModel {
  const texts = [...OUTAGES, ...ORDINARY];
  const labels = [...OUTAGES.map(() => 'wide_outage'), ...ORDINARY.map(() => 'none')];
  return trainTextModel(texts, labels, { minDf: 1 });
}

/** The test config with a model-only signal that makes a case P1 through its own rule. */
function configWithModelSignal(signal: Record<string, unknown> = {}): ClassificationConfig {
  const raw = givenRawConfig();
  const priority = raw.priority as { signals: unknown[]; rules: unknown[] };
  priority.signals.push({ id: 'outage_learned', model: { file: 'models/impact.json', label: 'wide_outage', minConfidence: 0.5 }, ...signal });
  priority.rules.unshift({ id: 'learned-outage', signals: ['outage_learned'], priority: 'P1' });
  return classificationFileSchema.parse(raw);
}

const model = trainImpactModel();
const models = new Map([['models/impact.json', model]]);

describe('learned impact signals', () => {
  it('fire on an outage told without any keyword and give P1, naming the model and its confidence', () => {
    const result = classifyCase(givenCase({ description: 'whole queue on a grey screen, every driver' }), configWithModelSignal(), undefined, models);
    assert.deepEqual(result.signals, ['outage_learned']);
    assert.equal(result.priority, 'P1');
    const reason = result.reasons.find((r) => r.kind === 'signal');
    assert.match(reason?.text ?? '', /^impact signal outage_learned: impact model: wide_outage 0\.\d+ \(minConfidence 0\.5, models\/impact\.json\)$/);
  });

  it('stay quiet on an ordinary case', () => {
    const result = classifyCase(givenCase({ description: 'the driver was rude and took a longer route' }), configWithModelSignal(), undefined, models);
    assert.deepEqual(result.signals, []);
    assert.notEqual(result.priority, 'P1');
  });

  it('follow minConfidence: a threshold above every confidence never fires', () => {
    const result = classifyCase(
      givenCase({ description: 'whole queue on a grey screen, every driver' }),
      configWithModelSignal({ model: { file: 'models/impact.json', label: 'wide_outage', minConfidence: 1 } }),
      undefined,
      models,
    );
    assert.deepEqual(result.signals, []);
  });

  it('are gated by the signal fields: a tier the signal excludes is not scored', () => {
    const config = configWithModelSignal({ fields: [{ field: 'Customer_Tier__c', equals: 'VIP' }] });
    const text = 'whole queue on a grey screen, every driver';
    assert.deepEqual(classifyCase(givenCase({ description: text }), config, undefined, models).signals, []);
    assert.deepEqual(classifyCase(givenCase({ description: text, fields: { Customer_Tier__c: 'VIP' } }), config, undefined, models).signals, ['outage_learned']);
  });

  it('say so, and do not fire, when classifyCase is given no models', () => {
    const result = classifyCase(givenCase({ description: 'whole queue on a grey screen, every driver' }), configWithModelSignal());
    assert.deepEqual(result.signals, []);
    assert.ok(result.reasons.some((r) => r.kind === 'signal-not-used' && r.text.includes('models/impact.json not loaded')));
  });

  it('are refused by the schema without a model file or with a confidence of 0', () => {
    assert.throws(() => configWithModelSignal({ model: { label: 'wide_outage', minConfidence: 0.5 } }), /file/);
    assert.throws(() => configWithModelSignal({ model: { file: 'models/impact.json', label: 'wide_outage', minConfidence: 0 } }), /0 would fire on every case/);
  });
});

describe('readSignalModels', () => {
  const configDir = mkdtempSync(path.join(tmpdir(), 'signal-models-'));

  it('loads each named file once, keyed as written in the config', () => {
    writeModelFile(path.join(configDir, 'impact.json'), model);
    const config = configWithModelSignal({ model: { file: 'impact.json', label: 'wide_outage', minConfidence: 0.5 } });
    const loaded = readSignalModels(configDir, config);
    assert.deepEqual([...loaded.keys()], ['impact.json']);
    assert.deepEqual(loaded.get('impact.json')?.labels, model.labels);
  });

  it('refuses a missing file, naming the signal, the path and how to train one', () => {
    const config = configWithModelSignal({ model: { file: 'absent.json', label: 'wide_outage', minConfidence: 0.5 } });
    assert.throws(
      () => readSignalModels(configDir, config),
      /priority\.signals\[2\] \(outage_learned\): model\.file absent\.json: no such file .*absent\.json \(train it with casebridge classify train --label impact/,
    );
  });

  it('refuses a label the model was not trained on, listing its labels', () => {
    writeModelFile(path.join(configDir, 'impact.json'), model);
    const config = configWithModelSignal({ model: { file: 'impact.json', label: 'wide_outages', minConfidence: 0.5 } });
    const { problems } = checkSignalModels(configDir, config);
    assert.deepEqual(problems, [`classification.yaml priority.signals[2] (outage_learned): model.file impact.json: unknown label "wide_outages" (the model's labels: ${model.labels.join(', ')})`]);
  });

  it('refuses a file that is not a model', () => {
    writeFileSync(path.join(configDir, 'notes.json'), '{"hello": 1}');
    const config = configWithModelSignal({ model: { file: 'notes.json', label: 'wide_outage', minConfidence: 0.5 } });
    assert.throws(() => readSignalModels(configDir, config), /outage_learned\): model\.file notes\.json: /);
  });
});
