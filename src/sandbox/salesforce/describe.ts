/**
 * Describe answers (`/sobjects`, `/sobjects/{type}/describe`) built from the field schema, with the
 * keys jsforce and casebridge read (name, type, length, picklistValues, referenceTo, …).
 */
import { SOBJECTS, isLongTextArea, type SfFieldDef, type SfObjectDef } from './schema.js';

const SOAP_TYPES: Record<SfFieldDef['type'], string> = {
  id: 'tns:ID',
  reference: 'tns:ID',
  string: 'xsd:string',
  textarea: 'xsd:string',
  picklist: 'xsd:string',
  email: 'xsd:string',
  url: 'xsd:string',
  boolean: 'xsd:boolean',
  datetime: 'xsd:dateTime',
  int: 'xsd:int',
};

function objectUrls(def: SfObjectDef, version: string): Record<string, string> {
  const base = `/services/data/v${version}/sobjects/${def.name}`;
  return { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` };
}

function summarize(def: SfObjectDef, version: string): Record<string, unknown> {
  return {
    name: def.name,
    label: def.label,
    labelPlural: def.labelPlural,
    keyPrefix: def.keyPrefix,
    custom: false,
    createable: def.createable,
    updateable: def.updateable,
    deletable: def.deletable,
    queryable: true,
    retrieveable: true,
    searchable: true,
    layoutable: true,
    triggerable: true,
    urls: objectUrls(def, version),
  };
}

function describeField(field: SfFieldDef): Record<string, unknown> {
  const isText = ['string', 'textarea', 'picklist', 'email', 'url'].includes(field.type);
  return {
    name: field.name,
    label: field.label,
    type: field.type,
    soapType: SOAP_TYPES[field.type],
    length: isText ? (field.length ?? 255) : field.type === 'id' || field.type === 'reference' ? 18 : 0,
    custom: field.custom,
    nillable: field.type !== 'boolean' && !field.required && field.name !== 'Id',
    createable: field.createable,
    updateable: field.updateable,
    defaultedOnCreate: field.defaultValue !== undefined || !field.createable,
    defaultValue: field.defaultValue ?? null,
    calculated: false,
    filterable: !isLongTextArea(field),
    sortable: !isLongTextArea(field),
    groupable: field.type !== 'textarea' && field.type !== 'datetime',
    unique: false,
    externalId: false,
    idLookup: field.name === 'Id',
    restrictedPicklist: field.type === 'picklist',
    picklistValues: (field.picklist ?? []).map((value, index) => ({
      active: true,
      defaultValue: value === field.defaultValue,
      label: field.picklistLabels?.[index] ?? value,
      validFor: null,
      value,
    })),
    inlineHelpText: field.inlineHelpText ?? null,
    referenceTo: field.referenceTo ? [field.referenceTo] : [],
    relationshipName: field.relationshipName ?? null,
  };
}

/** The global describe (`GET /sobjects`). */
export function describeGlobal(version: string): Record<string, unknown> {
  return {
    encoding: 'UTF-8',
    maxBatchSize: 200,
    sobjects: [...SOBJECTS.values()].map((def) => summarize(def, version)),
  };
}

/** The basic information resource (`GET /sobjects/{type}`). */
export function describeBasic(def: SfObjectDef, version: string): Record<string, unknown> {
  return { objectDescribe: summarize(def, version), recentItems: [] };
}

/** The full describe (`GET /sobjects/{type}/describe`). */
export function describeSObject(def: SfObjectDef, version: string): Record<string, unknown> {
  return {
    ...summarize(def, version),
    fields: def.fields.map(describeField),
    childRelationships: def.children.map((child) => ({
      childSObject: child.childSObject,
      field: child.field,
      relationshipName: child.relationshipName,
      cascadeDelete: child.childSObject === 'CaseComment',
      deprecatedAndHidden: false,
    })),
    recordTypeInfos: [],
  };
}
