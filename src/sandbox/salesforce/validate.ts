/**
 * Turns a JSON record body into stored field values, refusing what a real org refuses, with the
 * errorCodes and message wording Salesforce uses for each case.
 */
import { findField, type SfFieldDef, type SfObjectDef } from './schema.js';
import { parseSalesforceDateTime } from './datetime.js';
import { toId18 } from './ids.js';
import { sfError } from './errors.js';

/** A stored field value: text, boolean, number, epoch ms for datetimes, or null. */
export type SfValue = string | number | boolean | null;
/** A stored record, keyed by canonical field names. */
export type SfRecord = Record<string, SfValue>;

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Fields whose length limit counts UTF-8 bytes, not characters: Salesforce documents the case
 * comment body as at most 4,000 bytes, so 2,001 Hebrew or Russian letters (2 bytes each) are too long.
 */
const BYTE_LIMITED_FIELDS: ReadonlySet<string> = new Set(['CaseComment.CommentBody']);

/**
 * Validates and normalises the writable fields of a body.
 * @param mode create or update: decides which fields are writable.
 * @throws SfRequestError (400) naming the first bad field.
 */
export function toStoredValues(def: SfObjectDef, body: Record<string, unknown>, mode: 'create' | 'update'): SfRecord {
  const values: SfRecord = {};
  const readOnly: string[] = [];
  for (const [name, raw] of Object.entries(body)) {
    if (name === 'attributes' || (name.toLowerCase() === 'id' && mode === 'update')) continue;
    const field = findField(def, name);
    if (!field) throw sfError(400, 'INVALID_FIELD', `No such column '${name}' on sobject of type ${def.name}`);
    const writable = mode === 'create' ? field.createable : field.updateable;
    if (!writable) {
      readOnly.push(field.name);
      continue;
    }
    values[field.name] = toStoredValue(field, raw, BYTE_LIMITED_FIELDS.has(`${def.name}.${field.name}`) ? 'bytes' : 'characters');
  }
  if (readOnly.length > 0) {
    throw sfError(
      400,
      'INVALID_FIELD_FOR_INSERT_UPDATE',
      `Unable to create/update fields: ${readOnly.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
      readOnly,
    );
  }
  if (mode === 'create') {
    const missing = def.fields.filter((f) => f.required && (values[f.name] === undefined || values[f.name] === null));
    if (missing.length > 0) {
      const names = missing.map((f) => f.name);
      throw sfError(400, 'REQUIRED_FIELD_MISSING', `Required fields are missing: [${names.join(', ')}]`, names);
    }
  }
  return values;
}

function typeError(field: SfFieldDef, raw: unknown): Error {
  return sfError(400, 'INVALID_TYPE_ON_FIELD_IN_RECORD', `${field.label}: value not of required type: ${String(raw)}`, [field.name]);
}

/**
 * Converts one JSON value to the stored form of a field, or throws the Salesforce error.
 * @param lengthUnit what the field's `length` counts (default characters).
 */
export function toStoredValue(field: SfFieldDef, raw: unknown, lengthUnit: 'characters' | 'bytes' = 'characters'): SfValue {
  if (field.type === 'boolean') {
    if (raw === null) return false;
    if (typeof raw === 'boolean') return raw;
    if (raw === 'true' || raw === 'false') return raw === 'true';
    throw typeError(field, raw);
  }
  // Salesforce stores an empty text as null.
  if (raw === null || raw === '') return null;
  switch (field.type) {
    case 'datetime': {
      const ms = typeof raw === 'string' ? parseSalesforceDateTime(raw) : undefined;
      if (ms === undefined) throw typeError(field, raw);
      return ms;
    }
    case 'int':
      if (typeof raw !== 'number' || !Number.isInteger(raw)) throw typeError(field, raw);
      return raw;
    case 'reference':
    case 'id': {
      const id = typeof raw === 'string' ? toId18(raw) : undefined;
      if (!id) throw sfError(400, 'MALFORMED_ID', `${field.label}: id value of incorrect type: ${String(raw)}`, [field.name]);
      return id;
    }
    default:
      return toStoredText(field, raw, lengthUnit);
  }
}

function toStoredText(field: SfFieldDef, raw: unknown, lengthUnit: 'characters' | 'bytes'): string {
  if (typeof raw !== 'string' && typeof raw !== 'number') throw typeError(field, raw);
  const text = String(raw);
  const size = lengthUnit === 'bytes' ? Buffer.byteLength(text, 'utf8') : text.length;
  // Refused for the whole record, never cut: Salesforce's behaviour since API 15.0
  // ("AllowFieldTruncationHeader", SOAP API Developer Guide).
  if (field.length !== undefined && size > field.length) {
    throw sfError(400, 'STRING_TOO_LONG', `${field.label}: data value too large: ${text.slice(0, 40)} (max length=${field.length})`, [field.name]);
  }
  if (field.type === 'picklist' && field.picklist && !field.picklist.includes(text)) {
    throw sfError(400, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `${field.label}: bad value for restricted picklist field: ${text}`, [field.name]);
  }
  if (field.type === 'email' && !EMAIL_PATTERN.test(text)) {
    throw sfError(400, 'INVALID_EMAIL_ADDRESS', `${field.label}: invalid email address: ${text}`, [field.name]);
  }
  if (field.validation && !field.validation.pattern.test(text)) {
    throw sfError(400, 'FIELD_CUSTOM_VALIDATION_EXCEPTION', field.validation.message, [field.name]);
  }
  return text;
}
