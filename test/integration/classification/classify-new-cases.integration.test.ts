/**
 * The engine's classification step against a real store: whether a case's priority is a person's
 * comes from the case (creator, last writer, org default) and from the audit log (what casebridge
 * set before), not from Priority_Source__c.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { classificationFileSchema } from '../../../src/config/schemas/classification.js';
import { appendAudit } from '../../../src/adapters/store/audit-log.js';
import type { Database } from '../../../src/adapters/store/database.js';
import { classifyNewCases } from '../../../src/engine/classify-cases.js';
import type { EngineContext } from '../../../src/engine/context.js';
import type { CaseRecord } from '../../../src/domain/sync/records.js';
import { dropTestDatabase, givenMigratedDatabase } from '../../helpers/database.js';

const INTEGRATION = '005000000000001AAA';
const AGENT = '005000000000002AAA';
const config = classificationFileSchema.parse(parse(readFileSync('config/classification.yaml', 'utf8')));

function givenCase(id: string, fields: Record<string, unknown>, lastModifiedById = AGENT): CaseRecord {
  const base = { Subject: 'Charged twice for one ride', Description: 'The card shows two payments for the same trip', Customer_Tier__c: 'Private', CreatedById: AGENT };
  return { id, fields: { ...base, ...fields }, systemModstamp: '2026-12-02T03:00:00.000Z', lastModifiedById };
}

describe('classifyNewCases: a priority a person chose is kept without Priority_Source__c', () => {
  let db: Database;
  let ctx: EngineContext;

  before(async function () {
    this.timeout(60_000); // migrating an in-memory PGlite is slow on a busy machine
    db = await givenMigratedDatabase('classify_new_cases');
    ctx = { db: db.knex, classification: { config }, cases: { getIntegrationUserId: async () => INTEGRATION } } as unknown as EngineContext;
    // casebridge classified cases 500B and 500C before and set P2 (their topics were cleared since).
    await appendAudit(
      db.knex,
      ['500B', '500C'].map((objectId) => ({
        system: 'casebridge',
        objectType: 'classification',
        objectId,
        action: 'classify',
        after: { topic: 'payments_billing', priority: 'P2', prioritySource: 'rule' },
      })),
    );
  });

  after(async () => dropTestDatabase(db));

  it('keeps what an agent chose on create or changed after casebridge, and sets the rest', async () => {
    const cases = [
      givenCase('500A', { Priority: 'P1' }), // an agent created it as P1
      givenCase('500B', { Priority: 'P1' }), // an agent raised casebridge's P2 to P1
      givenCase('500C', { Priority: 'P2' }), // still casebridge's P2
      givenCase('500D', { Priority: 'P3' }), // the org's default: nobody chose
      givenCase('500E', { Priority: 'P1', CreatedById: INTEGRATION }, INTEGRATION), // written by the integration user
    ];
    const result = await classifyNewCases(ctx, cases, { correlationId: 'test' });
    const priorityWritten = (id: string) => result.updates.get(id)?.Priority;
    assert.equal(priorityWritten('500A'), undefined, 'P1 chosen on create is kept');
    assert.equal(priorityWritten('500B'), undefined, 'P1 set by an agent after casebridge is kept');
    assert.equal(priorityWritten('500C'), undefined, 'already what casebridge derives');
    assert.equal(priorityWritten('500D'), 'P2');
    assert.equal(priorityWritten('500E'), 'P2');
    const byCase = new Map(result.audit.map((entry) => [entry.objectId, entry]));
    assert.equal(byCase.get('500A')?.action, 'classify-kept-human-priority');
    assert.match(byCase.get('500A')?.note ?? '', /a person chose P1 \(the org's default is P3\); kept \(casebridge would have chosen P2\)/);
    assert.match(byCase.get('500B')?.note ?? '', /a person changed casebridge's P2 to P1; kept/);
    assert.equal(byCase.get('500C')?.after?.prioritySource, 'rule');
    assert.equal(cases[0]?.fields.Topic__c, 'payments_billing', 'the topic is still set for routing');
  });
});
