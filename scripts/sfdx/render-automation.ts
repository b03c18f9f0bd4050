/**
 * The Outbound Message (a Case workflow action; workflow rules are retired, so no rule sends it)
 * and the record-triggered Flow that sends it after every create or update of a case, except the
 * integration user's own writes. casebridge answers it at `<deployment>/webhooks/salesforce`.
 */
import { CASE_CHANGED_FLOW, CASE_OUTBOUND_MESSAGE } from '../../src/domain/salesforce/case-automation.js';
import { INTEGRATION_USER_PERMISSION } from './render-access.js';
import { METADATA_API_VERSION, renderMetadataXml } from './xml.js';

/** Written into the files; `sf project deploy start` replaces them from the environment (sfdx-project.json). */
export const DEPLOY_PLACEHOLDERS = {
  deploymentUrl: { text: 'https://casebridge.example.com', env: 'CASEBRIDGE_URL' },
  integrationUsername: { text: 'casebridge@integration.example', env: 'CASEBRIDGE_INTEGRATION_USERNAME' },
} as const;

/** `workflows/Case.workflow-meta.xml`: the Outbound Message only. */
export function renderCaseWorkflow(): string {
  return renderMetadataXml('Workflow', {
    outboundMessages: {
      fullName: CASE_OUTBOUND_MESSAGE.name,
      apiVersion: METADATA_API_VERSION,
      description: 'Tells casebridge that a case changed; casebridge reads the case again through the REST API and acknowledges once it has queued it.',
      endpointUrl: `${DEPLOY_PLACEHOLDERS.deploymentUrl.text}${CASE_OUTBOUND_MESSAGE.path}`,
      fields: [...CASE_OUTBOUND_MESSAGE.fields].sort(),
      includeSessionId: false,
      integrationUser: DEPLOY_PLACEHOLDERS.integrationUsername.text,
      name: CASE_OUTBOUND_MESSAGE.label,
      protected: false,
      useDeadLetterQueue: false,
    },
  });
}

const SEND_ACTION = 'Send_to_casebridge';
const DECISION = 'Changed_by_someone_else';

/** `flows/Casebridge_Case_Changed.flow-meta.xml`: after save on Case → (not casebridge?) → Outbound Message. */
export function renderCaseChangedFlow(): string {
  return renderMetadataXml('Flow', {
    actionCalls: {
      name: SEND_ACTION,
      label: 'Send to casebridge',
      locationX: 50,
      locationY: 431,
      actionName: `Case.${CASE_OUTBOUND_MESSAGE.name}`,
      actionType: 'outboundMessage',
      flowTransactionModel: 'CurrentTransaction',
      nameSegment: `Case.${CASE_OUTBOUND_MESSAGE.name}`,
    },
    apiVersion: METADATA_API_VERSION,
    decisions: {
      name: DECISION,
      label: 'Changed by someone other than casebridge?',
      locationX: 182,
      locationY: 323,
      defaultConnectorLabel: 'Changed by casebridge',
      rules: {
        name: 'Not_casebridge',
        conditionLogic: 'and',
        conditions: {
          leftValueReference: `$Permission.${INTEGRATION_USER_PERMISSION}`,
          operator: 'EqualTo',
          rightValue: { booleanValue: false },
        },
        connector: { targetReference: SEND_ACTION },
        label: 'Not casebridge',
      },
    },
    description: 'Pushes every created or changed case to casebridge (Outbound Message), except the changes casebridge itself makes.',
    environments: 'Default',
    interviewLabel: `${CASE_CHANGED_FLOW.label} {!$Flow.CurrentDateTime}`,
    label: CASE_CHANGED_FLOW.label,
    processMetadataValues: [
      { name: 'BuilderType', value: { stringValue: 'LightningFlowBuilder' } },
      { name: 'CanvasMode', value: { stringValue: 'AUTO_LAYOUT_CANVAS' } },
      { name: 'OriginBuilderType', value: { stringValue: 'LightningFlowBuilder' } },
    ],
    processType: 'AutoLaunchedFlow',
    start: {
      locationX: 56,
      locationY: 0,
      connector: { targetReference: DECISION },
      object: 'Case',
      recordTriggerType: 'CreateAndUpdate',
      triggerType: 'RecordAfterSave',
    },
    status: 'Active',
  });
}
