/**
 * Checks that span files: names one file uses must exist in another (a routing rule's topic in
 * classification.yaml, a service's topic too, the owners incidents and alerts are routed to).
 */
import type { ConfigIssue } from './issues.js';
import type { FileConfigs } from './load.js';
import { findUnmappedTopics } from './schemas/owners.js';
import { checkIncidentsAcrossFiles } from './schemas/incidents-across.js';
import { checkAlertsAcrossFiles } from './schemas/alerts.js';

export interface AcrossFilesIssue {
  /** The file at fault, by its name in FileConfigs. */
  file: string;
  issue: ConfigIssue;
}

/**
 * @param invalid Files present but refused by their own checks. They are not missing: their
 *   problems are listed already, and what depends on them is checked once they are fixed.
 */
export function checkAcrossFiles(config: FileConfigs, invalid: ReadonlySet<string>): AcrossFilesIssue[] {
  const found: AcrossFilesIssue[] = [];
  if (config.classification)
    found.push(
      ...checkTopicNames(
        config,
        config.classification.topics.map((t) => t.id),
      ),
    );
  if (!invalid.has('owners')) {
    found.push(...checkIncidentsAcrossFiles(config));
    found.push(...checkAlertsAcrossFiles(config));
  }
  return found;
}

/** Topics named in sync.yaml routing and in owners.yaml services must be topics of classification.yaml. */
function checkTopicNames(config: FileConfigs, topicIds: string[]): AcrossFilesIssue[] {
  const found: AcrossFilesIssue[] = [];
  const topics = new Set(topicIds);
  const unknown = (topic: string) => `unknown topic "${topic}" (not a topic of classification.yaml: ${topicIds.join(', ')})`;
  config.sync?.routing.rules.forEach((rule, index) => {
    (rule.topics ?? []).forEach((topic, position) => {
      if (!topics.has(topic)) found.push({ file: 'sync', issue: { path: ['routing', 'rules', index, 'topics', position], message: unknown(topic) } });
    });
  });
  if (!config.owners) return found;
  for (const [name, service] of Object.entries(config.owners.services)) {
    service.topics.forEach((topic, position) => {
      if (!topics.has(topic)) found.push({ file: 'owners', issue: { path: ['services', name, 'topics', position], message: unknown(topic) } });
    });
  }
  // Incidents and routing go topic → service: a topic without a service would open nothing.
  for (const topic of findUnmappedTopics(config.owners, topicIds)) {
    found.push({ file: 'owners', issue: { path: ['services'], message: `topic "${topic}" of classification.yaml maps to no service (add it to some service's topics)` } });
  }
  return found;
}
