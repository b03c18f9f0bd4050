/**
 * Permission sets and the custom permission that marks the integration user. The integration user
 * edits what casebridge writes and reads the rest; agents read what casebridge writes and edit the
 * fields they own. Both sets come from the `writer` of each field in the shared definition.
 */
import type { CaseCustomField } from '../../src/domain/salesforce/case-field-types.js';
import { CASE_CUSTOM_FIELDS, isEditableByAgents, isWrittenByCasebridge } from '../../src/domain/salesforce/case-fields.js';
import { renderMetadataXml } from './xml.js';

/** Held by the integration user only; the Flow skips changes made by its holder (casebridge's own writes). */
export const INTEGRATION_USER_PERMISSION = 'Casebridge_Integration_User';

function fieldPermissions(editable: (field: CaseCustomField) => boolean): Record<string, unknown>[] {
  return [...CASE_CUSTOM_FIELDS].sort((a, b) => a.apiName.localeCompare(b.apiName)).map((field) => ({ editable: editable(field), field: `Case.${field.apiName}`, readable: true }));
}

function caseAccess(viewAllRecords: boolean): Record<string, unknown> {
  return {
    allowCreate: false,
    allowDelete: false,
    allowEdit: true,
    allowRead: true,
    modifyAllRecords: false,
    object: 'Case',
    viewAllRecords,
  };
}

/** `permissionsets/Casebridge_Integration.permissionset-meta.xml`. */
export function renderIntegrationPermissionSet(): string {
  return renderMetadataXml('PermissionSet', {
    customPermissions: { enabled: true, name: INTEGRATION_USER_PERMISSION },
    description: 'For the user casebridge signs in as (JWT bearer): API access, all cases visible, edit on the fields casebridge writes, read on the fields it reads.',
    fieldPermissions: fieldPermissions(isWrittenByCasebridge),
    hasActivationRequired: false,
    label: 'casebridge integration',
    objectPermissions: caseAccess(true),
    userPermissions: { enabled: true, name: 'ApiEnabled' },
  });
}

/** `permissionsets/Casebridge_Agent.permissionset-meta.xml`. */
export function renderAgentPermissionSet(): string {
  return renderMetadataXml('PermissionSet', {
    description: 'For support agents: see the Jira, SLA and incident fields casebridge writes (read-only) and edit Escalate to Jira and the case context casebridge reads.',
    fieldPermissions: fieldPermissions(isEditableByAgents),
    hasActivationRequired: false,
    label: 'casebridge agent',
    objectPermissions: caseAccess(false),
  });
}

/** `customPermissions/Casebridge_Integration_User.customPermission-meta.xml`. */
export function renderIntegrationUserPermission(): string {
  return renderMetadataXml('CustomPermission', {
    description: 'Marks the casebridge integration user, so the Case Flow does not send casebridge its own changes back.',
    isLicensed: false,
    label: 'casebridge integration user',
  });
}
