import type { ProjectDef, UserDef } from './catalog-types.js';
import { INCIDENT_WORKFLOW, SUBTASK_WORKFLOW, SUPPORT_ESCALATION_WORKFLOW } from './catalog-workflows.js';

/** The account casebridge authenticates as; what `/myself` returns. */
export const API_USER_ACCOUNT_ID = 'integration-casebridge';

const ORDINARY_KEYS = ['DRV', 'RDR', 'PAY', 'B2B', 'DSP', 'AUTH', 'OPS'] as const;

function defineUser(accountId: string, displayName: string, emailAddress: string, timeZone: string, locale: string, assignableIn: readonly string[]): UserDef {
  return { accountId, displayName, emailAddress, accountType: 'atlassian', timeZone, locale, assignableIn };
}

export const USERS: readonly UserDef[] = [
  {
    accountId: API_USER_ACCOUNT_ID,
    displayName: 'casebridge integration',
    emailAddress: 'casebridge@integration.example',
    accountType: 'atlassian',
    timeZone: 'Etc/UTC',
    locale: 'en_US',
    assignableIn: [],
  },
  defineUser('dev-maya-cohen', 'Maya Cohen', 'maya.cohen@ride.example', 'Asia/Jerusalem', 'en_US', ['DRV', 'RDR', 'OPS']),
  defineUser('dev-noam-levi', 'נועם לוי', 'noam.levi@ride.example', 'Asia/Jerusalem', 'he_IL', ['DRV', 'DSP', 'INC']),
  defineUser('dev-tamar-mizrahi', 'תמר מזרחי', 'tamar.mizrahi@ride.example', 'Asia/Jerusalem', 'he_IL', ['PAY', 'B2B']),
  defineUser('dev-ivan-petrov', 'Иван Петров', 'ivan.petrov@ride.example', 'Europe/Moscow', 'ru_RU', ['PAY', 'AUTH', 'INC']),
  defineUser('dev-olga-smirnova', 'Ольга Смирнова', 'olga.smirnova@ride.example', 'Europe/Moscow', 'ru_RU', ['RDR', 'DSP']),
  defineUser('dev-dmitry-volkov', 'Дмитрий Волков', 'dmitry.volkov@ride.example', 'Europe/Moscow', 'ru_RU', ['AUTH', 'OPS']),
  defineUser('dev-james-walker', 'James Walker', 'james.walker@ride.example', 'Europe/London', 'en_GB', ['B2B', 'PAY', 'DRV']),
  defineUser('dev-priya-shah', 'Priya Shah', 'priya.shah@ride.example', 'Europe/London', 'en_GB', ['DSP', 'RDR', 'AUTH']),
  defineUser('dev-oliver-bennett', 'Oliver Bennett', 'oliver.bennett@ride.example', 'Europe/London', 'en_GB', ['OPS', 'B2B']),
  defineUser('im-sarah-oconnor', "Sarah O'Connor", 'sarah.oconnor@ride.example', 'Europe/London', 'en_GB', ['INC', ...ORDINARY_KEYS]),
  defineUser('im-yosef-friedman', 'יוסף פרידמן', 'yosef.friedman@ride.example', 'Asia/Jerusalem', 'he_IL', ['INC', ...ORDINARY_KEYS]),
  defineUser('im-anna-kuznetsova', 'Анна Кузнецова', 'anna.kuznetsova@ride.example', 'Europe/Moscow', 'ru_RU', ['INC', ...ORDINARY_KEYS]),
];

const ORDINARY_PROJECTS: readonly [string, string, string, readonly string[]][] = [
  ['DRV', 'Driver App', 'dev-maya-cohen', ['Onboarding', 'Trips', 'Earnings']],
  ['RDR', 'Rider App', 'dev-olga-smirnova', ['Booking', 'In-App Payments', 'Ratings']],
  ['PAY', 'Payments & Billing', 'dev-tamar-mizrahi', ['Card Payments', 'Invoicing', 'Refunds']],
  ['B2B', 'Corporate Portal', 'dev-james-walker', ['Accounts', 'Reporting', 'Billing Portal']],
  ['DSP', 'Dispatch & Pricing', 'dev-priya-shah', ['Matching', 'Surge Pricing', 'ETA']],
  ['AUTH', 'Identity & Access', 'dev-ivan-petrov', ['Login', 'SSO', 'MFA']],
  ['OPS', 'Internal Tools', 'dev-dmitry-volkov', ['Admin Console', 'Support Tools']],
];

const VERSION_NAMES: readonly [string, boolean, string][] = [
  ['2026.10', true, '2026-10-28'],
  ['2026.11', true, '2026-11-25'],
  ['2026.12', false, '2026-12-23'],
  ['2027.01', false, '2027-01-27'],
];

/** Builds the eight projects with globally unique component and version ids. */
export function buildProjects(): ProjectDef[] {
  let componentId = 10100;
  let versionId = 10200;
  const makeVersions = (): ProjectDef['versions'] => VERSION_NAMES.map(([name, released, releaseDate]) => ({ id: String(versionId++), name, released, releaseDate }));
  const projects: ProjectDef[] = ORDINARY_PROJECTS.map(([key, name, lead, components], index) => ({
    id: String(10000 + index),
    key,
    name,
    leadAccountId: lead,
    issueTypeIds: ['10001', '10002', '10003'],
    workflowByIssueTypeId: {
      '10001': SUPPORT_ESCALATION_WORKFLOW,
      '10002': SUPPORT_ESCALATION_WORKFLOW,
      '10003': SUPPORT_ESCALATION_WORKFLOW,
    },
    components: components.map((componentName) => ({ id: String(componentId++), name: componentName })),
    versions: makeVersions(),
  }));
  projects.push({
    id: '10010',
    key: 'INC',
    name: 'Incidents',
    leadAccountId: 'im-sarah-oconnor',
    issueTypeIds: ['10004', '10003'],
    workflowByIssueTypeId: { '10004': INCIDENT_WORKFLOW, '10003': SUBTASK_WORKFLOW },
    components: ['Platform', 'Payments', 'Mobile Apps'].map((componentName) => ({ id: String(componentId++), name: componentName })),
    versions: makeVersions(),
  });
  return projects;
}
