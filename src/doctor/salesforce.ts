/**
 * Live Salesforce checks: whose token this is (OpenID Connect userinfo), the Case describe against
 * what the config needs, and the org id Outbound Messages will carry.
 */
import type { Connection } from 'jsforce';
import type { FileConfigs } from '../config/load.js';
import { fromSalesforceError } from '../adapters/salesforce/errors.js';
import { caseFieldNeeds, checkCaseFieldsPresent, checkCaseFieldsWritable, checkCasePicklists } from './case-fields.js';
import type { DescribedField } from './case-fields.js';
import { checkOf, failedCall, skip } from './checks.js';
import type { CheckResult } from './checks.js';

interface UserInfo {
  preferred_username?: string;
  organization_id?: string;
  user_id?: string;
}

export interface SalesforceCheckInput {
  connection: Connection;
  files: FileConfigs;
  /** The org id Outbound Messages are accepted from (configured, or the emulator's). */
  organizationId?: string;
  /** Whether Outbound Messages are pushed at all (salesforce.push). */
  push: boolean;
}

const AUTH = 'Salesforce authentication';
const CASE_FIELDS = 'Salesforce Case fields';

/** The fast subset `start` also runs: authentication and the Case fields present. */
export async function checkSalesforceFast(input: SalesforceCheckInput): Promise<{ results: CheckResult[]; userInfo?: UserInfo; described?: DescribedField[] }> {
  let userInfo: UserInfo;
  try {
    userInfo = await input.connection.request<UserInfo>('/services/oauth2/userinfo');
  } catch (error) {
    return { results: [failedCall(AUTH, fromSalesforceError(error), 'check SALESFORCE_* (token, or Connected App, user and key of the JWT flow; see salesforce/README.md)', true)] };
  }
  const expected = input.files.sync!.salesforce.integrationUsername;
  const username = userInfo.preferred_username ?? '';
  const auth = checkOf(
    AUTH,
    `signed in as ${username} (org ${userInfo.organization_id ?? '?'})`,
    username.toLowerCase() === expected.toLowerCase()
      ? []
      : [
          {
            what: `signed in as ${username}, but salesforce.integrationUsername is ${expected} (casebridge would not recognise its own writes)`,
            fix: `sign in as ${expected}, or set salesforce.integrationUsername to ${username} in sync.yaml`,
          },
        ],
  );
  let described: DescribedField[];
  try {
    described = (await input.connection.sobject('Case').describe()).fields as unknown as DescribedField[];
  } catch (error) {
    return { results: [auth, failedCall(CASE_FIELDS, fromSalesforceError(error), 'give the integration user read access to Case (the Casebridge_Integration permission set)', true)], userInfo };
  }
  return { results: [auth, checkCaseFieldsPresent(described, caseFieldNeeds(input.files))], userInfo, described };
}

/** Every Salesforce check, in checklist order. */
export async function checkSalesforce(input: SalesforceCheckInput): Promise<CheckResult[]> {
  const fast = await checkSalesforceFast(input);
  if (!fast.described || !fast.userInfo) return fast.results;
  const needs = caseFieldNeeds(input.files);
  return [...fast.results, checkCasePicklists(fast.described, needs), checkCaseFieldsWritable(fast.described, needs), checkOrganizationId(input, fast.userInfo)];
}

function checkOrganizationId(input: SalesforceCheckInput, userInfo: UserInfo): CheckResult {
  const name = 'Salesforce Outbound Message org id';
  if (!input.push) return skip(name, 'push is off (salesforce.push: false): changes are found by polling only');
  const actual = userInfo.organization_id ?? '';
  const configured = input.organizationId;
  // 15- and 18-character forms of one id share their first 15 characters.
  const same = configured !== undefined && configured.slice(0, 15) === actual.slice(0, 15);
  return checkOf(
    name,
    `Outbound Messages from org ${actual} are accepted`,
    same
      ? []
      : [
          {
            what: configured
              ? `salesforce.organizationId is ${configured}, but this org is ${actual}: its Outbound Messages would be refused (403)`
              : `salesforce.organizationId is not set: every Outbound Message would be refused (403)`,
            fix: `set salesforce.organizationId: ${actual} in sync.yaml`,
          },
        ],
  );
}
