/**
 * The whole generated SFDX project under salesforce/: every file's path (relative to salesforce/)
 * and content, from the shared definition. `npm run sfdx:generate` writes it; a test checks the
 * committed files are exactly this.
 */
import { CASE_CUSTOM_FIELDS } from '../../src/domain/salesforce/case-fields.js';
import { AGENT_PERMISSION_SET, CASE_CHANGED_FLOW, CASE_PRIORITY_VALUES, DEFAULT_CASE_PRIORITY, INTEGRATION_PERMISSION_SET } from '../../src/domain/salesforce/case-automation.js';
import { renderCustomField, renderStandardValueSet, renderValidationRule } from './render-case-fields.js';
import { INTEGRATION_USER_PERMISSION, renderAgentPermissionSet, renderIntegrationPermissionSet, renderIntegrationUserPermission } from './render-access.js';
import { DEPLOY_PLACEHOLDERS, renderCaseChangedFlow, renderCaseWorkflow } from './render-automation.js';
import { METADATA_API_VERSION } from './xml.js';

/** Source folder of the package, relative to salesforce/. */
export const SOURCE_DIR = 'force-app/main/default';

/** One generated file. */
export interface GeneratedFile {
  /** Path relative to salesforce/, with forward slashes. */
  path: string;
  content: string;
}

const WORKFLOW_PATH = `${SOURCE_DIR}/workflows/Case.workflow-meta.xml`;

function renderSfdxProject(): string {
  const replacements = Object.values(DEPLOY_PLACEHOLDERS).map((p) => ({
    filename: WORKFLOW_PATH,
    stringToReplace: p.text,
    replaceWithEnv: p.env,
  }));
  const project = {
    name: 'casebridge',
    packageDirectories: [{ path: 'force-app', default: true }],
    sourceApiVersion: METADATA_API_VERSION,
    replacements,
  };
  return `${JSON.stringify(project, null, 2)}\n`;
}

/** Every file of the project, in a stable order. */
export function buildSfdxProject(): GeneratedFile[] {
  const files: GeneratedFile[] = [{ path: 'sfdx-project.json', content: renderSfdxProject() }];
  for (const field of CASE_CUSTOM_FIELDS) {
    files.push({ path: `${SOURCE_DIR}/objects/Case/fields/${field.apiName}.field-meta.xml`, content: renderCustomField(field) });
    if (field.format) {
      files.push({
        path: `${SOURCE_DIR}/objects/Case/validationRules/${field.format.name}.validationRule-meta.xml`,
        content: renderValidationRule(field, field.format),
      });
    }
  }
  files.push(
    { path: `${SOURCE_DIR}/standardValueSets/CasePriority.standardValueSet-meta.xml`, content: renderStandardValueSet(CASE_PRIORITY_VALUES, DEFAULT_CASE_PRIORITY) },
    { path: `${SOURCE_DIR}/permissionsets/${INTEGRATION_PERMISSION_SET}.permissionset-meta.xml`, content: renderIntegrationPermissionSet() },
    { path: `${SOURCE_DIR}/permissionsets/${AGENT_PERMISSION_SET}.permissionset-meta.xml`, content: renderAgentPermissionSet() },
    { path: `${SOURCE_DIR}/customPermissions/${INTEGRATION_USER_PERMISSION}.customPermission-meta.xml`, content: renderIntegrationUserPermission() },
    { path: WORKFLOW_PATH, content: renderCaseWorkflow() },
    { path: `${SOURCE_DIR}/flows/${CASE_CHANGED_FLOW.name}.flow-meta.xml`, content: renderCaseChangedFlow() },
  );
  return files;
}
