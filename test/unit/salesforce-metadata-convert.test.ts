/**
 * salesforce/ converts to Metadata API format with @salesforce/source-deploy-retrieve, the library
 * `sf project deploy start` builds its deploy package with: every component is recognised, the
 * string replacements of sfdx-project.json apply, and the converted Case object declares every
 * `__c` field the example config names.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { CASE_CUSTOM_FIELDS } from '../../src/domain/salesforce/case-fields.js';
import { REPO_DIR, SALESFORCE_DIR } from '../helpers/sfdx-files.js';

/**
 * The environment of the conversion. @salesforce/core keeps a log and its state under ~/.sf: HOME
 * points at a temporary folder so the test reads and writes nothing outside the repository.
 */
const DEPLOY_ENV = {
  SF_APPLY_REPLACEMENTS_ON_CONVERT: 'true',
  SF_DISABLE_LOG_FILE: 'true',
  CASEBRIDGE_URL: 'https://casebridge.test.example',
  CASEBRIDGE_INTEGRATION_USERNAME: 'integration@test.example',
};

const parser = new XMLParser({ parseTagValue: false, ignoreAttributes: true, isArray: (name) => ['fields', 'validationRules', 'types', 'members', 'outboundMessages'].includes(name) });

function readConverted(outDir: string, path: string): Record<string, any> {
  return parser.parse(readFileSync(join(outDir, path), 'utf8')) as Record<string, any>;
}

describe('salesforce/ converted by @salesforce/source-deploy-retrieve', function () {
  // Loading the library and @salesforce/core takes a few seconds on a busy machine.
  this.timeout(60_000);
  let outDir = '';
  let components: string[] = [];
  const savedEnv: Record<string, string | undefined> = {};

  before(async () => {
    for (const [name, value] of Object.entries(DEPLOY_ENV)) {
      savedEnv[name] = process.env[name];
      process.env[name] = value;
    }
    outDir = mkdtempSync(join(tmpdir(), 'casebridge-sfdx-'));
    savedEnv.HOME = process.env.HOME;
    process.env.HOME = mkdtempSync(join(tmpdir(), 'casebridge-sfdx-home-'));
    // Imported here, after HOME is set: @salesforce/core resolves its global folder when it loads.
    const { ComponentSet, MetadataConverter } = await import('@salesforce/source-deploy-retrieve');
    const set = ComponentSet.fromSource(join(SALESFORCE_DIR, 'force-app'));
    // Replacements are read from the sfdx-project.json of the set's project directory.
    set.projectDirectory = SALESFORCE_DIR;
    components = set
      .toArray()
      .map((c) => `${c.type.name}:${c.fullName}`)
      .sort();
    await new MetadataConverter().convert(set, 'metadata', { type: 'directory', outputDirectory: outDir, genUniqueDir: false });
  });

  after(() => {
    const home = process.env.HOME;
    if (home && home.startsWith(tmpdir())) rmSync(home, { recursive: true, force: true });
    for (const [name, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it('recognises every file as a metadata component', () => {
    const expected = [
      ...CASE_CUSTOM_FIELDS.map((f) => `CustomField:Case.${f.apiName}`),
      'ValidationRule:Case.Casebridge_Jira_Key_Format',
      'StandardValueSet:CasePriority',
      'PermissionSet:Casebridge_Agent',
      'PermissionSet:Casebridge_Integration',
      'CustomPermission:Casebridge_Integration_User',
      'Flow:Casebridge_Case_Changed',
      'Workflow:Case',
    ].sort();
    assert.deepEqual(components, expected);
  });

  it('writes a package.xml naming every type, the Outbound Message among them', () => {
    const pkg = readConverted(outDir, 'package.xml').Package as { types: { name: string; members: string[] }[]; version: string };
    assert.equal(pkg.version, '62.0');
    assert.deepEqual(pkg.types.map((t) => t.name).sort(), ['CustomField', 'CustomPermission', 'Flow', 'PermissionSet', 'StandardValueSet', 'ValidationRule', 'Workflow', 'WorkflowOutboundMessage']);
    assert.deepEqual(pkg.types.find((t) => t.name === 'WorkflowOutboundMessage')?.members, ['Case.Casebridge_Case_Changed']);
  });

  it('declares every __c field the example config names on the converted Case object', () => {
    const caseObject = readConverted(outDir, 'objects/Case.object').CustomObject as { fields: { fullName: string; type: string }[] };
    const declared = new Map(caseObject.fields.map((f) => [f.fullName, f.type]));
    const named = new Set<string>();
    for (const file of readdirSync(join(REPO_DIR, 'config')).filter((f) => f.endsWith('.yaml'))) {
      for (const match of readFileSync(join(REPO_DIR, 'config', file), 'utf8').matchAll(/(?<![.\w])[A-Za-z][A-Za-z0-9_]*__c\b/g)) named.add(match[0]);
    }
    assert.ok(named.size >= 10, `found ${named.size} fields in config/`);
    for (const name of named) assert.ok(declared.has(name), `${name} is used in config/ but not declared`);
    for (const field of CASE_CUSTOM_FIELDS) assert.equal(declared.get(field.apiName), field.type, field.apiName);
  });

  it('fills the Outbound Message endpoint and user in from the environment', () => {
    const workflow = readConverted(outDir, 'workflows/Case.workflow').Workflow as { outboundMessages: Record<string, string>[] };
    const message = workflow.outboundMessages[0]!;
    assert.equal(message.endpointUrl, 'https://casebridge.test.example/webhooks/salesforce');
    assert.equal(message.integrationUser, 'integration@test.example');
  });
});
