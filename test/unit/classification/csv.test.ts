import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { parseCsv } from '../../../src/classification-io/csv-parse.js';
import { extractLabelledRows } from '../../../src/classification-io/labelled-rows.js';
import { readLabelledCsv } from '../../../src/classification-io/files.js';
import { InvalidInputError } from '../../../src/errors.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/classification/${name}`, import.meta.url));
const columns = { textColumns: ['text'], labelColumn: 'label' };

describe('CSV parsing (RFC 4180)', () => {
  it('reads quoted fields holding commas, line breaks and doubled quotes', () => {
    const records = parseCsv('a,b\r\n"x, y","line1\nline2"\r\n"say ""hi""",plain\r\n');
    assert.deepEqual(
      records.map((r) => r.fields),
      [
        ['a', 'b'],
        ['x, y', 'line1\nline2'],
        ['say "hi"', 'plain'],
      ],
    );
  });

  it('records the line each record starts on, counting line breaks inside quotes', () => {
    const records = parseCsv('h1,h2\n"multi\nline\ntext",x\nlast,y');
    assert.deepEqual(
      records.map((r) => r.line),
      [1, 2, 5],
    );
  });

  it('skips a byte-order mark and blank lines, keeps empty fields', () => {
    const records = parseCsv('\ufeffa,b\n\n,\n"",z\n');
    assert.deepEqual(
      records.map((r) => r.fields),
      [
        ['a', 'b'],
        ['', ''],
        ['', 'z'],
      ],
    );
  });

  it('refuses an unterminated quote, naming the line where it opened', () => {
    assert.throws(
      () => parseCsv('a,b\nok,1\n"open,2\nmore,3\n', 'f.csv'),
      (e: Error) => e instanceof InvalidInputError && /f\.csv: line 3: quoted field is never closed/.test(e.message),
    );
  });

  it('refuses text after a closing quote', () => {
    assert.throws(() => parseCsv('a,b\n"x"y,1\n', 'f.csv'), /f\.csv: line 2: unexpected text after a closing quote/);
  });
});

describe('labelled rows from CSV files', () => {
  it('reads the tiny training fixture: quoted multi-line text and three languages', () => {
    const rows = readLabelledCsv(fixture('tiny-train.csv'), columns);
    assert.equal(rows.texts.length, 9);
    assert.equal(rows.texts[3], 'Charged twice for one ride, "refund" please');
    assert.equal(rows.texts[6], 'Cannot log in,\nverification code never arrives');
    assert.deepEqual([...new Set(rows.labels)], ['driver', 'payments', 'access']);
  });

  it('joins several text columns with a line break', () => {
    const rows = extractLabelledRows('subject,body,queue\nHi,there,q1\n', { textColumns: ['subject', 'body'], labelColumn: 'queue' }, 'mem.csv');
    assert.deepEqual(rows.texts, ['Hi\nthere']);
  });

  it('selects rows of the fixed split: data row i is a test row iff i % 5 == 4', () => {
    const csv = ['text,label', ...Array.from({ length: 12 }, (_, i) => `row${i},${i % 2 === 0 ? 'a' : 'b'}`)].join('\n');
    const test = extractLabelledRows(csv, { ...columns, rows: 'test' }, 'mem.csv');
    const train = extractLabelledRows(csv, { ...columns, rows: 'train' }, 'mem.csv');
    assert.deepEqual(test.rowIndexes, [4, 9]);
    assert.deepEqual(train.rowIndexes, [0, 1, 2, 3, 5, 6, 7, 8, 10, 11]);
    assert.equal(extractLabelledRows(csv, columns, 'mem.csv').texts.length, 12);
  });

  it('names the line and field counts of a ragged row', () => {
    assert.throws(() => readLabelledCsv(fixture('ragged.csv'), columns), /ragged\.csv: line 3 \(data row 1\) has 3 fields, the header has 2/);
  });

  it('names the missing column and lists the header', () => {
    assert.throws(() => readLabelledCsv(fixture('other-columns.csv'), columns), /other-columns\.csv: no column named "text"; the header has: "Document", "Topic"/);
  });

  it('says an empty file is empty', () => {
    assert.throws(() => readLabelledCsv(fixture('empty.csv'), columns), /empty\.csv: the file is empty/);
  });

  it('says a header-only file has no data rows, and an unterminated quote where it starts', () => {
    assert.throws(() => extractLabelledRows('text,label\n', columns, 'h.csv'), /h\.csv: the file has a header but no data rows/);
    assert.throws(() => readLabelledCsv(fixture('unterminated.csv'), columns), /unterminated\.csv: line 2: quoted field is never closed/);
  });

  it('refuses an empty label and a missing file', () => {
    assert.throws(() => extractLabelledRows('text,label\nsome text, \n', columns, 'l.csv'), /l\.csv: line 2 \(data row 0\): label column "label" is empty/);
    assert.throws(() => readLabelledCsv(fixture('no-such-file.csv'), columns), /cannot read CSV file .*no-such-file\.csv/);
  });
});
