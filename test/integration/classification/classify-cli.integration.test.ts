/** The classify commands as a user runs them: classify one case, train on a CSV, evaluate. */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../helpers/cli.js';

describe('casebridge classify (child processes)', function () {
  this.timeout(60_000);

  it('classifies a Russian case with the shipped model (model-first), its priority from a signal, and reasons', async () => {
    const run = await runCli(['classify', '--subject', 'Не могу войти', '--description', 'Все водители не могут выйти на линию', '--field', 'Customer_Tier__c=Corporate']);
    assert.equal(run.code, 0, run.stderr);
    const result = JSON.parse(run.stdout) as { topic: string; priority: string; source: string; signals: string[]; reasons: Array<{ kind: string; text: string; terms?: Array<{ term: string }> }> };
    assert.equal(result.topic, 'driver_app');
    assert.equal(result.source, 'model');
    assert.ok((result.reasons.find((r) => r.kind === 'model')?.terms ?? []).length > 0, 'the model names its terms');
    assert.deepEqual([result.priority, result.signals], ['P1', ['group', 'failure', 'cannot_login']]);
    // A model file that is not there is named, not ignored.
    const byRule = await runCli(['classify', '--model', 'test/fixtures/classification/none.json', '--subject', 'Не могу войти', '--description', 'Все водители не могут выйти на линию']);
    assert.equal(byRule.code, 1, 'a missing model file is named');
    assert.match(byRule.stderr, /none\.json/);
    const chosen = await runCli(['classify', '--description', 'Как применить промокод к следующей поездке?', '--field', 'Customer_Tier__c=Private', '--field', 'Priority=P1']);
    assert.equal(chosen.code, 0, chosen.stderr);
    const kept = JSON.parse(chosen.stdout) as { priority: string; prioritySource: string; computedPriority: string };
    assert.deepEqual([kept.priority, kept.prioritySource], ['P1', 'human'], "a priority other than the org default is the person's");
    assert.notEqual(kept.computedPriority, 'P1');
  });

  it('reads classification.yaml from CASEBRIDGE_CONFIG_DIR unless --config is given', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'casebridge-config-'));
    const fromEnv = await runCli(['classify', '--subject', 'Не могу войти'], { CASEBRIDGE_CONFIG_DIR: empty });
    assert.equal(fromEnv.code, 1, fromEnv.stdout);
    assert.ok(fromEnv.stderr.includes(path.join(empty, 'classification.yaml')), fromEnv.stderr);
    const given = await runCli(['classify', '--config', 'config', '--subject', 'Не могу войти'], { CASEBRIDGE_CONFIG_DIR: empty });
    assert.equal(given.code, 0, given.stderr);
  });

  it('trains a model on a CSV and evaluates it with per-class figures', async () => {
    // min-df 1: in a ten-row fixture most terms occur once, and the default (2) would drop them.
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'casebridge-model-')), 'model.json');
    const train = await runCli(['classify', 'train', '--file', 'test/fixtures/classification/tiny-train.csv', '--text', 'text', '--label', 'label', '--out', out, '--min-df', '1']);
    assert.equal(train.code, 0, train.stderr);
    const evalRun = await runCli(['classify', 'eval', '--model', out, '--file', 'test/fixtures/classification/tiny-train.csv', '--text', 'text', '--label', 'label', '--json']);
    assert.equal(evalRun.code, 0, evalRun.stderr);
    const figures = JSON.parse(evalRun.stdout) as { accuracy: number; macroF1: number; perClass: Record<string, { precision: number; recall: number; f1: number; support: number }> };
    assert.equal(figures.accuracy, 1, 'a model predicts its own training set');
    assert.equal(figures.macroF1, 1);
    assert.ok(Object.values(figures.perClass).every((c) => c.support > 0 && c.precision === 1 && c.recall === 1));
    // The corpus's columns, through classifyCase with the example config: per language, P1 recall on impact rows.
    const corpusColumns = ['--text', 'subject,description', '--label', 'topic', '--language', 'language', '--id', 'id', '--tier', 'tier', '--impact', 'impact'];
    const corpusEval = await runCli(['classify', 'eval', '--model', out, '--config', 'config', '--file', 'test/fixtures/classification/tiny-cases.csv', ...corpusColumns]);
    assert.equal(corpusEval.code, 0, corpusEval.stderr);
    assert.match(corpusEval.stdout, /topics from: classifyCase/);
    assert.match(corpusEval.stdout, /per language\n {2}en/);
    assert.match(corpusEval.stdout, /P1 recall on impact rows: \d\/4/);
  });

  it('names the problem with a wrong column or a ragged file', async () => {
    const wrongColumn = await runCli(['classify', 'train', '--file', 'test/fixtures/classification/tiny-train.csv', '--text', 'body', '--label', 'label', '--out', path.join(tmpdir(), 'never.json')]);
    assert.equal(wrongColumn.code, 1);
    assert.match(wrongColumn.stderr, /body/);
    const ragged = await runCli(['classify', 'eval', '--model', 'nonexistent.json', '--file', 'test/fixtures/classification/ragged.csv', '--text', 'text', '--label', 'label']);
    assert.equal(ragged.code, 1);
    assert.notEqual(ragged.stderr.trim(), '');
  });
});
