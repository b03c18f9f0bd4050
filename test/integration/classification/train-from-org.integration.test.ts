/**
 * Learning from the org: cases read from the Salesforce emulator over HTTP (jsforce through the real
 * adapter), compared with the audit log's classification entries; a retrained model replaces the
 * current one only through the quality gate, atomically, keeping the old one as `.previous`.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectSalesforce } from '../../../src/adapters/salesforce/connect.js';
import { createSalesforceCaseSystem } from '../../../src/adapters/salesforce/case-system.js';
import { appendAudit } from '../../../src/adapters/store/audit-log.js';
import type { Database } from '../../../src/adapters/store/database.js';
import { listHumanLabelledCases } from '../../../src/classification-io/org-labels.js';
import { retrainModel } from '../../../src/classification-io/retrain.js';
import { readModelFile } from '../../../src/classification-io/files.js';
import { classificationFileSchema } from '../../../src/config/schemas/classification.js';
import type { EngineContext } from '../../../src/engine/context.js';
import { register, run as runRetrainJob } from '../../../src/jobs/classifier-retrain.js';
import { createLogger } from '../../../src/logging.js';
import { givenRawConfig } from '../../unit/classification/given.js';
import type { CaseSystem } from '../../../src/engine/ports.js';
import { createSandbox } from '../../../src/sandbox/server.js';
import type { RunningSandbox, Sandbox } from '../../../src/sandbox/server.js';
import { dropTestDatabase, givenMigratedDatabase } from '../../helpers/database.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/classification/${name}`, import.meta.url));

describe('classify train --from-salesforce: human labels from the org, behind the quality gate', function () {
  this.timeout(120_000);
  let sandbox: Sandbox;
  let running: RunningSandbox;
  let db: Database;
  let cases: CaseSystem;
  const ids: Record<string, string> = {};
  let since: Date;

  const act = async (body: Record<string, unknown>): Promise<{ id: string }> => {
    const response = await fetch(`${running.url}/__sandbox/actors`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ system: 'salesforce', ...body }) });
    const json = (await response.json()) as { result?: { id: string } };
    assert.ok(response.ok && json.result, JSON.stringify(json));
    return json.result;
  };

  before(async () => {
    sandbox = createSandbox({ seed: 0 });
    running = await sandbox.listen(0, '127.0.0.1');
    db = await givenMigratedDatabase('classify_train_from_org');
    const connection = await connectSalesforce({ kind: 'token', instanceUrl: running.url, accessToken: 'test-session' });
    cases = createSalesforceCaseSystem({ connection, integrationUserId: sandbox.salesforce.people().integrationUserId });
    since = new Date(Date.now() - 1000);
    const open = { Status: 'New', Origin: 'Web', Customer_Tier__c: 'Private' };
    // An agent opens four cases; one with a topic chosen by hand.
    ids.kept = (await act({ action: 'createCase', fields: { ...open, Subject: 'Charged twice', Description: 'two payments for one ride', Language__c: 'en' } })).id;
    ids.corrected = (await act({ action: 'createCase', fields: { ...open, Subject: 'Приложение водителя', Description: 'не приходят заказы', Language__c: 'ru' } })).id;
    ids.byHand = (await act({ action: 'createCase', fields: { ...open, Subject: 'לא מצליח להתחבר', Description: 'קוד אימות לא מגיע', Language__c: 'he', Topic__c: 'account_access' } })).id;
    ids.none = (await act({ action: 'createCase', fields: { ...open, Subject: 'Hello', Description: 'just a question' } })).id;
    // casebridge classifies two of them (writes through the adapter as the integration user, audited as the engine does).
    const written = { [ids.kept as string]: 'payments_billing', [ids.corrected as string]: 'other' };
    await cases.updateCases(Object.entries(written).map(([id, topic]) => ({ id, fields: { Topic__c: topic } })));
    await appendAudit(
      db.knex,
      Object.entries(written).map(([objectId, topic]) => ({ system: 'casebridge', objectType: 'classification', objectId, action: 'classify', after: { topic, priority: 'P3' } })),
    );
    // A person corrects casebridge's "other" on the driver-app case.
    await act({ action: 'editCase', caseId: ids.corrected, fields: { Topic__c: 'driver_app' } });
  });

  after(async () => {
    await running.close();
    await dropTestDatabase(db);
  });

  it("takes the topics a person set or corrected, and leaves out casebridge's own unchanged choices", async () => {
    const org = await listHumanLabelledCases({ cases, db: db.knex }, { since, labelField: 'Topic__c', tierField: 'Customer_Tier__c' });
    assert.deepEqual([org.read, org.casebridgeChoices, org.unlabelled], [4, 1, 1]);
    const byTopic = Object.fromEntries(org.cases.map((c) => [c.topic, c]));
    assert.deepEqual(Object.keys(byTopic).sort(), ['account_access', 'driver_app']);
    assert.equal(byTopic.driver_app?.origin, 'corrected-by-person');
    assert.equal(byTopic.driver_app?.language, 'ru');
    assert.equal(byTopic.driver_app?.text, 'Приложение водителя\nне приходят заказы');
    assert.match(byTopic.driver_app?.id ?? '', /^\d+$/, 'named by case number');
    assert.equal(byTopic.account_access?.origin, 'set-by-person');
  });

  it('replaces the model only when the held-out macro-F1 is not lower, keeping the old one as .previous', async () => {
    const org = await listHumanLabelledCases({ cases, db: db.knex }, { since, labelField: 'Topic__c' });
    const modelPath = path.join(mkdtempSync(path.join(tmpdir(), 'casebridge-retrain-')), 'topics.json');
    const options = { orgCases: org.cases, modelPath, minDf: 1 };

    const first = retrainModel({ ...options, corpusDir: fixture('corpus') });
    assert.equal(first.gate.accepted, true, first.gate.why);
    assert.equal(first.gate.current, undefined);
    assert.deepEqual(first.trainRows, { corpus: 41, org: 2 });
    const good = readFileSync(modelPath, 'utf8');
    assert.ok(first.gate.candidate.macroF1 > 0.6, JSON.stringify(first.gate.candidate));

    // A deliberately bad training set (every label moved to the wrong topic) is refused; the file is untouched.
    const bad = retrainModel({ ...options, corpusDir: fixture('corpus-bad') });
    assert.equal(bad.gate.accepted, false, bad.gate.why);
    assert.ok(bad.gate.candidate.macroF1 < (bad.gate.current?.macroF1 ?? 0));
    assert.match(bad.gate.why, /lower: the current model is kept/);
    assert.deepEqual(Object.keys(bad.gate.candidate.perLanguage), ['en', 'he', 'ru']);
    assert.equal(readFileSync(modelPath, 'utf8'), good);
    assert.equal(existsSync(`${modelPath}.previous`), false);

    // The same data again scores the same: not lower, so it replaces the model, and the old one is kept.
    const again = retrainModel({ ...options, corpusDir: fixture('corpus') });
    assert.equal(again.gate.accepted, true, again.gate.why);
    assert.equal(again.previousPath, `${modelPath}.previous`);
    assert.equal(readFileSync(`${modelPath}.previous`, 'utf8'), good);
    assert.ok(existsSync(modelPath));
  });

  it("keeps the current model's recipe, the naive Bayes blend included, unless told otherwise", async () => {
    const org = await listHumanLabelledCases({ cases, db: db.knex }, { since, labelField: 'Topic__c' });
    const modelPath = path.join(mkdtempSync(path.join(tmpdir(), 'casebridge-retrain-')), 'topics.json');
    const blended = retrainModel({ orgCases: org.cases, modelPath, minDf: 1, nbBlend: 0.5, corpusDir: fixture('corpus') });
    assert.equal(blended.gate.accepted, true, blended.gate.why);
    assert.equal(readModelFile(modelPath).trainedOn.nbBlend, 0.5);
    const again = retrainModel({ orgCases: org.cases, modelPath, minDf: 1, corpusDir: fixture('corpus') });
    assert.equal(again.gate.accepted, true, again.gate.why);
    assert.equal(readModelFile(modelPath).trainedOn.nbBlend, 0.5);
    // `--nb-blend off` (null) goes back to the plain SVM.
    const plain = retrainModel({ orgCases: org.cases, modelPath, minDf: 1, nbBlend: null, corpusDir: fixture('corpus') });
    assert.equal(plain.gate.accepted, true, plain.gate.why);
    assert.equal(readModelFile(modelPath).trainedOn.nbBlend, undefined);
  });

  it('the scheduled retrain job (off by default) retrains from the recent cases and swaps the model in', async () => {
    const configDir = mkdtempSync(path.join(tmpdir(), 'casebridge-retrain-job-'));
    cpSync(fixture('corpus'), path.join(configDir, 'corpus'), { recursive: true });
    const config = classificationFileSchema.parse(givenRawConfig({ model: { file: 'topics.json' }, retrain: { corpusDir: 'corpus', sinceDays: 1 } }));
    const ctx = { cases, db: db.knex, logger: createLogger({ level: 'silent' }), classification: { config } } as unknown as EngineContext;
    assert.equal(register({ ctx, configDir }), undefined, 'not scheduled unless retrain.enabled');
    const outcome = await runRetrainJob({ ctx, configDir });
    assert.equal(outcome?.gate.accepted, true);
    assert.equal(outcome?.trainRows.org, 2, 'both human-labelled cases train (every 5th is held out: none of two)');
    assert.deepEqual(ctx.classification?.model?.labels, readModelFile(path.join(configDir, 'topics.json')).labels);
  });
});
