/**
 * Checks between incidents.yaml and the files it names things from: contacts of owners.yaml,
 * topics of classification.yaml. Incidents need the owner directory to route and escalate.
 */
import type { ConfigIssue } from '../issues.js';
import type { ClassificationConfig } from './classification.js';
import { checkStakeholders } from './incident-stakeholders.js';
import type { IncidentsConfig } from './incidents.js';
import type { OwnersConfig } from './owners.js';

export function checkIncidentsAcrossFiles(config: { incidents?: IncidentsConfig; owners?: OwnersConfig; classification?: ClassificationConfig }): Array<{ file: string; issue: ConfigIssue }> {
  const found: Array<{ file: string; issue: ConfigIssue }> = [];
  const { incidents, owners, classification } = config;
  if (!incidents) return found;
  if (!owners) {
    found.push({ file: 'incidents', issue: { path: [], message: 'incidents.yaml needs owners.yaml (services, assignees and on-call chains); add it or remove incidents.yaml' } });
    return found;
  }
  const manager = owners.contacts[incidents.rca.incidentManager];
  if (!manager) {
    found.push({ file: 'incidents', issue: { path: ['rca', 'incidentManager'], message: `unknown contact "${incidents.rca.incidentManager}" (not in owners.yaml contacts)` } });
  } else if (!manager.jiraAccountId) {
    found.push({ file: 'incidents', issue: { path: ['rca', 'incidentManager'], message: `contact "${incidents.rca.incidentManager}" has no jiraAccountId, so RCA stages cannot be assigned to it` } });
  }
  if (incidents.stakeholders) found.push(...checkStakeholders(incidents.stakeholders, owners));
  if (classification) {
    const topics = new Set(classification.topics.map((t) => t.id));
    incidents.opening.priorityExcludedTopics.forEach((topic, index) => {
      if (!topics.has(topic))
        found.push({ file: 'incidents', issue: { path: ['opening', 'priorityExcludedTopics', index], message: `unknown topic "${topic}" (not a topic of classification.yaml)` } });
    });
  }
  return found;
}
