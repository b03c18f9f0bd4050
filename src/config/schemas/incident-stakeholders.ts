/**
 * The `stakeholders` section of `incidents.yaml`: business-facing incident updates. Who hears of an
 * incident (audiences: a region's or a business line's distribution lists and Slack channel), how
 * often while it is open (per severity), and when an incident counts as global. The Global Incident
 * Manager is a contact of owners.yaml (`globalIncidentManager`). Cross-file checks: {@link checkStakeholders}.
 */
import { z } from 'zod';
import type { ConfigIssue } from '../issues.js';
import type { OwnersConfig } from './owners.js';

const identifier = z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a lower-case id such as israel or corporate-accounts');
const minutes = z.number().int().min(0, 'expected minutes ≥ 0 (0: no interval updates)').max(1440);

const audience = z
  .object({
    /** How the audience is named in logs and the audit log, e.g. `Israel operations`. */
    name: z.string().min(1),
    /** Case regions (Region__c values, alert regions) this audience hears about, e.g. `[IL]`. */
    regions: z.array(z.string().min(1)).default([]),
    /** Services (owners.yaml) of a business line this audience hears about, whatever the region. */
    services: z.array(identifier).default([]),
    /** Slack channel the update is posted to (mentioned in the message on the incoming webhook). */
    slack: z
      .string()
      .regex(/^#[\w.-]+$/, 'expected a Slack channel such as #incidents-il')
      .optional(),
    /** Distribution lists (e-mail addresses). Default none. */
    email: z.array(z.string().email()).default([]),
  })
  .strict()
  .refine((a) => a.slack !== undefined || a.email.length > 0, { message: 'give slack or at least one email address (otherwise nobody hears the updates)' })
  .refine((a) => a.regions.length > 0 || a.services.length > 0, { message: 'give regions or services (otherwise no incident reaches this audience)' });

export const stakeholdersSchema = z
  .object({
    /**
     * Minutes between updates while an incident is open, per severity (0: none between the opening,
     * severity changes and the resolution). Defaults: SEV1 30, SEV2 60, SEV3 240, SEV4 0.
     */
    intervalMinutes: z
      .object({ SEV1: minutes.default(30), SEV2: minutes.default(60), SEV3: minutes.default(240), SEV4: minutes.default(0) })
      .strict()
      .default({ SEV1: 30, SEV2: 60, SEV3: 240, SEV4: 0 }),
    /** Incident statuses meaning a workaround is in place (time to mitigate). Default `[Mitigated]`. */
    mitigatedStatuses: z.array(z.string().min(1)).default(['Mitigated']),
    /** Distinct regions among an incident's cases and alerts that make it global (default 2). */
    globalAtRegions: z.number().int().min(2).max(50).default(2),
    /** Audiences by id: each region's and each business line's lists. At least one. */
    audiences: z.record(identifier, audience).refine((a) => Object.keys(a).length > 0, { message: 'name at least one audience' }),
  })
  .strict();

export type StakeholdersConfig = z.infer<typeof stakeholdersSchema>;
export type StakeholderAudience = StakeholdersConfig['audiences'][string];

/** Business-line services exist in owners.yaml; global mode has its manager among owners.yaml's contacts. */
export function checkStakeholders(stakeholders: StakeholdersConfig, owners: OwnersConfig): Array<{ file: 'incidents' | 'owners'; issue: ConfigIssue }> {
  const found: Array<{ file: 'incidents' | 'owners'; issue: ConfigIssue }> = [];
  const services = Object.keys(owners.services);
  for (const [id, a] of Object.entries(stakeholders.audiences)) {
    a.services.forEach((service, index) => {
      if (!owners.services[service])
        found.push({
          file: 'incidents',
          issue: { path: ['stakeholders', 'audiences', id, 'services', index], message: `unknown service "${service}" (owners.yaml services: ${services.join(', ')})` },
        });
    });
  }
  const manager = owners.globalIncidentManager;
  if (manager === undefined) {
    found.push({ file: 'owners', issue: { path: [], message: 'stakeholder updates (incidents.yaml stakeholders) need the Global Incident Manager: add globalIncidentManager (a contact id)' } });
  } else if (!owners.contacts[manager]) {
    found.push({ file: 'owners', issue: { path: ['globalIncidentManager'], message: `unknown contact "${manager}" (contacts: ${Object.keys(owners.contacts).join(', ')})` } });
  }
  return found;
}
