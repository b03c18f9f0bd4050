/**
 * Reads the committed SFDX project under salesforce/ as plain data (fast-xml-parser), so tests
 * compare what an admin would deploy — not what the generator meant to write — with the field
 * definition and with the emulator.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';

export const REPO_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SALESFORCE_DIR = join(REPO_DIR, 'salesforce');
export const SOURCE_DIR = join(SALESFORCE_DIR, 'force-app', 'main', 'default');

/** Elements that may repeat are always arrays; values stay text ("false", "32"). */
const REPEATED = new Set(['value', 'standardValue', 'fieldPermissions', 'objectPermissions', 'userPermissions', 'customPermissions', 'fields', 'outboundMessages', 'rules', 'conditions']);
const parser = new XMLParser({ parseTagValue: false, ignoreAttributes: true, isArray: (name) => REPEATED.has(name) });

/** Parses one file of the project (path relative to force-app/main/default) and returns its root element. */
export function readSourceXml(relativePath: string): Record<string, any> {
  const doc = parser.parse(readFileSync(join(SOURCE_DIR, relativePath), 'utf8')) as Record<string, any>;
  const root = Object.keys(doc).find((key) => key !== '?xml');
  if (!root) throw new Error(`${relativePath} has no root element`);
  return doc[root] as Record<string, any>;
}

/** A Case custom field as its field-meta.xml declares it. */
export interface DeclaredField {
  fullName: string;
  label: string;
  type: string;
  length: number | undefined;
  inlineHelpText: string | undefined;
  defaultValue: string | undefined;
  /** Picklist values (API name and label), in file order. */
  values: { value: string; label: string }[];
  restricted: boolean;
}

/** Every `objects/Case/fields/*.field-meta.xml`, by API name. */
export function readDeclaredCaseFields(): Map<string, DeclaredField> {
  const dir = join(SOURCE_DIR, 'objects', 'Case', 'fields');
  const fields = new Map<string, DeclaredField>();
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith('.field-meta.xml'))
    .sort()) {
    const xml = readSourceXml(`objects/Case/fields/${file}`);
    const definition = xml.valueSet?.valueSetDefinition;
    fields.set(String(xml.fullName), {
      fullName: String(xml.fullName),
      label: String(xml.label),
      type: String(xml.type),
      length: xml.length === undefined ? undefined : Number(xml.length),
      inlineHelpText: xml.inlineHelpText === undefined ? undefined : String(xml.inlineHelpText),
      defaultValue: xml.defaultValue === undefined ? undefined : String(xml.defaultValue),
      values: ((definition?.value ?? []) as Record<string, unknown>[]).map((v) => ({ value: String(v.fullName), label: String(v.label) })),
      restricted: String(xml.valueSet?.restricted) === 'true',
    });
  }
  return fields;
}

/** Describe types of the Metadata API field types casebridge's fields use. */
export const DESCRIBE_TYPE_OF: Record<string, string> = {
  Checkbox: 'boolean',
  Text: 'string',
  Url: 'url',
  DateTime: 'datetime',
  Picklist: 'picklist',
};
