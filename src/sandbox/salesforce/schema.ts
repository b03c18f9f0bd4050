/**
 * Field schema of the emulated org: what an sObject and a field are, and how to find them. The four
 * sObjects casebridge touches are defined in sobject-defs.ts. Describe, validation and SOQL all read
 * from here, so a field missing here is missing everywhere (INVALID_FIELD), as in a real org.
 */
import { SOBJECT_DEFS } from './sobject-defs.js';

/** Salesforce field types the emulator understands (a subset of the describe `type` values). */
export type SfFieldType = 'id' | 'string' | 'textarea' | 'picklist' | 'boolean' | 'datetime' | 'reference' | 'email' | 'url' | 'int';

/** One field of an sObject, in the terms describe reports. */
export interface SfFieldDef {
  name: string;
  label: string;
  type: SfFieldType;
  /** Maximum length for text types, in characters. */
  length?: number;
  picklist?: readonly string[];
  /** Labels of the picklist values, in the same order (default: the values themselves). */
  picklistLabels?: readonly string[];
  /** Help text shown next to the field. */
  inlineHelpText?: string;
  /** Default applied on create when the caller gives no value. */
  defaultValue?: string | boolean;
  createable: boolean;
  updateable: boolean;
  /** Required on create (REQUIRED_FIELD_MISSING when absent). */
  required?: boolean;
  custom: boolean;
  referenceTo?: string;
  relationshipName?: string;
  /** A validation rule: the value must match, else FIELD_CUSTOM_VALIDATION_EXCEPTION. */
  validation?: { pattern: RegExp; message: string };
}

/** One sObject type. */
export interface SfObjectDef {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  createable: boolean;
  updateable: boolean;
  deletable: boolean;
  fields: readonly SfFieldDef[];
  /** Child relationships reported by describe (name of the child relationship and child object). */
  children: readonly { relationshipName: string; childSObject: string; field: string }[];
}

/** All sObjects of the emulated org, by API name. */
export const SOBJECTS: ReadonlyMap<string, SfObjectDef> = new Map(SOBJECT_DEFS.map((def) => [def.name, def]));

/** Finds an sObject by name, case-insensitively as Salesforce does. */
export function findSObject(name: string): SfObjectDef | undefined {
  const lower = name.toLowerCase();
  for (const def of SOBJECTS.values()) if (def.name.toLowerCase() === lower) return def;
  return undefined;
}

/** Finds a field by name, case-insensitively. */
export function findField(def: SfObjectDef, name: string): SfFieldDef | undefined {
  const lower = name.toLowerCase();
  return def.fields.find((f) => f.name.toLowerCase() === lower);
}

/** Long text areas can be neither filtered nor sorted in SOQL, as in a real org. */
export function isLongTextArea(field: SfFieldDef): boolean {
  return field.type === 'textarea' && (field.length ?? 0) > 255;
}

/** Finds a reference field by its relationship name (`Account` → AccountId), case-insensitively. */
export function findRelationship(def: SfObjectDef, relationshipName: string): SfFieldDef | undefined {
  const lower = relationshipName.toLowerCase();
  return def.fields.find((f) => f.relationshipName?.toLowerCase() === lower);
}
