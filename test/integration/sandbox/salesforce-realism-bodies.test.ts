/**
 * Bodies the real REST API refuses: an unknown field or a value of the wrong JSON kind fails a whole
 * collections call (400, nothing saved), and the case comment body is limited to 4,000 UTF-8 bytes.
 */
import assert from 'node:assert/strict';
import { assertRejectsWithCode, givenRunningSandbox, type StartedSandbox } from './salesforce-test-helpers.js';

const SF_AUTH = { authorization: 'Bearer test' };
const COLLECTIONS = '/services/data/v62.0/composite/sobjects';

interface SaveResult {
  id?: string;
  success: boolean;
  errors: { statusCode: string; message: string; fields: string[] }[];
}

/** The 1-based column just after `valueJson` in the compact JSON of `body` (the parser's `[line:1, column:N]`). */
function columnAfter(body: unknown, valueJson: string): number {
  const text = JSON.stringify(body);
  const start = text.indexOf(valueJson);
  assert.ok(start >= 0 && text.indexOf(valueJson, start + 1) < 0, `${valueJson} occurs once in the body`);
  return start + valueJson.length + 1;
}

describe('sandbox Salesforce realism: request bodies', () => {
  let started: StartedSandbox;
  let caseIds: string[];

  before(async () => {
    started = await givenRunningSandbox({ seed: 12 });
    caseIds = (await started.connect().query<{ Id: string }>('SELECT Id FROM Case ORDER BY CaseNumber')).records.map((r) => r.Id);
  });
  after(async () => {
    await started.running.close();
  });

  const subjectsOf = async (ids: string[]): Promise<string[]> => {
    const records = (await started.connect().sobject('Case').retrieve(ids)) as unknown as { Subject: string }[];
    return records.map((r) => r.Subject);
  };
  const caseCount = async (): Promise<number> => (await started.connect().query('SELECT COUNT() FROM Case')).totalSize;

  it('fails a whole collections update for a field the org lacks, saving no record', async () => {
    const ids = caseIds.slice(0, 3);
    const before = await subjectsOf(ids);
    const records = ids.map((id, i) => ({ attributes: { type: 'Case' }, id, Subject: `renamed ${i}`, ...(i === 1 ? { Foo__c: 'x' } : {}) }));
    const answer = await started.call('PATCH', COLLECTIONS, { allOrNone: false, records }, SF_AUTH);
    assert.equal(answer.status, 400);
    assert.deepEqual(answer.body, [{ message: "No such column 'Foo__c' on sobject of type Case", errorCode: 'INVALID_FIELD' }]);
    assert.deepEqual(await subjectsOf(ids), before, 'not even the valid records are saved');
    // jsforce surfaces it as a failed call, not as per-record results.
    await assertRejectsWithCode(
      started
        .connect()
        .sobject('Case')
        .update(ids.map((Id) => ({ Id, Subject: 'jsforce', Foo__c: 'x' }))),
      'INVALID_FIELD',
      /No such column 'Foo__c' on sobject of type Case/,
    );
  });

  it('fails a whole collections create for a value of the wrong JSON kind, with the parser message', async () => {
    const countBefore = await caseCount();
    const body = {
      allOrNone: false,
      records: [
        { attributes: { type: 'Case' }, Subject: 'fine' },
        { attributes: { type: 'Case' }, Subject: 'string checkbox', Escalate_to_Jira__c: 'true' },
      ],
    };
    const answer = await started.call('POST', COLLECTIONS, body, SF_AUTH);
    assert.equal(answer.status, 400);
    const column = columnAfter(body, '"true"');
    assert.deepEqual(answer.body, [
      {
        message: `Cannot deserialize instance of boolean from VALUE_STRING value true or request may be missing a required field at [line:1, column:${column}]`,
        errorCode: 'JSON_PARSER_ERROR',
      },
    ]);

    const listBody = { allOrNone: false, records: [{ attributes: { type: 'Case' }, Subject: 'array picklist', Priority: ['P1'] }] };
    const listAnswer = await started.call('POST', COLLECTIONS, listBody, SF_AUTH);
    assert.deepEqual(listAnswer.body, [
      {
        message: `Cannot deserialize instance of picklist from START_ARRAY value [line:1, column:${columnAfter(listBody, '["P1"]')}]`,
        errorCode: 'JSON_PARSER_ERROR',
      },
    ]);
    assert.equal(await caseCount(), countBefore, 'no case created');
  });

  it('keeps validation failures per record: only the deserializer fails a whole call', async () => {
    const ids = caseIds.slice(3, 5);
    const records = [
      { attributes: { type: 'Case' }, id: ids[0], Priority: 'P9' },
      { attributes: { type: 'Case' }, id: ids[1], Subject: 'valid rename', Escalate_to_Jira__c: false },
    ];
    const answer = await started.call('PATCH', COLLECTIONS, { allOrNone: false, records }, SF_AUTH);
    assert.equal(answer.status, 200);
    const results = answer.body as SaveResult[];
    assert.equal(results[0]?.errors[0]?.statusCode, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
    assert.equal(results[1]?.success, true);
  });

  it('answers a single-record write with a wrong JSON kind JSON_PARSER_ERROR', async () => {
    const answer = await started.call('PATCH', `/services/data/v62.0/sobjects/Case/${caseIds[5]}`, { SLA_Due__c: 42 }, SF_AUTH);
    assert.equal(answer.status, 400);
    const [error] = answer.body as { errorCode: string; message: string }[];
    assert.equal(error?.errorCode, 'JSON_PARSER_ERROR');
    assert.match(String(error?.message), /^Cannot deserialize instance of datetime from VALUE_NUMBER_INT value 42 or request may be missing a required field at \[line:1, column:\d+\]$/);
  });

  describe('case comment body of at most 4,000 bytes', () => {
    const tooLong = (body: string): { statusCode: string; message: string; fields: string[] } => ({
      statusCode: 'STRING_TOO_LONG',
      message: `Body: data value too large: ${body.slice(0, 40)} (max length=4000)`,
      fields: ['CommentBody'],
    });
    const comment = (ParentId: string, CommentBody: string): Record<string, unknown> => ({ attributes: { type: 'CaseComment' }, ParentId, CommentBody });

    it('counts UTF-8 bytes in a collections create, per record', async () => {
      const parent = caseIds[6] as string;
      const bodies = {
        latinAtLimit: 'a'.repeat(4000),
        hebrewAtLimit: 'ש'.repeat(2000),
        hebrewOver: 'ש'.repeat(2001),
        russianOver: `${'я'.repeat(1999)}ok!`,
        mixedAtLimit: `${'я'.repeat(1000)}${'a'.repeat(2000)}`,
      };
      const records = Object.values(bodies).map((body) => comment(parent, body));
      const answer = await started.call('POST', COLLECTIONS, { allOrNone: false, records }, SF_AUTH);
      assert.equal(answer.status, 200, 'a too-long value is a per-record failure, not a whole-call one');
      const results = answer.body as SaveResult[];
      assert.deepEqual(
        results.map((r) => r.success),
        [true, true, false, false, true],
      );
      assert.deepEqual(results[2]?.errors, [tooLong(bodies.hebrewOver)]);
      assert.deepEqual(results[3]?.errors, [tooLong(bodies.russianOver)]);
      const stored = (await started
        .connect()
        .sobject('CaseComment')
        .retrieve(results[1]?.id as string)) as unknown as { CommentBody: string };
      assert.equal(stored.CommentBody, bodies.hebrewAtLimit, '2,000 Hebrew letters (4,000 bytes) are kept whole');
    });

    it('counts UTF-8 bytes on a single-record create', async () => {
      const over = 'ж'.repeat(2001);
      const answer = await started.call('POST', '/services/data/v62.0/sobjects/CaseComment', { ParentId: caseIds[7], CommentBody: over }, SF_AUTH);
      assert.equal(answer.status, 400);
      const tooLongError = tooLong(over);
      assert.deepEqual(answer.body, [{ message: tooLongError.message, errorCode: 'STRING_TOO_LONG', fields: ['CommentBody'] }]);
      const fits = await started
        .connect()
        .sobject('CaseComment')
        .create({ ParentId: caseIds[7] as string, CommentBody: 'ж'.repeat(2000) });
      assert.equal(fits.success, true);
    });
  });
});
