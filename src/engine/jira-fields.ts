/** Shapes planned plain values into Jira REST field values for an edit. */
import { toAdf } from '../domain/sync/adf.js';

export function toJiraRestFields(updates: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(updates)) {
    switch (field) {
      case 'description':
        fields.description = toAdf(String(value ?? ''));
        break;
      case 'priority':
        fields.priority = value === null ? null : { name: String(value) };
        break;
      case 'labels':
        fields.labels = String(value ?? '')
          .split(/\s+/)
          .filter(Boolean);
        break;
      case 'assignee':
        fields.assignee = value === null ? null : { accountId: String(value) };
        break;
      case 'duedate':
        fields.duedate = value === null ? null : String(value).slice(0, 10);
        break;
      default:
        fields[field] = value;
    }
  }
  return fields;
}
