/** The emulator's Bulk API 2.0 CSV: quoting, null, date-times with Z, dotted relationship columns, delimiters. */
import assert from 'node:assert/strict';
import { readColumn, toCsvField, toResultsCsv } from '../../../src/sandbox/salesforce/bulk-query-csv.js';
import { readSelectedColumns } from '../../../src/sandbox/salesforce/bulk-query-columns.js';

describe('sandbox Salesforce Bulk API CSV', () => {
  it('quotes every value, doubles inner quotes, leaves null empty and writes date-times with Z', () => {
    assert.equal(toCsvField('say "hi", then go'), '"say ""hi"", then go"');
    assert.equal(toCsvField(null), '');
    assert.equal(toCsvField(true), '"true"');
    assert.equal(toCsvField(12.5), '"12.5"');
    assert.equal(toCsvField('2024-05-01T09:30:00.000+0000'), '"2024-05-01T09:30:00.000Z"');
  });

  it('reads dotted relationship columns without case and writes a header per set', () => {
    const record = { attributes: { type: 'Case' }, Id: '500x', Account: { attributes: { type: 'Account' }, Name: 'Ural Metals' }, ClosedDate: null };
    assert.equal(readColumn(record, 'account.name'), 'Ural Metals');
    assert.equal(readColumn({ Id: '500y', Account: null }, 'Account.Name'), null);
    const csv = toResultsCsv(['Id', 'Account.Name', 'ClosedDate'], [record], { columnDelimiter: 'SEMICOLON', lineEnding: 'CRLF' });
    assert.equal(csv, '"Id";"Account.Name";"ClosedDate"\r\n"500x";"Ural Metals";\r\n');
  });

  it('takes columns in the order selected and refuses what bulk queries do not support', () => {
    assert.deepEqual(readSelectedColumns('SELECT Subject, Id, Owner.Name FROM Case'), { object: 'Case', columns: ['Subject', 'Id', 'Owner.Name'] });
    assert.throws(() => readSelectedColumns('SELECT COUNT() FROM Case'), /do not support the function COUNT/);
    assert.throws(() => readSelectedColumns('SELECT Id, (SELECT Id FROM CaseComments) FROM Case'), /parent-to-child subqueries/);
    assert.throws(() => readSelectedColumns('SELECT Id FROM Case LIMIT 5 OFFSET 10'), /OFFSET/);
  });
});
