/**
 * Names people read instead of ids: topics (from classification.yaml, whose topics have ids and
 * descriptions) and the team owning a topic (owners.yaml services list the topics they own).
 */
import type { Config } from '../config/index.js';

export interface TopicName {
  id: string;
  /** `payments_billing` → `Payments billing`. */
  name: string;
  description?: string;
}

export interface ConsoleNames {
  topic(id: string | null): TopicName | undefined;
  /** The team owning a topic (the first service listing it), if any. */
  teamOfTopic(id: string | null): string | undefined;
  teams(): string[];
  /** The topics of a team's services; an unknown team owns none. */
  topicsOfTeam(team: string): string[];
}

export function toTopicName(id: string): string {
  const words = id.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function createConsoleNames(config: Config): ConsoleNames {
  const descriptions = new Map<string, string | undefined>();
  for (const topic of config.files.classification?.topics ?? []) descriptions.set(topic.id, topic.description);
  const teamByTopic = new Map<string, string>();
  const topicsByTeam = new Map<string, string[]>();
  for (const service of Object.values(config.files.owners?.services ?? {})) {
    const topics = topicsByTeam.get(service.team) ?? [];
    for (const topic of service.topics) {
      if (!teamByTopic.has(topic)) teamByTopic.set(topic, service.team);
      topics.push(topic);
    }
    topicsByTeam.set(service.team, topics);
  }
  return {
    topic: (id) => (id === null ? undefined : { id, name: toTopicName(id), ...(descriptions.get(id) ? { description: descriptions.get(id) } : {}) }),
    teamOfTopic: (id) => (id === null ? undefined : teamByTopic.get(id)),
    teams: () => [...topicsByTeam.keys()].sort(),
    topicsOfTeam: (team) => [...(topicsByTeam.get(team) ?? [])],
  };
}
