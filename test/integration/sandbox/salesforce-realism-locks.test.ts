/**
 * UNABLE_TO_LOCK_ROW as a seeded per-record fault: in collections only the locked records fail
 * (allOrNone false) or the whole call rolls back (allOrNone true); a single-record PATCH gets 400.
 */
import assert from 'node:assert/strict';
import { assertRejectsWithCode, givenRunningSandbox, type StartedSandbox } from './salesforce-test-helpers.js';
import { REALISTIC_SALESFORCE_RECORD_FAULTS } from '../../../src/sandbox/salesforce/record-faults.js';

const SF_AUTH = { authorization: 'Bearer test' };
const COLLECTIONS = '/services/data/v62.0/composite/sobjects';

interface SaveResult {
  id?: string;
  success: boolean;
  errors: { statusCode: string; message: string; fields: string[] }[];
}

const lockMessage = (id: string): string => `unable to obtain exclusive access to this record or 1 records: ${id}`;

describe('sandbox Salesforce realism: UNABLE_TO_LOCK_ROW', () => {
  let started: StartedSandbox;
  let caseIds: string[];

  before(async () => {
    started = await givenRunningSandbox({ seed: 60 });
    caseIds = (await started.connect().query<{ Id: string }>('SELECT Id FROM Case ORDER BY CaseNumber')).records.map((r) => r.Id);
  });
  after(async () => {
    await started.running.close();
  });
  beforeEach(async () => {
    await started.call('DELETE', '/__sandbox/faults');
  });

  const lockRate = async (unableToLockRowRate: number, seed = 7): Promise<void> => {
    const answer = await started.call('PUT', '/__sandbox/faults', { seed, salesforceRecords: { unableToLockRowRate } });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
  };
  const subjectsOf = async (ids: string[]): Promise<Map<string, string>> => {
    const records = (await started.connect().sobject('Case').retrieve(ids)) as unknown as { Id: string; Subject: string }[];
    return new Map(records.map((r) => [r.Id, r.Subject]));
  };
  const updateSubjects = async (ids: string[], subject: string, allOrNone = false): Promise<SaveResult[]> => {
    const records = ids.map((id) => ({ attributes: { type: 'Case' }, id, Subject: subject }));
    const answer = await started.call('PATCH', COLLECTIONS, { allOrNone, records }, SF_AUTH);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return answer.body as SaveResult[];
  };

  it('fails only the locked records of a collections update, with the real error, and saves the others', async () => {
    const ids = caseIds.slice(0, 40);
    await lockRate(0.3);
    const results = await updateSubjects(ids, 'lock round one');
    const locked = ids.filter((_, i) => results[i]?.success === false);
    assert.ok(locked.length >= 4 && locked.length <= 24, `about 30 % of 40 locked, got ${locked.length}`);
    for (const [i, id] of ids.entries()) {
      const result = results[i] as SaveResult;
      if (result.success) assert.deepEqual(result, { id, success: true, errors: [] });
      else assert.deepEqual(result.errors, [{ statusCode: 'UNABLE_TO_LOCK_ROW', message: lockMessage(id), fields: [] }]);
    }
    const subjects = await subjectsOf(ids);
    for (const id of ids) assert.equal(subjects.get(id) === 'lock round one', !locked.includes(id), `case ${id} saved iff not locked`);

    await lockRate(0.3);
    const again = await updateSubjects(ids, 'lock round two');
    assert.deepEqual(
      ids.filter((_, i) => again[i]?.success === false),
      locked,
      'the same seed locks the same records',
    );
    await lockRate(0.3, 8);
    const otherSeed = await updateSubjects(ids, 'lock round three');
    assert.notDeepEqual(
      ids.filter((_, i) => otherSeed[i]?.success === false),
      locked,
      'another seed locks others',
    );
  });

  it('locks a comment insert on its parent case and creates the rest', async () => {
    const countComments = async (): Promise<number> => (await started.connect().query('SELECT COUNT() FROM CaseComment')).totalSize;
    const commentsBefore = await countComments();
    await lockRate(0.5, 3);
    const parents = caseIds.slice(0, 20);
    const records = parents.map((ParentId, i) => ({ attributes: { type: 'CaseComment' }, ParentId, CommentBody: `lock comment ${i}` }));
    const answer = await started.call('POST', COLLECTIONS, { allOrNone: false, records }, SF_AUTH);
    const results = answer.body as SaveResult[];
    const lockedParents = parents.filter((_, i) => results[i]?.success === false);
    assert.ok(lockedParents.length > 0 && lockedParents.length < parents.length, `some but not all locked, got ${lockedParents.length}`);
    for (const [i, parent] of parents.entries()) {
      if (results[i]?.success) continue;
      assert.deepEqual(results[i]?.errors, [{ statusCode: 'UNABLE_TO_LOCK_ROW', message: lockMessage(parent), fields: [] }]);
    }
    const createdIds = results.flatMap((r) => (r.id ? [r.id] : []));
    const stored = (await started.connect().sobject('CaseComment').retrieve(createdIds)) as unknown as { ParentId: string }[];
    assert.deepEqual(
      stored.map((r) => r.ParentId),
      parents.filter((p) => !lockedParents.includes(p)),
      'the unlocked comments exist',
    );
    assert.equal(await countComments(), commentsBefore + parents.length - lockedParents.length, 'and no others');
  });

  it('rolls the whole call back when allOrNone is true and one record is locked', async () => {
    const ids = caseIds.slice(40, 50);
    const before = await subjectsOf(ids);
    await lockRate(0.3, 11);
    const results = await updateSubjects(ids, 'all or none', true);
    const lockedCount = results.filter((r) => r.errors[0]?.statusCode === 'UNABLE_TO_LOCK_ROW').length;
    assert.ok(lockedCount >= 1, 'seed 11 locks at least one of ten');
    assert.ok(results.every((r) => !r.success));
    assert.ok(results.every((r) => ['UNABLE_TO_LOCK_ROW', 'ALL_OR_NONE_OPERATION_ROLLED_BACK'].includes(r.errors[0]?.statusCode ?? '')));
    assert.deepEqual(await subjectsOf(ids), before, 'nothing saved');
  });

  it('answers a single-record PATCH 400 UNABLE_TO_LOCK_ROW and leaves the case as it was', async () => {
    const id = caseIds[50] as string;
    const before = await subjectsOf([id]);
    await lockRate(1);
    const answer = await started.call('PATCH', `/services/data/v62.0/sobjects/Case/${id}`, { Subject: 'single locked' }, SF_AUTH);
    assert.equal(answer.status, 400);
    assert.deepEqual(answer.body, [{ message: lockMessage(id), errorCode: 'UNABLE_TO_LOCK_ROW', fields: [] }]);
    await assertRejectsWithCode(started.connect().sobject('Case').update({ Id: id, Subject: 'single locked' }), 'UNABLE_TO_LOCK_ROW');
    assert.deepEqual(await subjectsOf([id]), before);
    await started.call('DELETE', '/__sandbox/faults');
    const result = await started.connect().sobject('Case').update({ Id: id, Subject: 'single unlocked' });
    assert.equal(result.success, true, 'no lock once the faults are cleared');
  });

  it('locks about 5 % of records with the realistic preset', async () => {
    const answer = await started.call('PUT', '/__sandbox/faults', { seed: 5, salesforceRecords: REALISTIC_SALESFORCE_RECORD_FAULTS });
    assert.equal(answer.status, 200);
    let locked = 0;
    for (let start = 0; start < 400; start += 200) {
      const ids = Array.from({ length: 200 }, (_, i) => caseIds[(start + i) % caseIds.length] as string);
      locked += (await updateSubjects(ids, `preset ${start}`)).filter((r) => !r.success).length;
    }
    assert.ok(locked >= 8 && locked <= 36, `about 20 of 400 locked, got ${locked}`);
    const refused = await started.call('PUT', '/__sandbox/faults', { salesforceRecords: { unableToLockRowRate: 2 } });
    assert.equal(refused.status, 400, 'a rate above 1 is refused');
  });
});
