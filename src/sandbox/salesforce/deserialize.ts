/**
 * The REST API turns a JSON body into typed sObjects before it saves anything, so a body naming a
 * field the org does not have, or holding a JSON value of the wrong kind for a field, fails the whole
 * call with 400 — in sObject Collections too, never as one record's result. The messages are the
 * ones that deserializer gives: `No such column 'Foo__c' on sobject of type Case` (INVALID_FIELD) and
 * `Cannot deserialize instance of boolean from VALUE_STRING value maybe or request may be missing a
 * required field at [line:1, column:42]` (JSON_PARSER_ERROR).
 */
import { findField, type SfFieldDef, type SfObjectDef } from './schema.js';
import { parseSalesforceDateTime } from './datetime.js';
import { sfError } from './errors.js';

/** The token name the JSON parser reports for a value. */
function tokenOf(value: unknown): string {
  if (Array.isArray(value)) return 'START_ARRAY';
  if (typeof value === 'object') return 'START_OBJECT';
  if (typeof value === 'string') return 'VALUE_STRING';
  if (typeof value === 'boolean') return value ? 'VALUE_TRUE' : 'VALUE_FALSE';
  return Number.isInteger(value) ? 'VALUE_NUMBER_INT' : 'VALUE_NUMBER_FLOAT';
}

/** Whether the parser can read `value` into a field of this type (null always can). */
function isReadableAs(field: SfFieldDef, value: unknown): boolean {
  if (value === null) return true;
  switch (field.type) {
    // Strict JSON: a checkbox takes true or false, never the text "true".
    case 'boolean':
      return typeof value === 'boolean';
    case 'int':
      return typeof value === 'number';
    case 'datetime':
      return typeof value === 'string' && (value === '' || parseSalesforceDateTime(value) !== undefined);
    // Text-like fields take strings, and numbers and booleans as their text; never arrays or objects.
    default:
      return typeof value !== 'object';
  }
}

/**
 * The column of the end of `holder[key]` in the compact JSON form of `body` (what JSON clients such
 * as jsforce send), for the parser's `[line:1, column:N]`.
 */
function columnAfter(body: unknown, holder: object, key: string): number {
  const marker = '\u0000casebridge-marker\u0000';
  const text = JSON.stringify(body, function (this: unknown, name: string, value: unknown) {
    return this === holder && name === key ? marker : value;
  });
  const start = text.indexOf(JSON.stringify(marker));
  return start + JSON.stringify((holder as Record<string, unknown>)[key]).length + 1;
}

/**
 * Throws the whole-request error for the first field (in body order) that names no field of `def`
 * or holds a value of the wrong JSON kind.
 * @param body the whole request body, for the error's column
 */
export function assertDeserializable(def: SfObjectDef, record: Record<string, unknown>, body: unknown = record): void {
  for (const [name, value] of Object.entries(record)) {
    if (name === 'attributes' || name.toLowerCase() === 'id') continue;
    const field = findField(def, name);
    if (!field) throw sfError(400, 'INVALID_FIELD', `No such column '${name}' on sobject of type ${def.name}`);
    if (isReadableAs(field, value)) continue;
    const token = tokenOf(value);
    const at = `[line:1, column:${columnAfter(body, record, name)}]`;
    const message = token.startsWith('START_')
      ? `Cannot deserialize instance of ${field.type} from ${token} value ${at}`
      : `Cannot deserialize instance of ${field.type} from ${token} value ${String(value)} or request may be missing a required field at ${at}`;
    throw sfError(400, 'JSON_PARSER_ERROR', message);
  }
}
