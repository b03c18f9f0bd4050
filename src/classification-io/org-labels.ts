/**
 * The org's cases whose topic a person set or corrected since a date, read through the Salesforce
 * adapter (the engine's CaseSystem port) and compared with what the audit log says casebridge
 * wrote: the training rows of `classify train --from-salesforce` and of the retrain job.
 */
import type { Knex } from 'knex';
import { listAuditForObjects } from '../adapters/store/audit-log.js';
import type { CaseSystem } from '../engine/ports.js';
import type { LabelledCase } from '../domain/classification/evaluate-cases.js';
import { findLabelOrigin, isHumanLabel } from '../domain/classification/org-labels.js';
import type { LabelOrigin } from '../domain/classification/org-labels.js';

/** A human-labelled case of the org. */
export interface OrgLabelledCase extends LabelledCase {
  origin: LabelOrigin;
}

export interface OrgLabels {
  cases: OrgLabelledCase[];
  /** Cases read, and why the others were left out. */
  read: number;
  casebridgeChoices: number;
  unlabelled: number;
}

export interface OrgLabelOptions {
  since: Date;
  /** Case field holding the topic (default `Topic__c`). */
  labelField: string;
  /** Case field of the language code (default `Language__c`); `und` when empty. */
  languageField?: string;
  /** Case field of the customer tier, kept for evaluation through classifyCase. */
  tierField?: string;
}

const asText = (value: unknown): string => (typeof value === 'string' ? value : '');

/** Topic casebridge last wrote per case: the newest classification audit entry with a topic. */
async function findTopicsWritten(db: Knex, caseIds: readonly string[]): Promise<Map<string, string>> {
  const written = new Map<string, string>();
  for (const entry of await listAuditForObjects(db, 'classification', caseIds)) {
    const topic = entry.after?.topic;
    if (entry.objectId && !written.has(entry.objectId) && typeof topic === 'string') written.set(entry.objectId, topic);
  }
  return written;
}

export async function listHumanLabelledCases(source: { cases: Pick<CaseSystem, 'listChangedCases'>; db: Knex }, options: OrgLabelOptions): Promise<OrgLabels> {
  const languageField = options.languageField ?? 'Language__c';
  const fields = [...new Set(['CaseNumber', 'Subject', 'Description', options.labelField, languageField, ...(options.tierField ? [options.tierField] : [])])];
  const records = [];
  for await (const page of source.cases.listChangedCases(options.since, fields)) records.push(...page);
  const written = await findTopicsWritten(
    source.db,
    records.map((r) => r.id),
  );
  const out: OrgLabels = { cases: [], read: records.length, casebridgeChoices: 0, unlabelled: 0 };
  for (const record of records) {
    const topic = asText(record.fields[options.labelField]).trim();
    const origin = findLabelOrigin(topic, written.get(record.id));
    if (origin === 'casebridge') out.casebridgeChoices++;
    if (origin === 'unlabelled') out.unlabelled++;
    if (!isHumanLabel(origin)) continue;
    out.cases.push({
      id: asText(record.fields.CaseNumber) || record.id,
      text: `${asText(record.fields.Subject)}\n${asText(record.fields.Description)}`,
      topic,
      language: asText(record.fields[languageField]).trim().toLowerCase() || 'und',
      tier: options.tierField ? asText(record.fields[options.tierField]) || undefined : undefined,
      origin,
    });
  }
  return out;
}
