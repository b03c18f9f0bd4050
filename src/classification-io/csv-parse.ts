/**
 * RFC 4180 CSV parsing: comma-separated fields, fields in double quotes may hold commas, line
 * breaks and doubled quotes (`""` for `"`); records end with CRLF or LF; a UTF-8 byte-order mark is
 * skipped. Being lenient where files in the wild differ harmlessly (a bare `"` inside an unquoted
 * field is kept as text), strict where data would be silently lost (text after a closing quote, an
 * unterminated quote).
 */
import { InvalidInputError } from '../errors.js';

/** One parsed record with the 1-based line on which it starts, for error messages. */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/** Parses CSV text into records. `source` names the input in error messages. */
export function parseCsv(text: string, source = 'CSV'): CsvRecord[] {
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const recordLine = line;
    const fields: string[] = [];
    for (;;) {
      let value = '';
      if (text[i] === '"') {
        const quoteLine = line;
        i++;
        for (;;) {
          const close = text.indexOf('"', i);
          if (close === -1) throw new InvalidInputError(`${source}: line ${quoteLine}: quoted field is never closed (missing ")`);
          const chunk = text.slice(i, close);
          value += chunk;
          line += countLineBreaks(chunk);
          if (text[close + 1] === '"') {
            value += '"';
            i = close + 2;
            continue;
          }
          i = close + 1;
          break;
        }
        const next = text[i];
        if (i < n && next !== ',' && next !== '\n' && next !== '\r') {
          throw new InvalidInputError(`${source}: line ${line}: unexpected text after a closing quote (a quote inside a quoted field must be doubled: "")`);
        }
      } else {
        const start = i;
        while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') i++;
        value = text.slice(start, i);
      }
      fields.push(value);
      if (text[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    line++;
    // A blank line (one empty field) carries no data; RFC 4180 files often end with one.
    if (!(fields.length === 1 && fields[0] === '')) records.push({ fields, line: recordLine });
  }
  return records;
}

function countLineBreaks(chunk: string): number {
  let count = 0;
  for (let k = 0; k < chunk.length; k++) {
    const c = chunk.charCodeAt(k);
    if (c === 10) count++;
    else if (c === 13 && chunk.charCodeAt(k + 1) !== 10) count++;
  }
  return count;
}
