import type { IssueTypeDef, PriorityDef, ResolutionDef, StatusDef, WorkflowDef } from './catalog-types.js';

/** Statuses of the site. Ids mimic Jira Cloud's 1000x numbering. */
export const STATUSES: readonly StatusDef[] = [
  { id: '10000', name: 'To Do', description: 'Work that has not been started.', category: 'new' },
  { id: '10001', name: 'In Progress', description: 'A developer is working on it.', category: 'indeterminate' },
  { id: '10002', name: 'Waiting for Support', description: 'Development needs information from support.', category: 'indeterminate' },
  { id: '10003', name: 'In Review', description: 'The fix is being reviewed.', category: 'indeterminate' },
  { id: '10004', name: 'Done', description: 'Work has finished.', category: 'done' },
  { id: '10005', name: "Won't Do", description: 'The work will not be done.', category: 'done' },
  { id: '10010', name: 'Open', description: 'The incident was declared.', category: 'new' },
  { id: '10011', name: 'Investigating', description: 'Responders are investigating.', category: 'indeterminate' },
  { id: '10012', name: 'Mitigated', description: 'Customer impact has stopped.', category: 'indeterminate' },
  { id: '10013', name: 'Resolved', description: 'The cause is fixed.', category: 'done' },
  { id: '10014', name: 'Closed', description: 'The post-incident review is complete.', category: 'done' },
];

/** Issue types. `Sub-task` is the site's only sub-task type. */
export const ISSUE_TYPES: readonly IssueTypeDef[] = [
  { id: '10001', name: 'Task', description: 'A small, distinct piece of work.', subtask: false, hierarchyLevel: 0 },
  { id: '10002', name: 'Bug', description: 'A problem or error.', subtask: false, hierarchyLevel: 0 },
  { id: '10003', name: 'Sub-task', description: 'A small piece of work that is part of a larger task.', subtask: true, hierarchyLevel: -1 },
  { id: '10004', name: 'Incident', description: 'A service disruption affecting customers.', subtask: false, hierarchyLevel: 0 },
];

export const PRIORITIES: readonly PriorityDef[] = [
  { id: '1', name: 'Highest', statusColor: '#d04437', isDefault: false },
  { id: '2', name: 'High', statusColor: '#f15C75', isDefault: false },
  { id: '3', name: 'Medium', statusColor: '#f79232', isDefault: true },
  { id: '4', name: 'Low', statusColor: '#707070', isDefault: false },
  { id: '5', name: 'Lowest', statusColor: '#999999', isDefault: false },
];

export const RESOLUTIONS: readonly ResolutionDef[] = [
  { id: '10000', name: 'Done', description: 'Work has been completed on this issue.' },
  { id: '10001', name: "Won't Do", description: "This issue won't be actioned." },
  { id: '10002', name: 'Duplicate', description: 'The problem is a duplicate of an existing issue.' },
  { id: '10003', name: 'Cannot Reproduce', description: 'All attempts at reproducing this issue failed.' },
];

/** The workflow of every ordinary project: escalations from support. */
export const SUPPORT_ESCALATION_WORKFLOW: WorkflowDef = {
  name: 'Support Escalation',
  initialStatusId: '10000',
  transitions: [
    { id: '11', name: 'Start Progress', fromStatusIds: ['10000'], toStatusId: '10001' },
    { id: '21', name: 'Request Info', fromStatusIds: ['10001'], toStatusId: '10002' },
    { id: '31', name: 'Info Provided', fromStatusIds: ['10002'], toStatusId: '10001' },
    { id: '41', name: 'Submit for Review', fromStatusIds: ['10001'], toStatusId: '10003' },
    { id: '51', name: 'Back to Progress', fromStatusIds: ['10003'], toStatusId: '10001' },
    { id: '61', name: 'Resolve', fromStatusIds: ['10003', '10001'], toStatusId: '10004' },
    { id: '71', name: "Won't Do", fromStatusIds: ['10000', '10001', '10002'], toStatusId: '10005' },
    { id: '81', name: 'Reopen', fromStatusIds: ['10004', '10005'], toStatusId: '10000' },
  ],
};

/** The workflow of `Incident` issues in the INC project. */
export const INCIDENT_WORKFLOW: WorkflowDef = {
  name: 'Incident',
  initialStatusId: '10010',
  transitions: [
    { id: '11', name: 'Acknowledge', fromStatusIds: ['10010'], toStatusId: '10011' },
    { id: '21', name: 'Mitigate', fromStatusIds: ['10011'], toStatusId: '10012' },
    { id: '31', name: 'Resolve', fromStatusIds: ['10011', '10012'], toStatusId: '10013' },
    { id: '41', name: 'Close', fromStatusIds: ['10013'], toStatusId: '10014' },
    { id: '51', name: 'Reopen', fromStatusIds: ['10013', '10014'], toStatusId: '10011' },
  ],
};

/** Sub-tasks of incidents (follow-up actions) use a plain three-step workflow. */
export const SUBTASK_WORKFLOW: WorkflowDef = {
  name: 'Incident Action',
  initialStatusId: '10000',
  transitions: [
    { id: '11', name: 'Start Progress', fromStatusIds: ['10000'], toStatusId: '10001' },
    { id: '21', name: 'Done', fromStatusIds: ['10000', '10001'], toStatusId: '10004' },
    { id: '31', name: 'Reopen', fromStatusIds: ['10004'], toStatusId: '10000' },
  ],
};
