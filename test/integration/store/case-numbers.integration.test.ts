/** `links show 00001234`: a case number finds the case's link through the stored tickets and snapshots. */
import assert from 'node:assert/strict';
import { findCaseIdsByNumber, findLiveLinksByName, isCaseNumber } from '../../../src/adapters/store/case-numbers.js';
import type { Database } from '../../../src/adapters/store/database.js';
import { insertLinked } from '../../../src/adapters/store/links.js';
import { upsertSnapshots } from '../../../src/adapters/store/snapshots.js';
import { dropTestDatabase, givenMigratedDatabase } from '../../helpers/database.js';

describe('case numbers', function () {
  this.timeout(60_000);
  let db: Database;
  before(async () => {
    db = await givenMigratedDatabase('case_numbers');
    await insertLinked(db.knex, '500Dn00000000A1AAA', { key: 'DRV-7', id: '10007' });
    await insertLinked(db.knex, '500Dn00000000B2AAA', { key: 'PAY-3', id: '10003' });
    await upsertSnapshots(db.knex, [{ system: 'salesforce', objectId: '500Dn00000000A1AAA', field: 'CaseNumber', value: '00001234', sourceUpdatedAt: new Date(), writtenByUs: false }]);
    await db.knex('tickets').insert({ case_id: '500Dn00000000B2AAA', case_number: '00001300', created_at: new Date() });
  });
  after(() => dropTestDatabase(db));

  it('tells case numbers from ids and keys', () => {
    assert.equal(isCaseNumber('00001234'), true);
    assert.equal(isCaseNumber('500Dn00000000A1AAA'), false);
    assert.equal(isCaseNumber('DRV-7'), false);
  });

  it('finds the link of a case by its number, from snapshots or SLA tickets, leading zeros optional', async () => {
    assert.deepEqual(
      (await findLiveLinksByName(db.knex, '00001234')).map((l) => [l.caseId, l.issueKey]),
      [['500Dn00000000A1AAA', 'DRV-7']],
    );
    assert.deepEqual(await findCaseIdsByNumber(db.knex, '1234'), ['500Dn00000000A1AAA']);
    assert.deepEqual(
      (await findLiveLinksByName(db.knex, '00001300')).map((l) => l.issueKey),
      ['PAY-3'],
    );
    assert.deepEqual(await findLiveLinksByName(db.knex, '00009999'), []);
    assert.deepEqual(
      (await findLiveLinksByName(db.knex, 'DRV-7')).map((l) => l.caseId),
      ['500Dn00000000A1AAA'],
      'keys still work',
    );
  });
});
