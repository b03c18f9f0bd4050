/**
 * `owners.yaml`: the service-owner directory. Who owns each service, where its ordinary issues go,
 * who gets its incidents, the on-call chain walked when nobody acknowledges, and which
 * classification topics belong to it. Cross-field checks are in {@link checkOwners}; the check that
 * every classification topic maps to a service spans files (src/config/load.ts).
 */
import { z } from 'zod';
import { PROJECT_KEY_PATTERN } from '../../domain/jira-keys.js';
import type { ConfigIssue } from '../issues.js';

const identifier = z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a lower-case id such as driver-app or maya-cohen');
const projectKey = z.string().regex(PROJECT_KEY_PATTERN, 'expected a Jira project key such as DRV (an upper-case letter, then upper-case letters, digits or _)');

/** A person or a group (rota, channel) that can be notified. At least one of `slack`, `email`. */
const contact = z
  .object({
    /** Display name used in messages. */
    name: z.string().min(1),
    /** `person` (default) or `group` (an on-call rota or team channel). */
    kind: z.enum(['person', 'group']).default('person'),
    /** Jira accountId, needed to assign issues to this contact. Absent: cannot be an assignee. */
    jiraAccountId: z.string().min(1).optional(),
    /** Slack handle or channel mentioned in the message (`@maya`, `#driver-oncall`). */
    slack: z
      .string()
      .regex(/^[@#][\w.-]+$/, 'expected a Slack handle (@name) or channel (#name)')
      .optional(),
    /** E-mail address for notifications. */
    email: z.string().email().optional(),
  })
  .strict()
  .refine((c) => c.slack !== undefined || c.email !== undefined, { message: 'give at least one of slack, email (otherwise nobody can be notified)' });

/** One step of an on-call chain: who is notified, and how long to wait for an acknowledgement. */
const chainStep = z
  .object({
    /** Contact id (from `contacts`). */
    contact: identifier,
    /** Minutes to wait for an acknowledgement before the next step is notified (1..1440). */
    waitMinutes: z.number().int().min(1).max(1440),
  })
  .strict();

const service = z
  .object({
    /** Owning team, as people say it. */
    team: z.string().min(1),
    /** Contact id of the service owner (assignee of the R&D RCA stage). */
    owner: identifier,
    /** Where ordinary (non-incident) issues of this service go. */
    jira: z
      .object({
        project: projectKey,
        /** Component for ordinary issues. Absent: none. */
        component: z.string().min(1).optional(),
      })
      .strict(),
    /** Contact id assigned new incidents of this service (needs a jiraAccountId). */
    incidentAssignee: identifier,
    /** On-call chain, notified in order until someone acknowledges. At least one step. */
    chain: z.array(chainStep).min(1),
    /** Classification topics that belong to this service. */
    topics: z.array(z.string().min(1)).default([]),
    /** PagerDuty paging for this service's incidents: the NAME of the environment variable holding its Events API v2 routing key (the key itself is a secret). Absent: no PagerDuty. */
    pagerduty: z
      .object({ routingKeyEnv: z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'expected an environment variable name such as PAGERDUTY_ROUTING_KEY_PAYMENTS') })
      .strict()
      .optional(),
  })
  .strict();

export const ownersFileSchema = z
  .object({
    contacts: z.record(identifier, contact),
    services: z.record(identifier, service),
    /** Contact id of the Global Incident Manager, added to incidents spanning regions (stakeholder updates). */
    globalIncidentManager: identifier.optional(),
  })
  .strict();

export type OwnersConfig = z.infer<typeof ownersFileSchema>;
export type ServiceOwnership = OwnersConfig['services'][string];
export type Contact = OwnersConfig['contacts'][string];

/** Contacts named by services exist; assignees can be assigned; a topic belongs to one service only. */
export function checkOwners(config: OwnersConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const contactIds = Object.keys(config.contacts);
  const known = (id: string, path: Array<string | number>) => {
    if (config.contacts[id]) return true;
    issues.push({ path, message: `unknown contact "${id}" (not in contacts: ${contactIds.join(', ')})` });
    return false;
  };
  const topicOwner = new Map<string, string>();
  for (const [name, svc] of Object.entries(config.services)) {
    known(svc.owner, ['services', name, 'owner']);
    if (known(svc.incidentAssignee, ['services', name, 'incidentAssignee']) && !config.contacts[svc.incidentAssignee]?.jiraAccountId) {
      issues.push({ path: ['services', name, 'incidentAssignee'], message: `contact "${svc.incidentAssignee}" has no jiraAccountId, so incidents cannot be assigned to it` });
    }
    svc.chain.forEach((step, index) => known(step.contact, ['services', name, 'chain', index, 'contact']));
    svc.topics.forEach((topic, index) => {
      const earlier = topicOwner.get(topic);
      if (earlier !== undefined) issues.push({ path: ['services', name, 'topics', index], message: `topic "${topic}" already belongs to service "${earlier}"; a topic maps to one service` });
      else topicOwner.set(topic, name);
    });
  }
  return issues;
}

/** Topics of the classification config that no service claims (for the cross-file check). */
export function findUnmappedTopics(config: OwnersConfig, topics: readonly string[]): string[] {
  const mapped = new Set(Object.values(config.services).flatMap((s) => s.topics));
  return topics.filter((t) => !mapped.has(t));
}
