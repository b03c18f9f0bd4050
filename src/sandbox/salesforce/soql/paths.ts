/**
 * Field paths in SOQL (`Subject`, `Account.Name`, `Owner.Email`): resolved against the schema once,
 * then read from records by following reference fields through the store.
 */
import { findField, findRelationship, findSObject, type SfFieldDef, type SfObjectDef } from '../schema.js';
import { sfError } from '../errors.js';
import type { SfRecord, SfValue } from '../validate.js';

/** A resolved path: reference hops, then the final field. */
export interface FieldPath {
  hops: { field: SfFieldDef; target: SfObjectDef }[];
  field: SfFieldDef;
  /** Canonical relationship names then field name, for building nested result objects. */
  names: string[];
}

/** Reads records by id across types; the store implements it. */
export interface RecordLookup {
  get(sObject: string, id: string): SfRecord | undefined;
}

/** The INVALID_FIELD answer Salesforce gives for an unknown column in a query. */
export function unknownColumnError(name: string, def: SfObjectDef): Error {
  return sfError(
    400,
    'INVALID_FIELD',
    `No such column '${name}' on entity '${def.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
  );
}

/** Resolves `Rel.Rel.Field` from a root object; throws INVALID_FIELD for unknown names. */
export function resolveFieldPath(root: SfObjectDef, path: string): FieldPath {
  const parts = path.split('.');
  // A leading root-object prefix (`Case.Subject`) is legal SOQL.
  if (parts.length > 1 && parts[0]?.toLowerCase() === root.name.toLowerCase()) parts.shift();
  const hops: FieldPath['hops'] = [];
  const names: string[] = [];
  let current = root;
  for (const relationshipName of parts.slice(0, -1)) {
    const refField = findRelationship(current, relationshipName);
    const target = refField?.referenceTo ? findSObject(refField.referenceTo) : undefined;
    if (!refField || !target) {
      throw sfError(
        400,
        'INVALID_FIELD',
        `Didn't understand relationship '${relationshipName}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
      );
    }
    hops.push({ field: refField, target });
    names.push(refField.relationshipName ?? relationshipName);
    current = target;
  }
  const last = parts[parts.length - 1] ?? '';
  const field = findField(current, last);
  if (!field) throw unknownColumnError(last, current);
  names.push(field.name);
  return { hops, field, names };
}

/** Reads the value at a path; null when a reference on the way is empty. */
export function readPath(row: SfRecord, path: FieldPath, lookup: RecordLookup): SfValue {
  let current: SfRecord | undefined = row;
  for (const hop of path.hops) {
    const id: SfValue | undefined = current[hop.field.name];
    current = typeof id === 'string' ? lookup.get(hop.target.name, id) : undefined;
    if (!current) return null;
  }
  return current[path.field.name] ?? null;
}
